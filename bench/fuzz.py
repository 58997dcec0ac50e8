"""`make fuzz`: generated drafts, tables and model files through `postcheck`, counted per input class.

Every case runs the real command in this process (``classifier.cli.main``; the scorer is
loaded once and handed to every run that does not ask for ``--model``) and is checked
against what postcheck promises:

* the exit code is 0, 1 or 2 — never 3 (internal error) — and nothing prints a traceback;
  exit 2 comes with a Russian message;
* no temporary file is left beside the input or the outputs, and the input is unchanged
  (unless ``--in-place``);
* a scored table holds every input row, the input's columns in order and then the
  ``postcheck_*`` columns; each row has a verdict or an error; an HTML report is a page;
* a draft is checked within :data:`SLOW_SECONDS` of CPU time (the whole command: reading,
  scoring, the report; CPU time rather than wall time, because the machine is shared).

A case that breaks a promise is *failed*; exit 2 is *refused* (a Russian error is a correct
answer to broken input). ``tests/test_fuzz.py`` runs a few hundred cases from a fixed seed
in ``make test``; ``make fuzz`` runs more and prints the counts and the slowest cases.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDED = ("postcheck_score", "postcheck_verdict", "postcheck_reasons", "postcheck_ad_marking", "postcheck_error")
VERDICTS = ("ok", "borderline", "rewrite")
SLOW_SECONDS = 2.0
_CYRILLIC = re.compile("[а-яА-ЯёЁ]")
csv.field_size_limit(2**31 - 1)

# --- pieces of text ----------------------------------------------------------------------------

SALES = ["скидка", "Скидка 50%", "ТОЛЬКО СЕГОДНЯ", "успейте купить", "акция", "мы лучшие", "гарантия 100%",
         "подписывайтесь", "репост", "розыгрыш", "звоните", "+7 (812) 555-12-34", "1 990 ₽", "промокод SALE",
         "переходите по ссылке", "Реклама. ООО «Ромашка», ИНН 7707083893, erid: 2VtzqvXYZ"]
VALUE = ["Как выбрать арбуз", "постучите по корке", "А вы как думаете?", "Расскажите в комментариях",
         "три совета", "шаг 1", "Почему это важно", "исследование показало", "по данным Росстата"]
TOKENS = ["https://example.ru/a?b=1", "www.site.com", "kolesoff.ru", "t.me/channel", "@user", "#хештег", "#тег_2",
          "[id1|Имя]", "mail@example.ru", "50%", "100 500", "3,14", "12:00", "2025-03-01", "👉", "🔥🔥🔥",
          "👨‍👩‍👧‍👦", "❤️", "🇷🇺", "**жирный**", "__курсив__", "[ссылка](https://x.ru)", "```код```", "> цитата",
          "# Заголовок", "...", "!!!", "???", "—", "«кавычки»", "\"", "'", "\t", "\n", "\r\n", "  "]
RANGES = [(0x20, 0x7E), (0x410, 0x44F), (0x370, 0x3FF), (0x600, 0x6FF), (0x5D0, 0x5EA), (0x4E00, 0x9FFF),
          (0x17000, 0x187F7), (0x12000, 0x123FF), (0x10000, 0x1007F), (0x1F300, 0x1FAFF), (0x300, 0x36F),
          (0x0, 0x1F), (0x7F, 0x9F), (0xE000, 0xF8FF), (0x200B, 0x200F), (0x202A, 0x202E), (0xFFF0, 0xFFFF),
          (0x10FFF0, 0x10FFFF), (0x1D400, 0x1D7FF), (0xFE00, 0xFE0F)]
HOMOGLYPHS = str.maketrans("аеорсухАВЕКМНОРСТХ", "aeopcyxABEKMHOPCTX")


def corpus_posts() -> list[str]:
    with (ROOT / "corpora" / "posts.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def random_char(rng: random.Random, surrogates: bool = False) -> str:
    if surrogates and rng.random() < 0.1:
        return chr(rng.randint(0xD800, 0xDFFF))
    low, high = rng.choice(RANGES)
    return chr(rng.randint(low, high))


def piece(rng: random.Random, surrogates: bool = False) -> str:
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(SALES)
    if roll < 0.5:
        return rng.choice(VALUE)
    if roll < 0.75:
        return rng.choice(TOKENS)
    return "".join(random_char(rng, surrogates) for _ in range(rng.randint(1, 12)))


def random_text(rng: random.Random, surrogates: bool = False, parts: int = 40) -> str:
    return "".join(piece(rng, surrogates) + rng.choice(["", " ", " ", "\n", ", "])
                   for _ in range(rng.randint(0, parts)))


def mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 5)):
        kind = rng.randrange(8)
        at = rng.randint(0, len(text))
        if kind == 0:
            text = text[:at] + random_char(rng) + text[at:]
        elif kind == 1:
            text = text.translate(HOMOGLYPHS) if rng.random() < 0.5 else text[:at] + text[at:].translate(HOMOGLYPHS)
        elif kind == 2:
            text = text.upper()
        elif kind == 3:
            words = text.split() or ["слово"]
            text = text[:at] + (" " + rng.choice(words)) * rng.randint(2, 60) + text[at:]
        elif kind == 4:
            text = text[:at] + rng.choice(["!" * rng.randint(3, 40), " ".join(["#тег"] * rng.randint(5, 40)),
                                           "🔥" * rng.randint(3, 40)]) + text[at:]
        elif kind == 5:
            text = text[:at]
        elif kind == 6:
            text = text[:at] + rng.choice(TOKENS) + text[at:]
        else:
            text = f"**{text[:at]}**{text[at:]}"
    return text


def encode(rng: random.Random, text: str) -> tuple[bytes, str]:
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1251"])
    errors = "replace" if encoding == "cp1251" else "surrogatepass"
    return text.encode(encoding, errors), encoding


# --- a case and its run ----------------------------------------------------------------------------

@dataclass
class Case:
    """One generated input: the command's arguments and what a correct run must leave behind."""

    args: list[str]
    folder: Path
    inputs: list[Path]
    output: Path | None = None
    report: Path | None = None
    in_place: bool = False
    sheet: str | None = None
    rows: int | None = None  # data rows the scored table must hold (None: not checked)
    timed: bool = False  # a single draft: its run counts towards SLOW_SECONDS
    uses_model: bool = False  # --model: the real loader runs


