"""Inputs that used to crash or hang: rare scripts, lone surrogates, huge cells, control
characters, undecodable bytes mid-file, quadratic texts, huge sheets (issue 11, items 7-11, 14-16)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from classifier.cli import main
from classifier.io.tables import open_table
from classifier.language.numerals import count, number
from classifier.scoring.scorer import MAX_TEXT_CHARS, SURROGATES_WARNING, text_problem

ADDED = ["postcheck_score", "postcheck_verdict", "postcheck_reasons", "postcheck_ad_marking", "postcheck_error"]
USEFUL = "Как выбрать арбуз: постучите по корке — звук должен быть звонким. А вы как выбираете?"
TANGUT = "\U00017000"


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def scored_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- 7. a rare script inside a Cyrillic word ---------------------------------------------------

@pytest.mark.parametrize("text", [f"{TANGUT}а", f"Ски{TANGUT}дка 50% только сегодня", f"𒀀привет {TANGUT}{TANGUT}"])
def test_a_rare_script_letter_inside_a_word_is_scored(tmp_path, capsys, text):
    draft = tmp_path / "t.txt"
    draft.write_text(text + "\n", encoding="utf-8")
    code, out, err = run([draft, "--format", "json"], capsys)
    assert code in (0, 1) and "ошибка" not in err
    assert json.loads(out)["verdict"] in ("ok", "borderline", "rewrite")
    plan = write_csv(tmp_path / "p.csv", [["text"], [text], [USEFUL]])
    out_path = tmp_path / "p.jsonl"
    run([plan, "-o", out_path, "--fail-on", "never"], capsys)
    assert [r["postcheck_error"] for r in scored_rows(out_path)] == ["", ""]


# --- 8. lone surrogates ------------------------------------------------------------------------

def test_the_api_scores_a_text_with_a_lone_surrogate_and_warns(scorer):
    result = scorer.score("Скидка 50% только сегодня " + chr(0xD800))
    assert result.verdict in ("ok", "borderline", "rewrite")
    assert SURROGATES_WARNING in result.warnings


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".jsonl"])
def test_lone_surrogates_in_jsonl_are_replaced_and_reported(tmp_path, capsys, suffix):
    src = tmp_path / "plan.jsonl"
    src.write_text('{"text": "Скидка \\udc00 на всё", "note": "\\ud800"}\n'
                   + json.dumps({"text": USEFUL}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / f"o{suffix}"
    code, stdout, err = run([src, "-o", out, "--fail-on", "never", "--report", tmp_path / "r.html"], capsys)
    assert code == 0 and "Traceback" not in err
    assert "строка 2: В тексте были недопустимые символы" in stdout
    with open_table(out) as table:
        rows = [r.values for r in table.rows]
    assert rows[0][:2] == ["Скидка \ufffd на всё", "\ufffd"]
    assert (tmp_path / "r.html").read_text(encoding="utf-8").count("\ufffd") >= 1


# --- 9. a cell over a million characters -------------------------------------------------------

def test_a_huge_cell_is_scored_on_its_start_and_kept_whole(tmp_path, capsys):
    huge = ("Скидка 50% только сегодня! " * 40_000)[:1_000_001]
    src = write_csv(tmp_path / "plan.csv", [["id", "text"], ["1", huge], ["2", USEFUL]])
    out = tmp_path / "o.csv"
    code, stdout, _ = run([src, "-o", out], capsys)
    assert code == 1  # the huge hard sell is flagged
    assert f"строка 2: Текст очень длинный ({count(1_000_001, 'символ', 'символа', 'символов')}): " \
           f"оценены первые {number(MAX_TEXT_CHARS)}." in stdout
    with open_table(out) as table:
        rows = [r.values for r in table.rows]
    assert rows[0][1] == huge and rows[0][3] == "rewrite"  # nothing cut from the output
    assert rows[1][3] == "ok"


def test_a_huge_draft_is_scored_on_its_start(tmp_path, capsys):
    draft = tmp_path / "big.txt"
    draft.write_text("Скидка! " * 150_000, encoding="utf-8")
    code, out, _ = run([draft, "--format", "json"], capsys)
    record = json.loads(out)
    assert code == 1 and record["verdict"] == "rewrite"
    assert any(f"оценены первые {number(MAX_TEXT_CHARS)}" in w for w in record["warnings"])


# --- 10. control characters into XLSX ---------------------------------------------------------

def test_control_characters_survive_an_xlsx_output(tmp_path, capsys):
    texts = ["Строка\x0bс разрывом из Word", "Нуль\x00и звонок\x07", "Литерал _x0041_ остаётся"]
    src = tmp_path / "plan.jsonl"
    src.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    out = tmp_path / "o.xlsx"
    code, _, err = run([src, "-o", out, "--fail-on", "never"], capsys)
    assert code == 0 and "Traceback" not in err
    openpyxl.load_workbook(out)  # a valid workbook
    with open_table(out) as table:  # Excel's _xHHHH_ escapes read back as the characters
        assert [r.values[0] for r in table.rows] == texts


# --- 11. undecodable bytes after the first 64K characters -------------------------------------

def _late_bad_bytes(encoding: str, bad: bytes) -> bytes:
    rows = "text\n" + "".join(f"Пост номер {i} про погоду и новости\n" for i in range(3000))
    data = rows.encode(encoding)
    tail = "Последний пост\n".encode(encoding)
    return data + bad + tail


@pytest.mark.parametrize(
    ("encoding", "bad"),
    [("cp1251", b"\x98\n"), ("utf-8-sig", b"\xff\xfe broken\n"), ("utf-16", b"\x00\xd8\n\x00")],
)
def test_bad_bytes_late_in_a_csv_give_a_russian_error_naming_the_row(tmp_path, capsys, encoding, bad):
    src = tmp_path / "plan.csv"
    src.write_bytes(_late_bad_bytes(encoding, bad))
    out = tmp_path / "o.csv"
    code, _, err = run([src, "-o", out], capsys)
    assert code == 2 and "Traceback" not in err
    assert "строк" in err and "не читаются" in err
    assert "в строке 3002 " in err  # the header is row 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.csv"]


# --- 14-15. texts that used to take quadratic time --------------------------------------------

@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("7" * 40_000, "в тексте нет ни одного слова — только эмодзи, ссылки, цифры или знаки."),
        ("a" * 200_000, None),
        ("x.ru/" * 100_000, "в тексте нет ни одного слова — только эмодзи, ссылки, цифры или знаки."),
        ("#тег " * 50_000, "в тексте нет ни одного слова — только эмодзи, ссылки, цифры или знаки."),
        ("(https://x.ru/a) word", None),
        ("https://t.me/x @user #тег 123", "в тексте нет ни одного слова — только эмодзи, ссылки, цифры или знаки."),
    ],
)
def test_text_problem_on_long_texts_without_cyrillic_words(text, problem):
    assert text_problem(text) == problem


def test_a_sales_word_repeated_twenty_thousand_times_is_scored(scorer):
    result = scorer.score("Скидка " * 20_000)
    assert result.verdict == "rewrite"
    assert "discount" in {r.signal for r in result.reasons}


# --- 16. sheets that declare or inflate to something huge ------------------------------------

def test_a_cell_at_xfd1048576_is_refused_at_once(tmp_path, capsys):
    book = openpyxl.Workbook()
    book.active["A1"] = "text"
    book.active["XFD1048576"] = "далеко"
    src = tmp_path / "far.xlsx"
    book.save(src)
    assert src.stat().st_size < 10_000
    code, _, err = run([src], capsys)
    size = f"{count(1_048_576, 'строка', 'строки', 'строк')} × {count(16_384, 'колонка', 'колонки', 'колонок')}"
    assert code == 2 and size in err


def test_a_sheet_that_only_declares_a_huge_size_is_read_as_it_is(tmp_path, capsys):
    book = openpyxl.Workbook()
    book.active.append(["text"])
    book.active.append([USEFUL])
    src = tmp_path / "declared.xlsx"
    book.save(src)
    _rewrite_part(src, "xl/worksheets/sheet1.xml",
                  lambda xml: xml.replace(b'<dimension ref="A1:A2"/>', b'<dimension ref="A1:XFD1048576"/>'))
    out = tmp_path / "o.jsonl"
    code, _, _ = run([src, "-o", out], capsys)
    assert code == 0 and [r["postcheck_verdict"] for r in scored_rows(out)] == ["ok"]


def test_a_comment_that_inflates_to_hundreds_of_megabytes_is_refused(tmp_path, capsys):
    book = openpyxl.Workbook()
    book.active.append(["text"])
    book.active.append([USEFUL])
    src = tmp_path / "comment.xlsx"
    book.save(src)
    with zipfile.ZipFile(src, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/comments1.xml", "w", force_zip64=True) as part:
            chunk = b"A" * 2**24
            for _ in range(300 * 2**20 // len(chunk)):
                part.write(chunk)
    assert src.stat().st_size < 2 * 2**20
    code, _, err = run([src], capsys)
    assert code == 2 and "zip-бомба" in err


def _rewrite_part(path: Path, name: str, change) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[name] = change(parts[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
