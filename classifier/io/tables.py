"""Read tables of posts: CSV and TSV (streamed), XLSX (first sheet or a named one), JSONL.

Every reader yields rows aligned to a header of unique names (:class:`~classifier.io.rows.Table`),
one per input row and covering every cell, so the caller can keep every row and column of
what the user gave: a repeated header name gets «_2», «_3»..., a column without a header
(an empty header cell, or cells beyond it) gets «колонка_N». CSV encoding (UTF-8, UTF-8 with
BOM, cp1251, UTF-16) and delimiter (``,`` ``;`` tab) are detected: Excel in a Russian locale
writes ``;`` and cp1251.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from classifier.errors import InputError
from classifier.io.columns import unique_names
from classifier.io.encoding import _mostly_readable, looks_binary
from classifier.io.rows import Row, Table
from classifier.scoring.scorer import SURROGATES_WARNING, replace_surrogates

__all__ = ["TABLE_SUFFIXES", "Row", "Table", "open_table", "table_kind"]

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".jsonl")
_CHUNK = 1 << 20
_NOT_CYRILLIC = re.compile("[^\u0400-\u04ff]+")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


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
        from classifier.io.xlsx import open_xlsx

        with open_xlsx(path, sheet) as table:
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
        except UnicodeDecodeError:
            raise _undecodable(path, encoding) from None
        if encoding == "cp1251" and not _mostly_readable(sample):
            raise InputError(
                f"{path}: не удалось определить кодировку (не UTF-8 и не похоже на cp1251). "
                "Пересохраните таблицу в UTF-8."
            )
    delimiter = delimiter or sniff_delimiter(sample.lstrip("\ufeff"))
    width = _csv_width(path, encoding, delimiter)
    with path.open("r", encoding=encoding, errors="strict", newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        try:
            header = next(reader)
        except (StopIteration, csv.Error, UnicodeDecodeError):  # _csv_width has read it already
            raise InputError(f"{path}: таблица пустая — нет даже строки заголовков.") from None
        header = [h.lstrip("\ufeff") for h in header]
        yield Table(
            columns=unique_names(header, width),
            rows=_csv_rows(reader, width, path, encoding),
            kind="tsv" if delimiter == "\t" and path.suffix.lower() == ".tsv" else "csv",
            encoding=encoding_name(encoding),
            delimiter=delimiter,
        )


def _csv_width(path: Path, encoding: str, delimiter: str) -> int:
    """The number of cells of the longest row; a first pass that also finds broken rows.

    Quoting errors and bytes that are not in the file's encoding stop here, with the row
    named, before anything is scored or written.
    """
    with path.open("r", encoding=encoding, errors="strict", newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        width, number = 0, 0
        try:
            for number, row in enumerate(reader, 1):  # noqa: B007 - number names the row in errors
                width = max(width, len(row))
        except csv.Error as err:
            raise InputError(
                f"{path}: ошибка в кавычках около строки {number + 1}: {err}. "
                "Проверьте, что каждая кавычка в ячейке закрыта или удвоена."
            ) from None
        except UnicodeDecodeError:
            raise _undecodable(path, encoding) from None
    if not number:
        raise InputError(f"{path}: таблица пустая — нет даже строки заголовков.")
    return width


_MARK = "\U0010fffe"  # a noncharacter: stands for undecodable bytes while looking for them
codecs.register_error("postcheck-mark", lambda err: (_MARK, err.end))


def _undecodable(path: Path, encoding: str) -> InputError:
    """The error for bytes that are not in the file's encoding, naming the row that holds them."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="postcheck-mark")
    good: list[str] = []
    with path.open("rb") as fh:
        while data := fh.read(_CHUNK):
            text = decoder.decode(data)
            if _MARK in text:
                good.append(text[:text.index(_MARK)])
                break
            good.append(text)
    row = sum(1 for _ in csv.reader(io.StringIO("".join(good) + "X", newline="")))
    return InputError(
        f"{path}: в строке {row} есть байты, которые не читаются как {encoding_name(encoding)}. "
        "Исправьте эти символы или пересохраните таблицу в UTF-8."
    )


def _csv_rows(reader: csv.reader, width: int, path: Path, encoding: str) -> Iterator[Row]:  # type: ignore[valid-type]
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError):  # the file changed since _csv_width read it
            raise InputError(f"{path}: файл изменился во время проверки (строка {reader.line_num}).") from None
        yield Row(_fit(row, width))


def _fit(row: list[str], width: int) -> list[str]:
    if len(row) < width:
        return row + [""] * (width - len(row))
    return row


# --- JSONL -----------------------------------------------------------------------------

@contextmanager
def _open_jsonl(path: Path) -> Iterator[Table]:
    records = list(_jsonl_records(path))
    keys: list[str] = []
    seen: set[str] = set()
    for record, _ in records:
        for key in record:
            if key not in seen:
                seen.add(key)
                keys.append(key)
    rows = (_jsonl_row(record, keys, warnings) for record, warnings in records)
    yield Table(columns=unique_names(keys, len(keys)), rows=rows, kind="jsonl", encoding="UTF-8")


def _jsonl_row(record: dict, keys: list[str], warnings: list[str]) -> Row:
    cells = [record.get(k) for k in keys]
    return Row([_json_cell(v) for v in cells], cells=cells, warnings=warnings)


def _jsonl_records(path: Path) -> Iterator[tuple[dict, list[str]]]:
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
            except RecursionError:
                raise InputError(f"{path}: строка {number} — слишком глубоко вложенный JSON.") from None
            if not isinstance(record, dict):
                raise InputError(f"{path}: строка {number} — ожидался объект JSON {{...}}.")
            replaced = False
            if _SURROGATE_ESCAPE.search(line):  # the only way a lone surrogate gets into valid UTF-8 JSON
                record, replaced = _without_surrogates(record)
            yield record, [SURROGATES_WARNING] if replaced else []


def _without_surrogates(value: object) -> tuple[object, bool]:
    """A JSON value with lone surrogates («\\ud800» escapes) replaced in every string and key."""
    if isinstance(value, str):
        return replace_surrogates(value)
    if isinstance(value, list):
        items = [_without_surrogates(v) for v in value]
        return [v for v, _ in items], any(r for _, r in items)
    if isinstance(value, dict):
        replaced = False
        out = {}
        for key, item in value.items():
            key, r1 = replace_surrogates(key)
            out[key], r2 = _without_surrogates(item)
            replaced = replaced or r1 or r2
        return out, replaced
    return value, False


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