@dataclass
class Tally:
    tried: int = 0
    failed: int = 0
    refused: int = 0
    slow: int = 0
    slowest: float = 0.0
    failures: list[str] = field(default_factory=list)


class Runner:
    """Runs cases through ``classifier.cli.main`` with one loaded scorer."""

    def __init__(self, loaded) -> None:  # noqa: ANN001 - classifier.actions.Loaded
        self.loaded = loaded

    def run(self, case: Case) -> tuple[int, str, str, float]:
        from classifier import actions
        from classifier.cli import main

        real = actions.load_scorer
        if not case.uses_model:
            actions.load_scorer = lambda *args, **kwargs: self.loaded
        out, err = io.StringIO(), io.StringIO()
        started = time.process_time()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(case.args)
        except BaseException as error:  # noqa: BLE001 - a failure to report, not to raise
            code = -1
            err.write(f"\n{type(error).__name__}: {error}")
        finally:
            actions.load_scorer = real
        return code, out.getvalue(), err.getvalue(), time.process_time() - started


def problems(case: Case, code: int, out: str, err: str, before: dict[Path, bytes]) -> list[str]:
    """What the run broke of postcheck's promises (empty: nothing)."""
    found = []
    if code not in (0, 1, 2):
        found.append(f"exit {code}")
    if "Traceback" in err or "внутренняя ошибка" in err or "Exception ignored" in err:
        found.append("traceback or internal error: " + err.strip()[-300:])
    if code == 2 and not _CYRILLIC.search(err):
        found.append("exit 2 without a Russian message: " + err.strip()[-200:])
    leftovers = sorted(p.name for p in case.folder.rglob("*.tmp"))
    if leftovers:
        found.append(f"temporary files left: {leftovers}")
    for path, data in before.items():
        if not (case.in_place and code in (0, 1)) and path.read_bytes() != data:
            found.append(f"input changed: {path.name}")
    if code in (0, 1):
        found += _table_problems(case)
        if case.report is not None:
            html = case.report.read_text(encoding="utf-8") if case.report.exists() else ""
            if not html.startswith("<!DOCTYPE html>") or "<script src" in html:
                found.append("HTML report missing or not self-contained")
    return found


