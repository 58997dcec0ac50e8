"""Content plans: CSV/TSV/XLSX/JSONL in, every row out with scores, bad input handled."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from classifier.cli import main

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "examples" / "plan.csv"
ADDED = ["postcheck_score", "postcheck_verdict", "postcheck_reasons", "postcheck_ad_marking", "postcheck_error"]
POSTS = [
    "🔥 ТОЛЬКО СЕГОДНЯ скидка 50% на всё! Успейте заказать, звоните +7 (812) 555-12-34!!!",
    "Как выбрать арбуз: постучите по корке — звук должен быть звонким.\nА вы как выбираете?",
    "",
    "Мы — лидер рынка! Высочайшее качество, гарантия 100%. Нам доверяют тысячи довольных клиентов.",
]


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        sample = fh.read()
    header = sample.split("\n")[0]
    delimiter = ";" if ";" in header else "\t" if "\t" in header else ","
    return list(csv.DictReader(io.StringIO(sample), delimiter=delimiter))


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8"), (";", "cp1251"), (";", "utf-8-sig"), ("\t", "utf-8")],
)
def test_csv_dialects_keep_every_row_and_column(tmp_path, capsys, delimiter, encoding):
    suffix = ".tsv" if delimiter == "\t" else ".csv"
    posts = [p.replace("🔥 ", "") for p in POSTS] if encoding == "cp1251" else POSTS
    rows = [["id", "Дата", "Текст поста"]] + [[str(i), f"2025-03-0{i + 1}", p] for i, p in enumerate(posts)]
    src = write_csv(tmp_path / f"plan{suffix}", rows, delimiter, encoding)
    out = tmp_path / "scored.csv"
    code, stdout, _ = run([src, "-o", out], capsys)
    assert code == 1  # the hard-sell rows are flagged
    scored = read_csv(out)
    assert len(scored) == len(POSTS)
    assert list(scored[0].keys()) == ["id", "Дата", "Текст поста", *ADDED]
    assert [r["id"] for r in scored] == ["0", "1", "2", "3"]
    assert [r["Текст поста"] for r in scored] == posts  # multi-line cells survive
    assert scored[0]["postcheck_verdict"] == "rewrite"
    assert scored[1]["postcheck_verdict"] == "ok"
    assert scored[2]["postcheck_error"] and not scored[2]["postcheck_score"]
    # the summary names the row's pushes (urgency, discount, the call to order and to phone share the points)
    assert any(push in scored[0]["postcheck_reasons"] for push in ("Срочность", "Скидки", "Призыв купить", "Звоните"))
    assert scored[0]["postcheck_ad_marking"].startswith("нет")
    assert "строк" in stdout and "без маркировки" in stdout


def test_xlsx_in_and_out_with_sheet_choice(tmp_path, capsys):
    book = openpyxl.Workbook()
    book.active.title = "Обложка"
    book.active.append(["ничего интересного"])
    sheet = book.create_sheet("План")
    sheet.append(["№", "Пост", "Рубрика"])
    for i, post in enumerate(POSTS, 1):
        sheet.append([i, post, "тест"])
    src = tmp_path / "plan.xlsx"
    book.save(src)
    out = tmp_path / "scored.xlsx"
    code, _, _ = run([src, "--sheet", "План", "-o", out], capsys)
    assert code == 1
    rows = list(openpyxl.load_workbook(out)["План"].iter_rows(values_only=True))
    assert list(rows[0]) == ["№", "Пост", "Рубрика", *ADDED]
    assert len(rows) == len(POSTS) + 1
    assert rows[1][4] == "rewrite" and isinstance(rows[1][3], (int, float))


def test_jsonl_output(tmp_path, capsys):
    src = write_csv(tmp_path / "plan.csv", [["text"], *[[p] for p in POSTS]])
    out = tmp_path / "scored.jsonl"
    run([src, "-o", out], capsys)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(POSTS)
    assert records[0]["postcheck_verdict"] == "rewrite" and records[2]["postcheck_error"]


def test_column_given_explicitly(tmp_path, capsys):
    src = write_csv(tmp_path / "plan.csv", [["a", "b"], ["x", POSTS[0]], ["y", POSTS[1]]])
    out = tmp_path / "o.csv"
    code, _, _ = run([src, "--column", "B", "-o", out], capsys)
    assert code == 1 and [r["postcheck_verdict"] for r in read_csv(out)] == ["rewrite", "ok"]


def test_missing_text_column_lists_the_columns(tmp_path, capsys):
    src = write_csv(tmp_path / "plan.csv", [["дата", "площадка"], ["1", "vk"]])
    code, _, err = run([src], capsys)
    assert code == 2
    assert "«дата»" in err and "«площадка»" in err and "--column" in err


def test_undecodable_bytes(tmp_path, capsys):
    good = "text\n" + "\n".join(f"Пост номер {i} про погоду и новости" for i in range(50)) + "\n"
    src = tmp_path / "plan.csv"
    src.write_bytes(good.encode("utf-8") + b"\xff\xfe\xfd broken\n")
    code, _, err = run([src], capsys)
    assert code == 2 and "UTF-8" in err and "Traceback" not in err


def test_broken_quoting(tmp_path, capsys):
    src = tmp_path / "plan.csv"
    src.write_text('id,text\n1,"Пост без закрывающей кавычки\n2,Второй пост\n', encoding="utf-8")
    out = tmp_path / "o.csv"
    code, _, err = run([src, "-o", out], capsys)
    assert code == 2 and "кавычк" in err
    assert not out.exists()  # nothing half-written


def test_formulas_and_merged_cells_in_xlsx(tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Текст", "Заметка"])
    sheet.append(["=CONCATENATE(\"Скидка \", \"50%\")", "формула"])
    sheet.append(["Объединённый пост про скидки", "слито"])
    sheet.append([None, "часть объединения"])
    sheet.merge_cells("A3:A4")
    sheet.append([POSTS[1], "обычный"])
    src = tmp_path / "plan.xlsx"
    book.save(src)
    out = tmp_path / "o.csv"
    code, _, _ = run([src, "-o", out, "--fail-on", "never"], capsys)
    rows = read_csv(out)
    assert code == 0 and len(rows) == 4
    assert "формула" in rows[0]["postcheck_error"]
    assert rows[1]["postcheck_verdict"]
    assert "объединённую" in rows[2]["postcheck_error"]
    assert rows[3]["postcheck_verdict"] == "ok"


def test_empty_sheet(tmp_path, capsys):
    src = tmp_path / "plan.xlsx"
    openpyxl.Workbook().save(src)
    code, _, err = run([src], capsys)
    assert code == 2 and "пустой" in err


def test_header_only_table(tmp_path, capsys):
    src = write_csv(tmp_path / "plan.csv", [["text"]])
    out = tmp_path / "o.csv"
    code, stdout, _ = run([src, "-o", out], capsys)
    assert code == 0 and read_csv(out) == [] and "0 строк" in stdout


def test_input_is_never_overwritten_without_in_place(tmp_path, capsys):
    src = write_csv(tmp_path / "plan.csv", [["text"], [POSTS[1]]])
    before = src.read_bytes()
    code, _, err = run([src, "-o", src], capsys)
    assert code == 2 and "--in-place" in err
    assert src.read_bytes() == before


def test_in_place(tmp_path, capsys):
    src = write_csv(tmp_path / "plan.csv", [["text"], [POSTS[0]], [POSTS[1]]])
    run([src, "--in-place", "--fail-on", "never"], capsys)
    rows = read_csv(src)
    assert [r["postcheck_verdict"] for r in rows] == ["rewrite", "ok"]
    assert not list(tmp_path.glob(".*.tmp"))


def test_without_output_nothing_is_written(tmp_path, capsys):
    src = write_csv(tmp_path / "plan.csv", [["text"], *[[p] for p in POSTS]])
    code, stdout, _ = run([src], capsys)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.csv"]
    assert "Что переписать первым" in stdout and "-o" in stdout


def test_bundled_example_plan_and_html_report(tmp_path, capsys):
    out, report = tmp_path / "scored.csv", tmp_path / "plan.html"
    code, stdout, _ = run([PLAN, "-o", out, "--report", report], capsys)
    assert code == 1
    assert len(read_csv(out)) == len(read_csv(PLAN))
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<svg" in html and "<mark" in html and "<select id=\"verdict\"" in html
    for external in ("<script src", "<link ", "http://", "@import", "fonts.googleapis"):
        assert external not in html


def test_json_summary(tmp_path, capsys):
    src = write_csv(tmp_path / "plan.csv", [["text"], *[[p] for p in POSTS]])
    _, stdout, _ = run(["--format", "json", src], capsys)
    summary = json.loads(stdout)
    assert summary["rows"] == len(POSTS)
    assert summary["counts"]["error"] == 1 and summary["counts"]["rewrite"] >= 1


def test_two_jobs_give_the_same_rows(tmp_path, capsys):
    posts = POSTS * 30
    src = write_csv(tmp_path / "plan.csv", [["text"], *[[p] for p in posts]])
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    run([src, "-o", one, "--jobs", "1"], capsys)
    run([src, "-o", two, "--jobs", "2"], capsys)
    assert read_csv(one) == read_csv(two)


def test_ctrl_c_stops_cleanly_and_leaves_no_output(tmp_path, capsys, monkeypatch):
    from classifier.scoring.cells import CellScorer

    def interrupted(self, cells):
        raise KeyboardInterrupt

    monkeypatch.setattr(CellScorer, "__call__", interrupted)
    out = tmp_path / "scored.csv"
    code, _, err = run([PLAN, "-o", out], capsys)
    assert code == 130
    assert "прервано" in err
    assert list(tmp_path.iterdir()) == []


def test_worst_rows_are_worst_first_and_earlier_rows_win_ties(tmp_path, capsys):
    posts = [POSTS[1]] + [POSTS[0]] * 12  # twelve equal hard sells after a useful post
    src = write_csv(tmp_path / "plan.csv", [["text"], *[[p] for p in posts]])
    _, stdout, _ = run(["--format", "json", src], capsys)
    worst = json.loads(stdout)["worst"]
    assert [w["row"] for w in worst] == list(range(3, 13))  # spreadsheet rows; row 2 is the useful post
    assert all(w["verdict"] == "rewrite" and w["start"].startswith("🔥 ТОЛЬКО") for w in worst)


def test_xlsx_empty_rows_between_posts_are_kept_and_empty_rows_at_the_end_are_not_data(tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Текст"])
    sheet.append([POSTS[0]])
    sheet.append([None])  # the lower half of a merged cell, nothing else in the row
    sheet.append([POSTS[1]])
    sheet.append([None])
    sheet.merge_cells("A2:A3")
    for row in range(6, 40):
        sheet.cell(row=row, column=1).number_format = "0.00"  # formatted, empty: not data
    src = tmp_path / "plan.xlsx"
    book.save(src)
    out = tmp_path / "o.csv"
    run([src, "-o", out, "--fail-on", "never"], capsys)
    rows = read_csv(out)
    assert [r["Текст"] for r in rows] == [POSTS[0], "", POSTS[1]]
    assert "объединённую область A2:A3" in rows[1]["postcheck_error"]
