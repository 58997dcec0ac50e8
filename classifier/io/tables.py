"""Read tables of posts: CSV and TSV (streamed), XLSX (first sheet or a named one), JSONL.

Every reader yields rows as lists of strings aligned to the header, one per input row, so
the caller can keep every row and column of what the user gave. CSV encoding (UTF-8, UTF-8
with BOM, cp1251, UTF-16) and delimiter (``,`` ``;`` tab) are detected: Excel in a
Russian locale writes ``;`` and cp1251.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from classifier.errors import InputError
from classifier.io.encoding import _mostly_readable, looks_binary

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".jsonl")
_CHUNK = 1 << 20
_NOT_CYRILLIC = re.compile("[^\u0400-\u04ff]+")
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class Row:
    values: list[str]  # one string per column, "" for an empty cell
    notes: dict[int, str] = field(default_factory=dict)  # column -> why the cell is unusable


@dataclass
class Table:
    """A header and a stream of rows; ``rows`` can be iterated once."""

    columns: list[str]
    rows: Iterator[Row]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


def table_kind(path: Path) -> str | None:
    """'csv', 'tsv', 'xlsx' or 'jsonl' by file suffix, else None."""
    suffix = path.suffix.lower()
    return suffix[1:] if suffix in TABLE_SUFFIXES else None


@contextmanager
def open_table(path: Path, sheet: str | None = None) -> Iterator[Table]:
    """Open a table file for reading; raises InputError with a Russian message."""
    path = Path(path)
    kind = table_kind(path)
    if kind is None:
        raise InputError(f"{path}: таблица должна быть .csv, .tsv, .xlsx или .jsonl.")
    _check_file(path)
    if kind == "xlsx":
        with _open_xlsx(path, sheet) as table:
            yield table
    elif kind == "jsonl":
        with _open_jsonl(path) as table:
            yield table
    else:
        with _open_csv(path, "\t" if kind == "tsv" else None) as table:
            yield table


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: файл не найден.")
    if path.is_dir():
        raise InputError(f"{path}: это папка, а нужен файл таблицы.")


# --- CSV / TSV -------------------------------------------------------------------------

def detect_encoding(path: Path) -> str:
    """The encoding of a text file, checked over the whole file in 1 MB chunks."""
    with path.open("rb") as fh:
        head = fh.read(_CHUNK)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if looks_binary(head):
            raise InputError(f"{path}: это не текстовая таблица (двоичные данные).")
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        data, offset = head, 0
        bad, first_bad = 0, None
        while data:
            n_bad = decoder.decode(data).count("\ufffd")
            if n_bad and first_bad is None:
                first_bad = offset + _first_invalid(data)
            bad += n_bad
            offset += len(data)
            data = fh.read(_CHUNK)
        bad += decoder.decode(b"", final=True).count("\ufffd")
    if not bad:
        return "utf-8"
    if _utf8_cyrillic(path) >= 20 * bad:
        raise InputError(
            f"{path}: файл в UTF-8, но около байта {first_bad} есть байты, которые не читаются "
            f"(всего {bad}). Пересохраните таблицу в UTF-8 или исправьте эти символы."
        )
    return "cp1251"


def _utf8_cyrillic(path: Path) -> int:
    """Cyrillic letters that read correctly as UTF-8 (a second pass, only for a suspect file)."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    count = 0
    with path.open("rb") as fh:
        while data := fh.read(_CHUNK):
            text = decoder.decode(data)
            count += len(_NOT_CYRILLIC.sub("", text))
    return count


