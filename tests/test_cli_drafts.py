"""`postcheck FILE...` on drafts: formats, exit codes, encodings and every kind of bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from classifier.cli import main

ROOT = Path(__file__).resolve().parent.parent
JUNK = ROOT / "examples" / "draft_junk.txt"
USEFUL = ROOT / "examples" / "draft_useful.txt"


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_junk_draft_is_flagged_with_reasons_and_tips(capsys):
    code, out, _ = run([JUNK], capsys)
    assert code == 1
    assert "переписать" in out
    assert "Что мешает:" in out and "Как переписать:" in out
    assert "⟦" in out  # highlighted phrases
    assert "Маркировка рекламы" in out


def test_useful_draft_passes(capsys):
    code, out, _ = run([USEFUL], capsys)
    assert code == 0
    assert "можно публиковать" in out
    assert "Что уже работает:" in out


def test_several_files_get_a_summary(capsys):
    code, out, _ = run([JUNK, USEFUL], capsys)
    assert code == 1
    summary = out.split("Итого:")[1]
    assert "draft_junk.txt" in summary and "draft_useful.txt" in summary


def test_json_is_the_scoring_result_with_source_and_model(capsys):
    code, out, _ = run(["--format", "json", JUNK], capsys)
    data = json.loads(out)
    assert code == 1
    assert data["source"].endswith("draft_junk.txt")
    assert set(data["model"]) == {"name", "version"}
    assert 0 <= data["score"] <= 100 and data["verdict"] == "rewrite"
    reason = data["reasons"][0]
    assert set(reason) >= {"signal", "category", "polarity", "title", "why", "tip", "weight", "spans"}
    text = JUNK.read_text(encoding="utf-8")
    for r in data["reasons"]:
        for span in r["spans"]:
            assert text[span["start"]:span["end"]] == span["text"]
    assert set(data["ad_marking"]) >= {"present", "needed", "warning"}
    assert data["ad_marking"]["needed"] and not data["ad_marking"]["present"]


def test_jsonl_gives_one_line_per_file(capsys):
    _, out, _ = run(["--format", "jsonl", JUNK, USEFUL], capsys)
    lines = out.strip().splitlines()
    assert [json.loads(line)["verdict"] for line in lines] == ["rewrite", "ok"]


@pytest.mark.parametrize(("fail_on", "code"), [("never", 0), ("rewrite", 1), ("borderline", 1)])
def test_fail_on(capsys, fail_on, code):
    assert run(["--fail-on", fail_on, JUNK], capsys)[0] == code


def test_threshold_moves_the_verdict(capsys):
    code, out, _ = run(["--format", "json", "--threshold", "100", JUNK], capsys)
    assert json.loads(out)["verdict"] != "rewrite" or json.loads(out)["score"] >= 100


def test_stdin(monkeypatch, capsys):
    class FakeStdin:
        buffer = __import__("io").BytesIO("Только сегодня скидка 50%! Успейте купить!!!".encode())

    monkeypatch.setattr(sys, "stdin", FakeStdin)
    code, out, _ = run(["--format", "json", "-"], capsys)
    assert json.loads(out)["source"] == "-"


@pytest.mark.parametrize(
    ("encoding", "named"),
    [("cp1251", "cp1251"), ("utf-16", "UTF-16"), ("utf-8-sig", "UTF-8 с BOM"), ("utf-8", None)],
)
def test_encodings_are_detected_and_named(tmp_path, capsys, encoding, named):
    path = tmp_path / "draft.txt"
    path.write_bytes(USEFUL.read_text(encoding="utf-8").encode(encoding))
    code, out, _ = run(["--format", "json", path], capsys)
    data = json.loads(out)
    assert data["verdict"] == "ok"
    if named:
        assert any(named in w for w in data["warnings"])
    else:
        assert not data["warnings"]


def test_markdown_markup_is_not_text(tmp_path, capsys):
    path = tmp_path / "draft.md"
    path.write_text("## **СКИДКИ** недели\n\n[Подробнее](https://site.ru)", encoding="utf-8")
    _, out, _ = run(["--format", "json", path], capsys)
    data = json.loads(out)
    original = path.read_text(encoding="utf-8")
    for reason in data["reasons"]:
        for span in reason["spans"]:
            assert original[span["start"]:span["end"]] == span["text"]
            assert "*" not in span["text"] and "#" not in span["text"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "файл не найден"),
        (lambda d: d, "это папка"),
        (lambda d: _write(d / "empty.txt", b""), "файл пустой"),
        (lambda d: _write(d / "blank.txt", b"   \n\t \n"), "файл пустой"),
        (lambda d: _write(d / "binary.txt", bytes(range(256)) * 8), "двоичный"),
        (lambda d: _write(d / "emoji.txt", "🔥🔥🔥 https://t.me/x 👉".encode()), "нет ни одного слова"),
        (lambda d: _write(d / "bad.txt", "текст поста ".encode() + b"\x98\x81\xfa" * 40), "Пересохраните файл в UTF-8"),
    ],
)
def test_bad_input_gets_a_russian_message_and_exit_2(tmp_path, capsys, make, message):
    code, out, err = run([make(tmp_path)], capsys)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_bad_file_does_not_stop_the_others(tmp_path, capsys):
    code, out, err = run([tmp_path / "missing.txt", USEFUL], capsys)
    assert code == 2
    assert "можно публиковать" in out and "файл не найден" in err


def test_huge_file_is_scored_on_its_start_with_a_warning(tmp_path, capsys):
    path = tmp_path / "huge.txt"
    paragraph = USEFUL.read_text(encoding="utf-8") + "\n"
    path.write_text(paragraph * (10_000_000 // len(paragraph.encode("utf-8")) + 1), encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    code, out, err = run([path], capsys)
    assert code in (0, 1)
    assert "Файл очень большой" in out
    assert "дальше текст не показан" in out


def test_non_russian_text_gets_a_warning(tmp_path, capsys):
    path = tmp_path / "en.txt"
    path.write_text("Big sale today only! Buy now and get 50% off all pizzas, hurry up!", encoding="utf-8")
    _, out, _ = run(["--format", "json", path], capsys)
    assert any("не на русском" in w for w in json.loads(out)["warnings"])


def test_usage_errors_are_russian_with_exit_2(capsys):
    code, _, err = run(["--format", "xml", JUNK], capsys)
    assert code == 2 and "ошибка" in err
    code, _, err = run(["--no-such-option", JUNK], capsys)
    assert code == 2 and "нет такого параметра" in err


def test_file_named_like_a_subcommand(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "train").write_text(USEFUL.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run(["./train"], capsys)
    assert code == 0 and "можно публиковать" in out


def test_explain_and_signals_commands(capsys):
    code, out, _ = run(["explain", "urgency"], capsys)
    assert code == 0 and "Как переписать" in out and "Пример" in out
    code, _, err = run(["explain", "nope"], capsys)
    assert code == 2 and "нет причины" in err
    code, out, _ = run(["signals"], capsys)
    assert code == 0 and "buy_call" in out and "audience_question" in out


def test_config_file_brand_names_thresholds_and_phrases(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "postcheck.toml").write_text(
        'brand_names = ["ЛАВАНДА"]\nrewrite_threshold = 99.9\ndisabled_signals = ["price"]\n'
        '[phrases]\n"ждём вас" = 30\n',
        encoding="utf-8",
    )
    draft = tmp_path / "d.txt"
    draft.write_text("Студия ЛАВАНДА открылась! Ждём вас каждый день, маникюр 990 ₽.", encoding="utf-8")
    _, out, _ = run(["--format", "json", draft], capsys)
    data = json.loads(out)
    signals = {r["signal"] for r in data["reasons"]}
    assert "price" not in signals and "caps" not in signals
    assert "custom:ждём вас" in signals


def test_plain_output_without_colour_codes(capsys):
    _, out, _ = run(["--no-color", JUNK], capsys)
    assert "\x1b[" not in out


def test_console_script_no_color_env(tmp_path):
    env = {**os.environ, "NO_COLOR": "1"}
    exe = Path(sys.executable).parent / "postcheck"
    done = subprocess.run([str(exe), str(JUNK)], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 1
    assert "\x1b[" not in done.stdout and "переписать" in done.stdout