def _table_problems(case: Case) -> list[str]:
    from classifier.errors import PostcheckError

    target = case.inputs[0] if case.in_place else case.output
    if target is None:
        return []
    if not target.exists():
        return [f"scored table {target.name} not written"]
    try:
        return _scored_table_problems(case, target)
    except PostcheckError as err:
        return [f"scored table unreadable: {err}"]


def _scored_table_problems(case: Case, target: Path) -> list[str]:
    from classifier.io.tables import open_table

    found = []
    preserved = target.suffix == ".xlsx" and case.inputs[0].suffix == ".xlsx"  # the input workbook, scored
    with open_table(target, case.sheet if preserved else None) as table:
        if table.columns and tuple(table.columns[-len(ADDED):]) != ADDED:  # (an empty JSONL has no columns)
            found.append(f"added columns missing: {table.columns[-6:]}")
        n = 0
        for row in table.rows:
            n += 1
            cells = dict(zip(table.columns, row.values))
            verdict, error = cells.get("postcheck_verdict", ""), cells.get("postcheck_error", "")
            if not ((verdict in VERDICTS and not error) or (not verdict and error)):
                found.append(f"row {n}: verdict {verdict!r} with error {error[:60]!r}")
                break
    if case.rows is not None and n != case.rows:
        found.append(f"{n} rows out of {case.rows}")
    return found


def run_case(runner: Runner, case: Case, tally: Tally) -> None:
    before = {p: p.read_bytes() for p in case.inputs if p.is_file()}
    code, out, err, seconds = runner.run(case)
    tally.tried += 1
    tally.refused += code == 2
    if case.timed:
        tally.slowest = max(tally.slowest, seconds)
        tally.slow += seconds > SLOW_SECONDS
    found = problems(case, code, out, err, before)
    if found:
        tally.failed += 1
        tally.failures.append(f"{' '.join(case.args)[:200]}: {'; '.join(found)[:600]}")


# --- drafts ------------------------------------------------------------------------------------

def draft_unicode(rng: random.Random, folder: Path, posts: list[str]) -> Case:
    path = folder / rng.choice(["d.txt", "d.md"])
    data = random_text(rng, surrogates=rng.random() < 0.2).encode("utf-8", "surrogatepass")
    path.write_bytes(data)
    return _draft_case(rng, folder, path)


def draft_mutated(rng: random.Random, folder: Path, posts: list[str]) -> Case:
    path = folder / rng.choice(["d.txt", "d.md"])
    path.write_bytes(encode(rng, mutate(rng, rng.choice(posts)))[0])
    return _draft_case(rng, folder, path)


