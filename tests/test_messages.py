"""Help and messages: the Russian catalogue for click and typer, help layout, usage errors,
`postcheck` without arguments, `explain` for every id, broken settings, missing extras."""

from __future__ import annotations

import ast
import gettext
import io
import os
import re
import string
import sys
from pathlib import Path

import click
import pytest
import typer

from classifier.cli import main
from classifier.cli_text import DOMAIN, LOCALE_DIR

ROOT = Path(__file__).resolve().parent.parent
JUNK = ROOT / "examples" / "draft_junk.txt"
PO = LOCALE_DIR / "ru" / "LC_MESSAGES" / f"{DOMAIN}.po"
ENGLISH = re.compile(r"\b(Usage|Error|Missing|Invalid|No such|Options|Arguments|Show this|required|default|"
                     r"TEXT|FLOAT|INTEGER|PATH)\b|<\w+")


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _marked_messages() -> set[tuple[str, ...]]:
    """Every message click and typer mark for gettext: _("…"), gettext("…"), ngettext("…", "…")."""
    found = set()
    for package in (click, typer):
        for path in Path(package.__file__).parent.glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                size = {"_": 1, "gettext": 1, "ngettext": 2}.get(name)
                args = node.args[:size] if size else []
                if size and len(args) == size and all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                                      for a in args):
                    found.add(tuple(a.value for a in args))
    return found


def _catalogue():
    from babel.messages.pofile import read_po

    with PO.open("rb") as fh:
        return read_po(fh, locale="ru")


def test_every_message_click_and_typer_mark_is_translated():
    assert _marked_messages(), "click/typer no longer mark messages for gettext: the catalogue does nothing"
    ids = {m.id if isinstance(m.id, tuple) else (m.id,) for m in _catalogue() if m.id and m.string}
    missing = _marked_messages() - ids
    assert not missing, f"translate these in {PO.name} and run `make messages`: {sorted(missing)}"


def _fields(text: str) -> set[str]:
    return {name.split("!")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def test_translations_use_only_the_fields_the_library_fills_in():
    for message in _catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        allowed = set().union(*(_fields(i) for i in ids))
        for text in strings:
            assert text, f"empty translation of {ids[0]!r}"
            assert _fields(text) <= allowed, (ids[0], text)


def test_compiled_catalogue_matches_the_po_file():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from compile_messages import compile_catalogue
    finally:
        sys.path.pop(0)
    shipped = gettext.GNUTranslations(io.BytesIO(PO.with_suffix(".mo").read_bytes()))
    fresh = gettext.GNUTranslations(io.BytesIO(compile_catalogue(PO)))

    def messages(catalogue: gettext.GNUTranslations) -> dict:
        return {k: v for k, v in catalogue._catalog.items() if k != ""}  # "" is the dated header

    assert messages(shipped) == messages(fresh), "postcheck.mo is stale: run `make messages`"
    assert shipped.ngettext("Got unexpected extra argument ({args})", "", 5) == "лишние аргументы: {args}"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--no-such-option", JUNK], "нет такого параметра: --no-such-option"),
        (["--fromat", "json", JUNK], "'--format'"),
        (["--threshold", "много", JUNK], "«много» — не число"),
        (["--threshold"], "параметру --threshold нужно значение"),
        (["check"], "не указан аргумент"),
        (["explain"], "не указан аргумент"),
        (["signals", "лишнее"], "лишний аргумент: лишнее"),
        (["train", JUNK], "не указан обязательный параметр"),
        (["--jobs", "0", JUNK], "--jobs: нужно целое число от 1"),
        (["--format", "xml", JUNK], "--format: допустимо text, json, jsonl"),
    ],
)
def test_usage_errors_are_russian_with_exit_2(capsys, args, expected):
    code, out, err = run(args, capsys)
    assert code == 2
    assert expected in err
    assert "Справка: postcheck" in err or "--format" in expected or "--jobs" in expected
    assert not ENGLISH.search(err.replace("--help", "")), err
    assert "Traceback" not in err + out


@pytest.mark.parametrize("language", ["en_US.UTF-8", "de_DE.UTF-8", "C"])
def test_messages_are_russian_whatever_the_locale(capsys, monkeypatch, language):
    monkeypatch.setenv("LANGUAGE", language)
    monkeypatch.setenv("LANG", language)
    code, _, err = run(["--no-such-option", JUNK], capsys)
    assert code == 2 and "нет такого параметра" in err
    assert os.environ["LANGUAGE"] == language  # the user's setting comes back after the run


def test_check_help_is_russian_aligned_and_states_the_model_thresholds(capsys):
    from classifier.actions import default_thresholds
    from classifier.language.numerals import short_number

    code, out, _ = run(["check", "--help"], capsys)
    assert code == 0
    assert out.startswith("Использование: postcheck check [ПАРАМЕТРЫ] ФАЙЛ...")
    assert not ENGLISH.search(out), out
    assert "{" not in out and "}" not in out
    thresholds = default_thresholds()
    assert f"порог модели: {short_number(thresholds.rewrite)}" in out
    assert f"ниже {short_number(thresholds.ok)}" in out
    options = out.split("Параметры:")[1]
    starts = {len(m.group(1)) for m in re.finditer(r"^(  -.*?\s{2,})\S", options, re.MULTILINE)}
    assert len(starts) == 1, f"help column not aligned: {starts}"


