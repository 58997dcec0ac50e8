"""The scoring API: one result shape for one text or many, reasons that point at the text."""

from __future__ import annotations

import pytest

from classifier.errors import InputError
from classifier.scoring.scorer import Scorer
from classifier.scoring.settings import Settings

JUNK = "🔥 ТОЛЬКО СЕГОДНЯ скидка 50% на всё меню!!! Успей заказать 👉 vk.cc/abc123"
VALUE = ("Как выбрать арбуз: постучите по корке — звук должен быть звонким, а жёлтое пятно "
         "означает, что ягода дозрела на бахче. А вы как выбираете?")


def test_result_shape(scorer):
    result = scorer.score(JUNK)
    assert 0 <= result.score <= 100 and result.verdict == "rewrite"
    data = result.to_dict()
    assert set(data) >= {"score", "verdict", "reasons", "ad_marking"}
    for reason in data["reasons"]:
        assert reason["polarity"] in ("junk", "value")
        assert (reason["weight"] > 0) == (reason["polarity"] == "junk") or reason["weight"] == 0
        for span in reason["spans"]:
            assert JUNK[span["start"]:span["end"]] == span["text"]


def test_reasons_are_strongest_first_and_never_raw_feature_names(scorer):
    reasons = scorer.score(JUNK).reasons
    weights = [abs(r.weight) for r in reasons]
    assert weights == sorted(weights, reverse=True)
    for r in reasons:
        assert not r.title.startswith(("lemma:", "char:", "signal:", "density:", "stat:"))
        assert any("а" <= ch.lower() <= "я" for ch in r.title + r.why + r.tip)


def test_value_post_has_value_points(scorer):
    result = scorer.score(VALUE)
    assert result.verdict == "ok"
    assert {r.signal for r in result.value_reasons} >= {"advice", "audience_question"}


def test_batch_equals_one_by_one(scorer):
    texts = [JUNK, VALUE, "Мы открылись! Ждём вас каждый день с 10 до 22."]
    many = scorer.score_many(texts)
    for text, result in zip(texts, many):
        single = scorer.score(text)
        assert single.score == result.score and single.verdict == result.verdict
        assert [r.signal for r in single.reasons] == [r.signal for r in result.reasons]


def test_ad_marking(scorer):
    unmarked = scorer.score(JUNK).ad_marking
    assert unmarked.needed and not unmarked.present
    assert "не юридическое заключение" in unmarked.warning
    marked = scorer.score(JUNK + "\nРеклама. ООО «Ромашка», ИНН 7701234567, erid: 2VtzqvXyZ1a").ad_marking
    assert marked.present and marked.warning is None
    assert not scorer.score(VALUE).ad_marking.needed


@pytest.mark.parametrize("text", ["", "   ", "🔥🔥🔥", "https://t.me/x 👉 #хэштег"])
def test_nothing_to_score(scorer, text):
    with pytest.raises(InputError):
        scorer.score(text)


def test_settings_thresholds_disabled_signals_brand_and_phrases(nlp, model):
    settings = Settings(
        ok_threshold=10, rewrite_threshold=99.5, disabled_signals=frozenset({"discount"}),
        brand_names=frozenset({"пицца-пати"}), extra_phrases={"вкуснейший": 30},
    )
    scorer = Scorer(nlp, model, settings)
    result = scorer.score("ПИЦЦА-ПАТИ дарит скидку 20%! Вкуснейшая пицца ждёт.")
    signals = {r.signal for r in result.reasons}
    assert "discount" not in signals and "caps" not in signals
    assert "custom:вкуснейший" in signals
    assert scorer.thresholds.ok == 10 and scorer.thresholds.rewrite == 99.5


def test_bad_settings(nlp, model):
    with pytest.raises(InputError, match="неизвестные сигналы"):
        Scorer(nlp, model, Settings(disabled_signals=frozenset({"nope"})))
    with pytest.raises(InputError, match="выше порога"):
        Scorer(nlp, model, Settings(ok_threshold=80, rewrite_threshold=40))


def test_signals_only_mode_without_a_model(nlp):
    scorer = Scorer(nlp, None)
    assert scorer.score(JUNK).verdict == "rewrite"
    assert scorer.score(VALUE).verdict == "ok"
    assert scorer.model_name == "signals-only"
