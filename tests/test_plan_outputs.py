"""Scored plans lose nothing: workbooks, extra cells, duplicate headers, output paths,
interrupted runs, file modes and formula injection (issue 11, items 1-6)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill

from classifier.cli import main
from classifier.io.xlsx import FULL_READ_LIMIT

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "examples" / "plan.csv"
ADDED = ["postcheck_score", "postcheck_verdict", "postcheck_reasons", "postcheck_ad_marking", "postcheck_error"]
HARD_SELL = "🔥 ТОЛЬКО СЕГОДНЯ скидка 50% на всё! Успейте заказать, звоните +7 (812) 555-12-34!!!"
USEFUL = "Как выбрать арбуз: постучите по корке — звук должен быть звонким.\nА вы как выбираете?"
CLI = [sys.executable, "-c", "import sys; from classifier.cli import main; sys.exit(main())"]


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _rows(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8-sig")
    delimiter = ";" if ";" in text.split("\n")[0] else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- 1. a workbook keeps its sheets, types, styles and widths --------------------------------

def make_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Обложка"
    cover["A1"] = "План на март"
    cover["B2"] = 42
    plan = book.create_sheet("План")
    plan.append(["Дата", "Пост", "Охват", "Удвоенный охват"])
    plan.append([dt.datetime(2025, 3, 1), HARD_SELL, 1200, "=C2*2"])
    plan.append([dt.datetime(2025, 3, 2), USEFUL, 800.5, "=C3*2"])
    plan["A2"].number_format = "DD.MM.YYYY"
    plan["A1"].font = Font(bold=True, color="FF0000")
    plan["B2"].fill = PatternFill("solid", fgColor="FFFF00")
    plan.column_dimensions["B"].width = 70
    plan.freeze_panes = "A2"
    book.create_sheet("Справочник").append(["рубрика", "польза"])
    book.save(path)
    return path


@pytest.mark.parametrize("in_place", [False, True], ids=["-o", "--in-place"])
def test_a_scored_workbook_keeps_every_sheet_type_style_and_width(tmp_path, capsys, in_place):
    src = make_workbook(tmp_path / "plan.xlsx")
    out = src if in_place else tmp_path / "scored.xlsx"
    args = [src, "--sheet", "План", "--in-place"] if in_place else [src, "--sheet", "План", "-o", out]
    code, _, _ = run([*args, "--fail-on", "never"], capsys)
    assert code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Обложка", "План", "Справочник"]
    assert book["Обложка"]["A1"].value == "План на март" and book["Обложка"]["B2"].value == 42
    assert [c.value for c in book["Справочник"][1]] == ["рубрика", "польза"]
    plan = book["План"]
    assert [c.value for c in plan[1]] == ["Дата", "Пост", "Охват", "Удвоенный охват", *ADDED]
    assert plan["A2"].value == dt.datetime(2025, 3, 1) and plan["A2"].number_format == "DD.MM.YYYY"
    assert plan["C2"].value == 1200 and plan["C3"].value == 800.5
    assert plan["D2"].value == "=C2*2"  # a formula stays a formula
    assert plan["A1"].font.bold and plan["B2"].fill.fgColor.rgb.endswith("FFFF00")
    assert plan.column_dimensions["B"].width == 70 and plan.freeze_panes == "A2"
    assert plan["F2"].value == "rewrite" and isinstance(plan["E2"].value, (int, float))
    assert plan["F3"].value == "ok"
    assert leftovers(tmp_path) == []


def test_a_workbook_with_shapes_is_refused_instead_of_losing_them(tmp_path, capsys):
    src = make_workbook(tmp_path / "plan.xlsx")
    drawing = b'<xdr:wsDr xmlns:xdr="x"><xdr:twoCellAnchor><xdr:sp macro=""/></xdr:twoCellAnchor></xdr:wsDr>'
    import zipfile

    with zipfile.ZipFile(src, "a") as archive:
        archive.writestr("xl/drawings/drawing1.xml", drawing)
    before = src.read_bytes()
    code, _, err = run([src, "--sheet", "План", "--in-place"], capsys)
    assert code == 2 and "фигуры" in err and ".csv" in err
    assert src.read_bytes() == before and leftovers(tmp_path) == []


# --- 2. extra cells get names, the added columns hold what their names say --------------------

@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx"])
def test_cells_beyond_the_header_get_generated_names(tmp_path, capsys, suffix):
    src = tmp_path / "r.csv"
    src.write_text("id,text\n1,Скидка 50% сегодня,EXTRA1,EXTRA2\n2,Как выбрать арбуз: постучите по корке\n",
                   encoding="utf-8")
    out = tmp_path / f"o{suffix}"
    run([src, "-o", out, "--fail-on", "never"], capsys)
    if suffix == ".jsonl":
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        header, first = list(records[0]), records[0]
    elif suffix == ".csv":
        header, *rows = _rows(out)
        first = dict(zip(header, rows[0]))
    else:
        rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
        header, first = list(rows[0]), dict(zip(rows[0], rows[1]))
    assert header == ["id", "text", "колонка_3", "колонка_4", *ADDED]
    assert first["колонка_3"] == "EXTRA1" and first["колонка_4"] == "EXTRA2"
    assert first["postcheck_verdict"] in ("ok", "borderline", "rewrite")
    assert float(first["postcheck_score"]) >= 0


# --- 3. duplicate headers become unique ------------------------------------------------------

def test_duplicate_headers_are_made_unique_and_the_scored_column_is_the_one_shown(tmp_path, capsys):
    src = tmp_path / "d.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["id", "text", "text", ""], ["1", HARD_SELL, "заметка", "без заголовка"]])
    out = tmp_path / "d.jsonl"
    _, stdout, _ = run([src, "-o", out, "--fail-on", "never"], capsys)
    record = json.loads(out.read_text(encoding="utf-8"))
    assert list(record)[:4] == ["id", "text", "text_2", "колонка_4"]
    assert record["text"] == HARD_SELL and record["text_2"] == "заметка" and record["колонка_4"] == "без заголовка"
    assert record["postcheck_verdict"] == "rewrite"  # the first «text» was scored
    assert "колонка «text»" in stdout


def test_a_duplicate_column_can_be_chosen_by_its_new_name(tmp_path, capsys):
    src = tmp_path / "d.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["text", "text"], ["заметка", HARD_SELL]])
    out = tmp_path / "d.csv.jsonl"
    run([src, "--column", "text_2", "-o", out, "--fail-on", "never"], capsys)
    assert json.loads(out.read_text(encoding="utf-8"))["postcheck_verdict"] == "rewrite"


# --- 4. outputs are checked before any work ----------------------------------------------------

@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--report", "{src}"], "входная таблица"),
        (["-o", "{dir}/x.csv", "--report", "{dir}/x.csv"], "оценённая таблица"),
        (["--in-place", "--report", "{src}"], "входная таблица"),
        (["--report", "{dir}/nodir/r.html"], "папки"),
        (["--report", "{dir}"], "папка"),
        (["--report", "{dir}/r.txt"], ".html"),
        (["-o", "{dir}/nodir/x.csv"], "папки"),
        (["-o", "{dir}/x.txt"], ".csv"),
    ],
)
def test_bad_output_paths_are_refused_before_scoring(tmp_path, capsys, monkeypatch, extra, message):
    from classifier import actions

    src = tmp_path / "plan.csv"
    src.write_bytes(PLAN.read_bytes())

    def never(*args, **kwargs):
        raise AssertionError("the model was loaded before the paths were checked")

    monkeypatch.setattr(actions, "load_scorer", never)
    args = [a.format(src=src, dir=tmp_path) for a in extra]
    code, _, err = run([src, *args], capsys)
    assert code == 2 and message in err and "Traceback" not in err
    assert src.read_bytes() == PLAN.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.csv"]


# --- 5. no leftovers on any exit path; modes are kept ------------------------------------------

def test_a_failing_report_leaves_no_file(tmp_path, capsys, monkeypatch):
    from classifier.reports import html

    def broken(outcome):
        raise UnicodeEncodeError("utf-8", "x", 0, 1, "surrogates not allowed")

    monkeypatch.setattr(html, "render_plan", broken)
    code, _, _ = run([PLAN, "--report", tmp_path / "r.html"], capsys)
    assert code == 3
    assert list(tmp_path.iterdir()) == []


def test_new_files_get_the_umask_mode_and_in_place_keeps_the_input_mode(tmp_path, capsys):
    old = os.umask(0o022)
    try:
        src = tmp_path / "plan.csv"
        src.write_bytes(PLAN.read_bytes())
        os.chmod(src, 0o640)
        run([src, "-o", tmp_path / "o.csv", "--report", tmp_path / "r.html", "--fail-on", "never"], capsys)
        assert (tmp_path / "o.csv").stat().st_mode & 0o777 == 0o644
        assert (tmp_path / "r.html").stat().st_mode & 0o777 == 0o644
        run([src, "--in-place", "--fail-on", "never"], capsys)
        assert src.stat().st_mode & 0o777 == 0o640
        assert _rows(src)[0][-1] == "postcheck_error"
    finally:
        os.umask(old)


def _big_plan(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text"])
        for i in range(rows):
            writer.writerow([i, f"{HARD_SELL} Пост номер {i}: {USEFUL}"])
    return path


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for(predicate, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "the run never got there"
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("sig", "jobs", "code", "suffix"),
    [(signal.SIGTERM, "1", 143, ".csv"), (signal.SIGTERM, "1", 143, ".xlsx"), (signal.SIGINT, "2", 130, ".csv")],
)
def test_a_stopped_run_leaves_nothing_and_prints_no_traceback(tmp_path, sig, jobs, code, suffix):
    src = _big_plan(tmp_path / "plan.csv", 20_000)
    out = tmp_path / f"scored{suffix}"
    # started as a terminal starts it: a suite run as a background job inherits an ignored SIGINT,
    # which would keep Ctrl+C from reaching postcheck at all
    process = subprocess.Popen([*CLI, str(src), "-o", str(out), "--jobs", jobs], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=_default_sigint)
    try:
        _wait_for(lambda: leftovers(tmp_path))
        time.sleep(1.0)  # let the workers start and score
        os.killpg(process.pid, sig)  # as a terminal does: the whole process group
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == code
    assert "Traceback" not in err and "Exception ignored" not in err
    assert ("прервано" if sig == signal.SIGINT else "остановлено") in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.csv"]


def _damaged_after(path: Path, rows: int, bad_row: int) -> Path:
    """A large workbook (read streamed) whose sheet XML stops parsing at ``bad_row``, after rows that read fine."""
    book = openpyxl.Workbook()
    book.active.append(["text"])
    for i in range(rows):
        book.active.append([f"{USEFUL} Пост {i}"])
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    at = sheet.index(f'<row r="{bad_row}"'.encode())
    parts["xl/worksheets/sheet1.xml"] = sheet[:at] + b"<<oops" + sheet[at:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        archive.writestr(zipfile.ZipInfo("xl/media/padding.bin"), b"\0" * (FULL_READ_LIMIT + 1))  # stored
    return path


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_run_failing_midway_leaves_nothing_and_prints_no_ignored_exception(tmp_path, suffix):
    src = _damaged_after(tmp_path / "plan.xlsx", rows=1200, bad_row=1100)  # past the first chunk of 500
    before = src.read_bytes()
    done = subprocess.run([*CLI, str(src), "-o", str(tmp_path / f"o{suffix}")], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 2 and "повреждён" in done.stderr
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"] and src.read_bytes() == before


def test_an_aborted_new_workbook_leaves_no_writer_running(tmp_path, monkeypatch):
    """openpyxl's streaming sheet is closed on abort: nothing is raised at garbage collection."""
    import gc

    from classifier.io.rows import Row
    from classifier.io.writers import NewWorkbookWriter

    raised = []
    monkeypatch.setattr(sys, "unraisablehook", raised.append)
    writer = NewWorkbookWriter(tmp_path / "o.xlsx", ["text", *ADDED])
    writer.write(Row([USEFUL]), [50.0, "borderline", "", "", ""])
    writer.abort()
    del writer
    gc.collect()
    assert raised == [] and list(tmp_path.iterdir()) == []