def draft_bytes(rng: random.Random, folder: Path, posts: list[str]) -> Case:
    path = folder / "d.txt"
    roll = rng.random()
    if roll < 0.3:
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000)))
    elif roll < 0.6:
        data = bytearray(encode(rng, rng.choice(posts))[0])
        for _ in range(rng.randint(1, 10)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        data = bytes(data)
    else:
        data = rng.choice([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"   \n\t ", b"\x00" * 10, b"\xef\xbb\xbf\x00",
                           "Скидка".encode("utf-16-be"), "Скидка".encode()[:-1], b"\r\r\r"])
    path.write_bytes(data)
    return _draft_case(rng, folder, path)


LONG_PATTERNS = ["Скидка ", "а", "7", "!", "а.", "#тег ", "x.ru/", "🔥", "\n", "*", "[", "_", "Как выбрать арбуз. ",
                 "СКИДКА!!! ", "https://x.ru/", "a b ", "ё", "-", "@u ", "((((", "1,5% "]


def draft_long(rng: random.Random, folder: Path, posts: list[str], limit: int = 1_000_000) -> Case:
    path = folder / rng.choice(["d.txt", "d.md"])
    size = rng.choice([40_000, 200_000, limit])
    if rng.random() < 0.3:
        text = ("\n\n".join(rng.sample(posts, min(len(posts), 400))) * 50)[:size]
    else:
        pattern = rng.choice(LONG_PATTERNS)
        text = (pattern * (size // len(pattern) + 1))[:size]
    path.write_text(text, encoding="utf-8")
    case = _draft_case(rng, folder, path)
    case.timed = True
    return case


def _draft_case(rng: random.Random, folder: Path, path: Path) -> Case:
    args = [str(path), "--fail-on", rng.choice(["rewrite", "borderline", "never"])]
    if rng.random() < 0.5:
        args += ["--format", rng.choice(["json", "jsonl", "text"])]
    return Case(args, folder, [path], timed=True)


def api_text(rng: random.Random, folder: Path, posts: list[str]) -> Case:
    """A string with anything a Python caller can pass (lone surrogates included), via a JSONL plan."""
    texts = [random_text(rng, surrogates=True) for _ in range(rng.randint(1, 6))]
    path = folder / "api.jsonl"
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    output = folder / rng.choice(["o.xlsx", "o.csv", "o.jsonl"])
    return Case([str(path), "-o", str(output), "--fail-on", "never"], folder, [path], output=output, rows=len(texts))


# --- tables ------------------------------------------------------------------------------------

HEADERS = ["text", "текст", "Пост", "id", "дата", "", "text", "Охват", "caption", "TEXT", "колонка_3"]


def cell_text(rng: random.Random, posts: list[str]) -> str:
    roll = rng.random()
    if roll < 0.45:
        return mutate(rng, rng.choice(posts)) if rng.random() < 0.5 else rng.choice(posts)
    if roll < 0.6:
        return ""
    if roll < 0.7:
        return rng.choice(["=1+1", "=HYPERLINK(\"http://x\")", "+7 (812) 555-12-34", "-5", "@SUM(A1)", "3.5"])
    if roll < 0.75:
        return ("Скидка 50%! " * rng.randint(1000, 15000))
    return random_text(rng, parts=10)


def _outputs(rng: random.Random, folder: Path, source: Path, can_in_place: bool) -> tuple[list[str], Case]:
    args: list[str] = []
    case = Case([], folder, [source])
    roll = rng.random()
    if roll < 0.25:
        pass
    elif roll < 0.35 and can_in_place:
        args.append("--in-place")
        case.in_place = True
    else:
        case.output = folder / ("out" + rng.choice([".csv", ".tsv", ".jsonl", ".xlsx"]))
        args += ["-o", str(case.output)]
    if rng.random() < 0.3:
        case.report = folder / "r.html"
        args += ["--report", str(case.report)]
    args += ["--fail-on", rng.choice(["rewrite", "never"])]
    if rng.random() < 0.2:
        args += ["--format", "json"]
    return args, case


def table_csv(rng: random.Random, folder: Path, posts: list[str]) -> Case:
    width = rng.randint(1, 5)
    header = rng.sample(HEADERS, width)
    if "text" not in header and rng.random() < 0.7:
        header[rng.randrange(width)] = "text"
    rows = []
    for _ in range(rng.randint(0, 12)):
        row = [cell_text(rng, posts) for _ in range(width)]
        if rng.random() < 0.15:
            row += [cell_text(rng, posts) for _ in range(rng.randint(1, 3))]  # more cells than the header
        elif rng.random() < 0.1:
            row = row[:rng.randint(0, width)]
        rows.append(row)
    delimiter = rng.choice([",", ";", "\t"])
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows([header, *rows])
    text = buffer.getvalue()
    data, _ = encode(rng, text)
    broken = rng.random() < 0.1
    if broken:
        at = rng.randint(0, len(data))
        data = data[:at] + rng.choice([b'"', b"\xff\xfe\x98", b"\x00"]) + data[at:]
    source = folder / ("plan.tsv" if delimiter == "\t" and rng.random() < 0.5 else "plan.csv")
    source.write_bytes(data)
    args, case = _outputs(rng, folder, source, can_in_place=source.suffix == ".csv")
    if rng.random() < 0.1:
        args += ["--column", rng.choice(header + ["нет такой"])]
    case.args = [str(source), *args]
    written_rows = sum(1 for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)) - 1
    # The delimiter is told by the header line; a one-column header shows none (read as «,»).
    detectable = width > 1 or delimiter == "," or source.suffix == ".tsv"
    case.rows = max(written_rows, 0) if detectable and not broken else None
    return case


def table_xlsx(rng: random.Random, folder: Path, posts: list[str]) -> Case:
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = openpyxl.Workbook()
    names = rng.sample(["План", "Лист1", "Sheet", "Обложка", "Данные 2025"], rng.randint(1, 3))
    book.active.title = names[0]
    for name in names[1:]:
        book.create_sheet(name)
    target = rng.choice(names)
    ws = book[target]
    width = rng.randint(1, 5)
    header = rng.sample(HEADERS, width)
    if "text" not in header and rng.random() < 0.8:
        header[rng.randrange(width)] = "text"
    last = 0
    if rng.random() < 0.95:
        ws.append([h or None for h in header])
        last = 1
        for r in range(rng.randint(0, 10)):
            values = []
            for _ in range(width + (rng.random() < 0.1)):
                roll = rng.random()
                if roll < 0.5:
                    values.append(ILLEGAL_CHARACTERS_RE.sub("", cell_text(rng, posts))[:32_000] or None)
                elif roll < 0.6:
                    values.append(rng.randint(-10**6, 10**6))
                elif roll < 0.7:
                    values.append(rng.random() * 1000)
                elif roll < 0.8:
                    values.append(dt.datetime(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 400)))
                elif roll < 0.85:
                    values.append(f"=A{r + 2}&\"!\"")
                elif roll < 0.9:
                    values.append(rng.random() < 0.5)
                else:
                    values.append(None)
            ws.append(values)
            if any(v is not None for v in values):
                last = ws.max_row
        if rng.random() < 0.2 and ws.max_row >= 3:
            ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)  # A3's value is dropped
            last = max((c.row for r in ws.iter_rows() for c in r if c.value is not None), default=0)
        if rng.random() < 0.05:
            ws.cell(row=rng.choice([500, 1_048_576]), column=rng.choice([30, 16_384]), value="далеко")
            last = None
        if rng.random() < 0.1:
            for _ in range(rng.randint(1, 5)):
                ws.append([None] * width)  # empty rows at the end: not data
    source = folder / "plan.xlsx"
    book.save(source)
    args, case = _outputs(rng, folder, source, can_in_place=True)
    if target != names[0] or rng.random() < 0.3:
        args += ["--sheet", target if rng.random() < 0.95 else "нет такого"]
    case.args = [str(source), *args]
    case.sheet = target
    case.rows = None if last is None else max(last - 1, 0)
    return case