@pytest.mark.parametrize("command", ["signals", "explain", "train", "evaluate"])
def test_every_command_help_is_russian(capsys, command):
    code, out, _ = run([command, "--help"], capsys)
    assert code == 0 and out.startswith(f"Использование: postcheck {command}")
    assert not ENGLISH.search(out), out


def test_without_arguments_a_short_usage_and_exit_0(capsys):
    code, out, err = run([], capsys)
    assert code == 0 and not err
    assert "ошибка" not in out and "Использование" not in out
    commands = [line for line in out.splitlines() if line.startswith("  postcheck ")]
    assert len(commands) == 3
    assert "postcheck --help" in out
    assert len(out.splitlines()) < 15


def test_root_help_lists_the_commands(capsys):
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "Команды:" in out and "explain" in out
    assert not ENGLISH.search(out)


# --- explain ---------------------------------------------------------------------------

def test_every_id_a_report_can_show_is_explained(capsys):
    from classifier.scoring.glossary import reason_ids

    ids = reason_ids()
    assert {"model:junk_words", "model:value_words", "ad_marking", "discount"} <= set(ids)
    for reason_id in ids:
        code, out, err = run(["explain", reason_id], capsys)
        assert code == 0, (reason_id, err)
        assert out.startswith(f"{reason_id} — ") and "Почему это важно:" in out


def test_ids_in_scored_reports_are_all_explainable(scorer):
    from classifier.scoring.glossary import explain_reason

    texts = [JUNK.read_text(encoding="utf-8"), (ROOT / "examples" / "draft_useful.txt").read_text(encoding="utf-8")]
    for result in scorer.score_many(texts):
        for reason in result.reasons:
            assert explain_reason(reason.signal).title


@pytest.mark.parametrize(("given", "shown"), [("DISCOUNT", "discount"), ("Model:Junk_Words", "model:junk_words"),
                                              ("  urgency ", "urgency"), ("AD_MARKING", "ad_marking")])
def test_explain_ignores_case_and_spaces(capsys, given, shown):
    code, out, _ = run(["explain", given], capsys)
    assert code == 0 and out.startswith(f"{shown} — ")


def test_explain_custom_phrase_reads_its_weight_from_the_settings(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "postcheck.toml").write_text('[phrases]\n"Лучший выбор" = 15\n', encoding="utf-8")
    code, out, _ = run(["explain", "custom:лучший выбор"], capsys)
    assert code == 0 and "«Лучший выбор»" in out and "+15" in out and "Как переписать" in out
    code, out, _ = run(["explain", "custom:нет такой"], capsys)
    assert code == 0 and "такой фразы нет" in out


def test_explain_unknown_id_suggests_close_ones(capsys):
    code, _, err = run(["explain", "discont"], capsys)
    assert code == 2 and "нет причины «discont»" in err and "discount" in err


# --- settings file ---------------------------------------------------------------------

@pytest.mark.parametrize(
    ("toml", "line", "expected"),
    [
        ('fail_on = rewrite\n', 1, 'текст берётся в кавычки: fail_on = "rewrite"'),
        ("# настройки\nok_threshold =\n", 2, "после «=» нет значения"),
        ('brand_names = ["Кот"\n', 1, "список не закрыт"),
        ('[phrases]\n"лучший выбор = 15\n', 2, "строка не закрыта"),
        ("ok_threshold = 30\nok_threshold = 40\n", 2, "уже задана выше"),
        ("ok threshold = 30\n", 1, "нужен знак «=»"),
        ('\n\nfail_on = "sometimes"\n', 3, "fail_on должен быть одним из rewrite, borderline, never"),
        ("rewrite_threshold = 300\n", 1, "от 0 до 100"),
        ('brand = ["Кот"]\n', 1, "неизвестные настройки: brand"),
        ('brand_names = "Кот"\n', 1, "списком строк"),
    ],
)
def test_broken_settings_name_file_line_and_problem_in_russian(tmp_path, capsys, toml, line, expected):
    config = tmp_path / "postcheck.toml"
    config.write_text(toml, encoding="utf-8")
    code, out, err = run(["--config", config, JUNK], capsys)
    assert code == 2 and not out
    assert f"{config}, строка {line}: " in err
    assert expected in err
    assert "Invalid" not in err and "Traceback" not in err


# --- training extra --------------------------------------------------------------------

@pytest.mark.parametrize("module", ["matplotlib", "sklearn"])
def test_training_without_the_extra_says_what_to_install(tmp_path, capsys, monkeypatch, module):
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    code, _, err = run(["train", ROOT / "corpora" / "posts.jsonl", "--out", tmp_path / "m.npz"], capsys)
    assert code == 2
    assert "postcheck[train]" in err and "pip install" in err
    assert not (tmp_path / "m.npz").exists()