def _first_invalid(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.start
    return 0


_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 с BOM", "utf-16": "UTF-16", "cp1251": "cp1251"}


def encoding_name(encoding: str) -> str:
    return _ENCODING_NAMES.get(encoding, encoding)


def sniff_delimiter(sample: str) -> str:
    """The delimiter among ``,`` ``;`` and tab that splits the header line most often.

    >>> sniff_delimiter("id;текст;дата\\n1;Привет, мир;2024")
    ';'
    """
    header = _first_record(sample)
    counts = {d: _count_outside_quotes(header, d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _first_record(sample: str) -> str:
    quoted = False
    for i, ch in enumerate(sample):
        if ch == '"':
            quoted = not quoted
        elif ch == "\n" and not quoted:
            return sample[:i]
    return sample


def _count_outside_quotes(line: str, delimiter: str) -> int:
    quoted, count = False, 0
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


@contextmanager
def _open_csv(path: Path, delimiter: str | None) -> Iterator[Table]:
    encoding = detect_encoding(path)
    with path.open("r", encoding=encoding, errors="strict", newline="") as fh:
        try:
            sample = fh.read(64 * 1024)
        except UnicodeDecodeError as err:
            raise InputError(f"{path}: байты около позиции {err.start} не читаются как {encoding}.") from None
        if encoding == "cp1251" and not _mostly_readable(sample):
            raise InputError(
                f"{path}: не удалось определить кодировку (не UTF-8 и не похоже на cp1251). "
                "Пересохраните таблицу в UTF-8."
            )
        fh.seek(0)
        delimiter = delimiter or sniff_delimiter(sample.lstrip("\ufeff"))
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError(f"{path}: таблица пустая — нет даже строки заголовков.") from None
        except csv.Error as err:
            raise InputError(f"{path}: строка 1 не читается как CSV ({err}).") from None
        header = [h.lstrip("\ufeff").strip() for h in header]
        yield Table(
            columns=header,
            rows=_csv_rows(reader, len(header), path),
            encoding=encoding_name(encoding),
            delimiter=delimiter,
        )


def _csv_rows(reader: csv.reader, width: int, path: Path) -> Iterator[Row]:  # type: ignore[valid-type]
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise InputError(
                f"{path}: ошибка в кавычках около строки {reader.line_num}: {err}. "
                "Проверьте, что каждая кавычка в ячейке закрыта или удвоена."
            ) from None
        yield Row(_fit(row, width))


def _fit(row: list[str], width: int) -> list[str]:
    if len(row) < width:
        return row + [""] * (width - len(row))
    return row


# --- XLSX ------------------------------------------------------------------------------

XLSX_FULL_LOAD_LIMIT = 20 * 1024 * 1024  # bytes; larger books are streamed without cell notes


@contextmanager
def _open_xlsx(path: Path, sheet: str | None) -> Iterator[Table]:
    import openpyxl  # imported here: only spreadsheet users pay for it

    streamed = path.stat().st_size > XLSX_FULL_LOAD_LIMIT
    try:
        values_book = openpyxl.load_workbook(path, read_only=streamed, data_only=True)
        formula_book = None if streamed else openpyxl.load_workbook(path, read_only=False, data_only=False)
    except Exception as err:  # openpyxl raises many kinds for damaged files
        raise InputError(f"{path}: не удалось открыть как XLSX ({type(err).__name__}).") from None
    try:
        if sheet is not None and sheet not in values_book.sheetnames:
            names = ", ".join(values_book.sheetnames)
            raise InputError(f"{path}: нет листа «{sheet}». Листы в книге: {names}.")
        ws = values_book[sheet] if sheet is not None else values_book.worksheets[0]
        fws = formula_book[ws.title] if formula_book is not None else None
        rows = ws.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None or all(v is None for v in header_row):
            raise InputError(f"{path}: лист «{ws.title}» пустой — нет строки заголовков.")
        header = [_cell(v) for v in header_row]
        while header and not header[-1]:
            header.pop()
        yield Table(columns=header, rows=_xlsx_rows(rows, fws, len(header)), sheet=ws.title)
    finally:
        values_book.close()
        if formula_book is not None:
            formula_book.close()


def _xlsx_rows(rows: Iterator[tuple], formulas, width: int) -> Iterator[Row]:  # noqa: ANN001 - a worksheet
    merged = _merged_followers(formulas) if formulas is not None else {}
    formula_rows = formulas.iter_rows(min_row=2, values_only=True) if formulas is not None else None
    for number, values in enumerate(rows, 2):
        cells = [_cell(v) for v in values][:width]
        notes: dict[int, str] = {}
        raw = next(formula_rows, None) if formula_rows is not None else None
        for col in range(min(width, len(values))):
            formula = raw[col] if raw is not None and col < len(raw) else None
            if isinstance(formula, str) and formula.startswith("="):
                if values[col] is None:
                    notes[col] = "в ячейке формула без сохранённого значения — откройте и сохраните файл в Excel"
            if (number, col + 1) in merged and not cells[col]:
                notes[col] = f"ячейка входит в объединённую область {merged[(number, col + 1)]}"
        yield Row(_fit(cells, width), notes)


def _merged_followers(ws) -> dict[tuple[int, int], str]:  # noqa: ANN001 - a worksheet
    """(row, column) of every merged cell but the top-left one, with the range's name."""
    followers = {}
    for rng in ws.merged_cells.ranges:
        for row in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                if (row, col) != (rng.min_row, rng.min_col):
                    followers[(row, col)] = rng.coord
    return followers


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- JSONL -----------------------------------------------------------------------------

@contextmanager
def _open_jsonl(path: Path) -> Iterator[Table]:
    records = list(_jsonl_records(path))
    columns: list[str] = []
    for record in records:
        for key in record:
            if key not in columns:
                columns.append(key)
    rows = (Row([_json_cell(r.get(c)) for c in columns]) for r in records)
    yield Table(columns=columns, rows=rows, encoding="UTF-8")


def _jsonl_records(path: Path) -> Iterator[dict]:
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()
            except UnicodeDecodeError:
                raise InputError(f"{path}: строка {number} не в UTF-8; JSONL должен быть в UTF-8.") from None
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"{path}: строка {number} — не JSON ({err.msg}).") from None
            if not isinstance(record, dict):
                raise InputError(f"{path}: строка {number} — ожидался объект JSON {{...}}.")
            yield record


def _json_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)