def table_jsonl(rng: random.Random, folder: Path, posts: list[str]) -> Case:
    lines, rows, broken = [], 0, False
    for _ in range(rng.randint(0, 12)):
        roll = rng.random()
        if roll < 0.8:
            record = {rng.choice(["text", "Text", "пост", "", "id", "meta"]): _json_value(rng, posts)
                      for _ in range(rng.randint(1, 4))}
            lines.append(json.dumps(record, ensure_ascii=rng.random() < 0.5))
            rows += 1
        elif roll < 0.85:
            lines.append("")
        elif roll < 0.9:
            lines.append(rng.choice(["[1, 2]", "{нет", "\"строка\"", "[" * 5000 + "]" * 5000, "null"]))
            broken = True  # the run must refuse
        else:
            lines.append(json.dumps({"text": random_text(rng, surrogates=True)}))  # lone surrogates as \\udXXX
            rows += 1
    source = folder / "plan.jsonl"
    source.write_bytes(("\ufeff" if rng.random() < 0.1 else "").encode() + "\n".join(lines).encode("utf-8"))
    args, case = _outputs(rng, folder, source, can_in_place=False)
    case.args = [str(source), *args]
    case.rows = None if broken else rows
    return case


def _json_value(rng: random.Random, posts: list[str]) -> object:
    roll = rng.random()
    if roll < 0.6:
        return cell_text(rng, posts)
    if roll < 0.7:
        return rng.choice([None, True, False, 0, -1.5, 10**30, float("nan")])
    if roll < 0.85:
        return [cell_text(rng, posts) for _ in range(rng.randint(0, 3))]
    return {"вложенный": cell_text(rng, posts), "n": rng.randint(0, 9)}


