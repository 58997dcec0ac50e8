"""The ad-marking check: when marking is asked for, what the user is told, settings, exit codes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from classifier.cli import main
from classifier.errors import ConfigError
from classifier.io.config import load_config
from classifier.scoring.ad_marking import assess_marking, marking_cell, marking_note
from classifier.scoring.settings import MarkingPolicy

AD = "Латте за 199 ₽ только сегодня! Закажите в приложении."
FULL = "\n\nРеклама. ООО «Ромашка», ИНН 7701234560. erid: 2VtzqxQdVFu"
OWN = MarkingPolicy(advertiser_name="ООО «Ромашка»", advertiser_inn="7701234560")

# (text, verdict, policy, needed, missing, warned, flagged)
CASES = [
    (AD, "rewrite", MarkingPolicy(), True, ("label", "advertiser", "erid"), True, False),
    (AD, "borderline", MarkingPolicy(), True, ("label", "advertiser", "erid"), True, False),
    (AD, "ok", MarkingPolicy(), False, (), False, False),  # ok never gets the warning
    (AD + FULL, "rewrite", MarkingPolicy(), True, (), False, False),
    ("Реклама\n\n" + AD, "rewrite", MarkingPolicy(), True, ("advertiser", "erid"), True, False),
    ("Реклама\n\n" + AD, "ok", MarkingPolicy(), False, ("advertiser", "erid"), False, False),
    (AD + "\n#промо", "rewrite", MarkingPolicy(), True, ("label", "advertiser", "erid"), True, False),
    (AD, "rewrite", MarkingPolicy(mode="require"), True, ("label", "advertiser", "erid"), True, True),
    (AD + FULL, "rewrite", MarkingPolicy(mode="require"), True, (), False, False),
    ("Реклама\n\n" + AD, "ok", MarkingPolicy(mode="require"), False, ("advertiser", "erid"), False, True),
    (AD, "ok", MarkingPolicy(mode="require"), False, (), False, False),
    (AD, "rewrite", MarkingPolicy(mode="off"), False, (), False, False),
    # a tip with a price but no push: not an advert even when the model is unsure
    ("Гигрометр стоит 300–500 рублей, точности хватит. Держите влажность 40–60%.", "borderline",
     MarkingPolicy(), False, (), False, False),
]


NATIVE = "Банк запускает услугу для малого бизнеса: счёт онлайн за 10 минут, первые три месяца бесплатно."


# a post that sells only by its words (no call, discount or link found): an advert when it is
# scored rewrite, not when the model is unsure
@pytest.mark.parametrize(("verdict", "sales_words", "needed"), [
    ("rewrite", True, True),
    ("borderline", True, False),
    ("rewrite", False, False),
    ("ok", True, False),
])
def test_sales_words_make_a_rewrite_an_advert(hits, verdict, sales_words, needed):
    mark = assess_marking(NATIVE, hits(NATIVE), verdict, MarkingPolicy(), sales_words=sales_words)
    assert mark.needed is needed
    assert (mark.warning is not None) is needed


@pytest.mark.parametrize(("text", "verdict", "policy", "needed", "missing", "warned", "flagged"), CASES)
def test_when_marking_is_asked_for(hits, text, verdict, policy, needed, missing, warned, flagged):
    mark = assess_marking(text, hits(text), verdict, policy)
    assert mark.needed is needed
    assert mark.missing == missing
    assert (mark.warning is not None) is warned
    assert mark.flagged is flagged


def test_the_warning_names_the_missing_parts_and_the_grey_zone(hits):
    text = "Реклама\n\n" + AD
    warning = assess_marking(text, hits(text), "rewrite", MarkingPolicy()).warning
    assert "неполная" in warning and "сведений о рекламодателе" in warning and "токена erid" in warning
    assert "пометки «Реклама»" not in warning
    assert "серая зона" in warning and "собственном товаре" in warning
    assert "не юридическое заключение" in warning


def test_another_wording_is_named_in_the_warning(hits):
    text = AD + "\nна правах рекламы"
    warning = assess_marking(text, hits(text), "rewrite", MarkingPolicy()).warning
    assert "«на правах рекламы» — не та пометка" in warning


def test_your_inn_missing_is_said_when_the_advertiser_is_configured(hits):
    text = "Реклама\n\n" + AD + "\nerid: 2VtzqxQdVFu"
    mark = assess_marking(text, hits(text), "rewrite", OWN)
    assert mark.missing == ("advertiser",)
    assert any("ваш ИНН 7701234560 не указан" in p for p in mark.problems)
    assert "ООО «Ромашка», ИНН 7701234560" in mark.warning


def test_a_third_party_advertiser_is_not_called_a_grey_zone(hits):
    text = AD + "\n\nРеклама. ООО «Чужой Кофе», ИНН 7707083893"
    mark = assess_marking(text, hits(text), "rewrite", OWN)
    assert mark.missing == ("erid",)
    assert "другой рекламодатель" in mark.warning and "серая зона" not in mark.warning
    assert any("7707083893" in p and "7701234560" in p for p in mark.problems)


def test_own_brand_keeps_the_grey_zone_wording(hits):
    text = AD + "\n\nРеклама. ООО «Ромашка», ИНН 7701234560"
    mark = assess_marking(text, hits(text), "rewrite", OWN)
    assert mark.missing == ("erid",) and "серая зона" in mark.warning and not mark.problems


def test_a_wrong_inn_checksum_is_reported_even_when_marking_is_complete(hits):
    text = AD + "\n\nРеклама. ООО «Ромашка», ИНН 7701234567. erid: 2VtzqxQdVFu"
    mark = assess_marking(text, hits(text), "rewrite", MarkingPolicy())
    assert mark.complete and mark.warning is None
    assert "контрольной суммы" in marking_note(mark)


@pytest.mark.parametrize(("text", "verdict", "cell"), [
    (AD, "rewrite", "нет, а пост похож на рекламу"),
    ("Реклама\n\n" + AD, "rewrite", "неполная: нет сведений о рекламодателе, токена erid"),
    (AD + FULL, "rewrite", "есть"),
    ("Как выбрать гигрометр: влажность держите 40–60%.", "ok", "не требуется"),
])
def test_table_cell_text(hits, text, verdict, cell):
    assert marking_cell(assess_marking(text, hits(text), verdict, MarkingPolicy())) == cell


def test_scored_result_carries_parts_spans_and_missing(scorer):
    text = "Реклама\n\nЛатте за 199 ₽. Закажите!"
    data = scorer.score(text).to_dict()["ad_marking"]
    assert set(data["parts"]) == {"label", "advertiser", "erid"}
    assert data["parts"]["label"] == {"present": True, "spans": [{"start": 0, "end": 7, "text": "Реклама"}]}
    assert data["parts"]["erid"] == {"present": False, "spans": []}
    assert data["missing"] == ["advertiser", "erid"]
    json.dumps(data, ensure_ascii=False)


# --- settings ---------------------------------------------------------------------------------

def _config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "postcheck.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_config_reads_mode_and_advertiser(tmp_path):
    path = _config(tmp_path, 'ad_marking = "require"\n[advertiser]\nname = "ООО «Ромашка»"\ninn = "7701234560"\n')
    policy = load_config(path).settings.marking
    assert policy == MarkingPolicy(mode="require", advertiser_name="ООО «Ромашка»", advertiser_inn="7701234560")


@pytest.mark.parametrize(("body", "message"), [
    ('ad_marking = "strict"\n', "ad_marking должен быть одним из warn, require, off"),
    ('[advertiser]\ninn = "7701234567"\n', "контрольной суммой"),
    ('[advertiser]\ninn = "77012345"\n', "не ИНН"),
    ('[advertiser]\nkpp = "770101001"\n', "[advertiser] — это таблица"),
    ('advertiser = "ООО Ромашка"\n', "[advertiser] — это таблица"),
    ('[advertiser]\nname = ""\n', "название рекламодателя"),
])
def test_bad_marking_settings_get_a_russian_error(tmp_path, body, message):
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(_config(tmp_path, body))


# --- the command line ---------------------------------------------------------------------------

def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_require_flags_an_unmarked_advert_even_with_fail_on_never(tmp_path, capsys):
    draft = tmp_path / "draft.txt"
    draft.write_text("ТОЛЬКО СЕГОДНЯ скидка 50% на всё! Успейте купить! Пишите в директ!!!", encoding="utf-8")
    warn = _config(tmp_path, 'ad_marking = "warn"\n')
    assert run(["--config", warn, "--fail-on", "never", draft], capsys)[0] == 0
    require = _config(tmp_path, 'ad_marking = "require"\n')
    code, out, _ = run(["--config", require, "--fail-on", "never", draft], capsys)
    assert code == 1 and "Маркировка рекламы" in out
    draft.write_text(draft.read_text(encoding="utf-8") + FULL, encoding="utf-8")
    assert run(["--config", require, "--fail-on", "never", draft], capsys)[0] == 0


def test_require_flags_a_table_row(tmp_path, capsys):
    plan = tmp_path / "plan.csv"
    with plan.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["text"], ["ТОЛЬКО СЕГОДНЯ скидка 50% на всё! Успейте купить!"],
                                  ["Как выбрать гигрометр: влажность в детской держите 40–60%."]])
    require = _config(tmp_path, 'ad_marking = "require"\n')
    code, out, _ = run(["--config", require, "--fail-on", "never", plan], capsys)
    assert code == 1 and "ad_marking" in out
    code, out, _ = run(["--config", require, "--fail-on", "never", "--format", "json", plan], capsys)
    assert json.loads(out)["marking_flagged"] == 1


def test_json_output_documents_the_parts(tmp_path, capsys):
    draft = tmp_path / "draft.txt"
    draft.write_text("Реклама\n\nЛатте за 199 ₽. Закажите!", encoding="utf-8")
    _, out, _ = run(["--format", "json", draft], capsys)
    marking = json.loads(out)["ad_marking"]
    assert marking["parts"]["label"]["present"] and marking["missing"] == ["advertiser", "erid"]


def test_plain_report_says_which_parts_are_missing(tmp_path, capsys):
    draft = tmp_path / "draft.txt"
    draft.write_text("Реклама\n\nЛатте за 199 ₽. Закажите!", encoding="utf-8")
    _, out, _ = run(["--no-color", draft], capsys)
    assert "Маркировка рекламы" in out and "токена erid" in out
    assert "Маркировка рекламы: есть." not in out


@pytest.mark.parametrize("name", ["ad_marking", "AD_MARKING"])
def test_explain_ad_marking(capsys, name):
    code, out, _ = run(["explain", name], capsys)
    assert code == 0
    for needle in ("38-ФЗ", "ст. 18.1", "ст. 14.3, ч. 16", "200–500 тыс. ₽", "Пометка «Реклама»",
                   "Сведения о рекламодателе", "Токен erid", "серая зона"):
        assert needle in out, needle
    example = out.split("Пример правильно промаркированного поста:")[1].split("Когда postcheck")[0]
    assert "Реклама." in example and "ИНН" in example and "erid:" in example