# --- 6. formula injection ----------------------------------------------------------------------

INJECTIONS = ["=HYPERLINK(\"http://evil\",\"жми\")", "+7 (812) 555-12-34", "@SUM(1+1)", "-1+2", "\tтаб", "=1+1"]


@pytest.mark.parametrize("source", [".xlsx", ".jsonl"])
def test_text_cells_that_would_run_as_formulas_get_an_apostrophe_in_csv(tmp_path, capsys, source):
    src = tmp_path / f"plan{source}"
    if source == ".xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["text", "note", "number", "minus"])
        for value in INJECTIONS:
            sheet.append([USEFUL, value, -5, "-5"])
            sheet.cell(row=sheet.max_row, column=2).data_type = "s"  # text, as a user typed it with «'»
        book.save(src)
    else:
        lines = [json.dumps({"text": USEFUL, "note": v, "number": -5, "minus": "-5"}, ensure_ascii=False)
                 for v in INJECTIONS]
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    run([src, "-o", out, "--fail-on", "never"], capsys)
    rows = _rows(out)[1:]
    assert [r[1] for r in rows] == ["'" + v for v in INJECTIONS]
    assert {r[2] for r in rows} == {"-5"} and {r[3] for r in rows} == {"-5"}  # numbers stay numbers


def test_csv_cells_are_copied_as_they_are(tmp_path, capsys):
    src = tmp_path / "plan.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["text", "note"], *[[USEFUL, v] for v in INJECTIONS]])
    out = tmp_path / "o.csv"
    run([src, "-o", out, "--fail-on", "never"], capsys)
    assert [r[1] for r in _rows(out)[1:]] == INJECTIONS