# --- model files -------------------------------------------------------------------------------

def model_file(rng: random.Random, folder: Path, posts: list[str]) -> Case:
    import numpy as np

    from classifier.actions import default_model_path

    shipped = default_model_path()
    path = folder / "m.npz"
    if rng.random() < 0.3:
        data = bytearray(shipped.read_bytes())
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data[:rng.randint(len(data) // 2, len(data))] if rng.random() < 0.3 else data))
    else:
        with np.load(shipped, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        for _ in range(rng.randint(1, 3)):
            key = rng.choice(sorted(arrays))
            roll = rng.random()
            if roll < 0.2:
                arrays.pop(key)
            elif roll < 0.4:
                arrays[key] = np.full(arrays[key].shape, rng.choice([np.nan, np.inf, -1.0, 0.0, 1e308]))
            elif roll < 0.6:
                arrays[key] = np.zeros(rng.randint(0, 5), dtype=rng.choice(["f8", "i4", "u1", "U3", "?"]))
            elif roll < 0.8:
                arrays[key] = np.frombuffer(json.dumps(rng.choice([[1], "x", {"format": 1}, None])).encode(),
                                            dtype=np.uint8)
            else:
                arrays[key] = arrays[key].reshape(-1, 1) if arrays[key].size else arrays[key]
        with path.open("wb") as fh:
            np.savez_compressed(fh, **arrays)
    draft = folder / "d.txt"
    draft.write_text(rng.choice(posts), encoding="utf-8")
    return Case(["--model", str(path), str(draft)], folder, [path, draft], uses_model=True)


CLASSES: dict[str, Callable[[random.Random, Path, list[str]], Case]] = {
    "draft:unicode": draft_unicode,
    "draft:mutated": draft_mutated,
    "draft:bytes": draft_bytes,
    "draft:long": draft_long,
    "api:surrogates": api_text,
    "table:csv": table_csv,
    "table:xlsx": table_xlsx,
    "table:jsonl": table_jsonl,
    "model:file": model_file,
}


def fuzz(runner: Runner, counts: dict[str, int], seed: int, posts: list[str] | None = None,
         keep: Path | None = None) -> dict[str, Tally]:
    """Run ``counts[class]`` cases of each class, each in a fresh temporary folder.

    With ``keep``, the folder of every failed case is copied there (inputs and outputs).
    """
    posts = posts or corpus_posts()
    tallies = {}
    for name, n in counts.items():
        rng = random.Random(f"{seed}:{name}")
        tally = tallies[name] = Tally()
        for i in range(n):
            with tempfile.TemporaryDirectory(prefix="postcheck-fuzz-") as tmp:
                case = CLASSES[name](rng, Path(tmp), posts)
                failed = tally.failed
                run_case(runner, case, tally)
                if keep is not None and tally.failed > failed:
                    shutil.copytree(tmp, keep / f"{name.replace(':', '-')}-{i}")
    return tallies


# --- the worst known inputs --------------------------------------------------------------------

def worst_inputs(scorer) -> list[tuple[str, float, float, str]]:  # noqa: ANN001 - a Scorer
    """Wall and CPU seconds to score each input issue 11 names (one cell each, cold for its words)."""
    from classifier.scoring.cells import Cell, CellScorer

    shared = ROOT.parent / "shared" / "data" / "tg-news-ads" / "tg_news_posts_dev.csv"
    real = ""
    if shared.exists():
        csv.field_size_limit(2**31 - 1)
        with shared.open(encoding="utf-8", newline="") as fh:
            real = "\n\n".join(r["text"] for r in csv.DictReader(fh))[:1_000_000]
    cases = {
        "item 14: '7' x 40,000": "7" * 40_000,
        "item 14: one word of 200,000 characters": "a" * 200_000,
        "item 15: 'Скидка ' x 20,000": "Скидка " * 20_000,
        "1,000,000 characters of 'Скидка '": ("Скидка " * 150_000)[:1_000_000],
        "1,000,000 characters of one Cyrillic word": "я" * 1_000_000,
        "1,000,000 characters of real posts (tg-news-ads)": real,
    }
    score = CellScorer(scorer)
    out = []
    for name, text in cases.items():
        if not text:
            continue
        started, cpu = time.perf_counter(), time.process_time()
        cell = score([Cell(text)])[0]
        out.append((name, time.perf_counter() - started, time.process_time() - cpu,
                    cell.verdict or f"ошибка: {cell.error}"))
    return out


def worst_files(folder: Path) -> list[tuple[str, float, float, str]]:
    """Seconds for `postcheck FILE` on the crafted files of item 16 (in this process)."""
    import openpyxl

    from classifier.cli import main

    far = folder / "far.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "text"
    book.active["XFD1048576"] = "далеко"
    book.save(far)
    bomb = folder / "comment.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["text"])
    book.active.append(["Как выбрать арбуз"])
    book.save(bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/comments1.xml", "w", force_zip64=True) as part:
        for _ in range(300):
            part.write(b"A" * 2**20)
    out = []
    for name, path in (("item 16: 5 KB XLSX with a cell at XFD1048576", far),
                       ("item 16: XLSX with a 300 MB comment", bomb)):
        started, cpu = time.perf_counter(), time.process_time()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
            code = main([str(path)])
        message = err.getvalue().strip().splitlines()[-1][:90] if err.getvalue().strip() else ""
        out.append((f"{name} ({path.stat().st_size // 1024} KB)", time.perf_counter() - started,
                    time.process_time() - cpu, f"exit {code}: {message}"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the number of cases per class")
    parser.add_argument("--keep", type=Path, help="copy the folder of every failed case here")
    args = parser.parse_args()
    from classifier.actions import load_scorer
    from classifier.io.config import load_config

    print(f"postcheck fuzz — nproc {os.cpu_count()}, Python {sys.version.split()[0]}, seed {args.seed}")
    loaded = load_scorer(None, load_config(None))
    base = {"draft:unicode": 1500, "draft:mutated": 1500, "draft:bytes": 800, "draft:long": 60,
            "api:surrogates": 400, "table:csv": 600, "table:xlsx": 300, "table:jsonl": 400, "model:file": 150}
    counts = {k: max(1, int(v * args.scale)) for k, v in base.items()}
    started = time.perf_counter()
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
    tallies = fuzz(Runner(loaded), counts, args.seed, keep=args.keep)
    print(f"{'class':<16} {'tried':>6} {'failed':>6} {'refused':>8} {'slow>2s':>8} {'slowest':>8}  (CPU s per draft)")
    for name, t in tallies.items():
        slowest = f"{t.slowest:.2f} s" if t.slowest else "—"
        print(f"{name:<16} {t.tried:>6} {t.failed:>6} {t.refused:>8} {t.slow:>8} {slowest:>8}")
    total = sum(t.tried for t in tallies.values())
    print(f"{'total':<16} {total:>6} {sum(t.failed for t in tallies.values()):>6}   "
          f"({time.perf_counter() - started:.0f} s)")
    for name, t in tallies.items():
        for failure in t.failures[:5]:
            print(f"FAILED {name}: {failure}")
    print(f"\nworst inputs (one cell or file, the pipeline already loaded; load average {os.getloadavg()[0]:.1f}):")
    print(f"  {'input':<58} {'wall':>7} {'CPU':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, wall, cpu, what in [*worst_inputs(loaded.scorer), *worst_files(Path(tmp))]:
            print(f"  {name:<58} {wall:5.2f} s {cpu:5.2f} s  {what}")


if __name__ == "__main__":
    main()
