"""Read one sheet of an XLSX workbook: every row, typed cells, bounded work.

A workbook is a zip of XML parts, and a small file can declare or inflate to something
huge: a cell at XFD1048576 makes the sheet 17 billion cells wide and tall, a comment can
inflate to hundreds of megabytes. Before openpyxl parses anything the archive is checked
(:func:`inspect_archive`), and the sheet's used range must stay under :data:`MAX_CELLS`.
Values are streamed (openpyxl's read-only mode, which never builds a cell per empty
position); a small workbook is also read for formulas without a saved value and for
merged cells, so those rows get a note instead of an empty text.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from classifier.errors import InputError
from classifier.io.columns import unique_names
from classifier.io.rows import Row, Table
from classifier.language.numerals import count, number

FULL_READ_LIMIT = 20 * 1024 * 1024  # packed bytes; larger books are streamed without cell notes
FULL_READ_UNZIPPED = 200 * 1024 * 1024  # unzipped bytes, for the same choice
MAX_UNZIPPED = 4 * 1024 * 1024 * 1024  # unzipped bytes of the whole workbook
BOMB_RATIO = 100  # a part inflating over 100 times its packed size...
BOMB_MIN = 50 * 1024 * 1024  # ...to more than this is refused
MAX_CELLS = 30_000_000  # rows x columns of the used range of the sheet
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")


@dataclass(frozen=True)
class Archive:
    packed: int  # bytes of the file
    unzipped: int  # bytes of all its parts, inflated

    @property
    def small(self) -> bool:
        """Small enough to read whole (cell notes) and to rewrite with openpyxl."""
        return self.packed <= FULL_READ_LIMIT and self.unzipped <= FULL_READ_UNZIPPED


def inspect_archive(path: Path) -> Archive:
    """Check the zip behind an XLSX file before it is parsed; InputError when it is unsafe."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError(f"{path}: не удалось открыть как XLSX — файл повреждён или это не XLSX.") from None
    for part in parts:
        if part.file_size > BOMB_MIN and part.file_size > BOMB_RATIO * max(part.compress_size, 1):
            raise InputError(
                f"{path}: часть книги {part.filename} распаковывается из {_mb(part.compress_size)} "
                f"в {_mb(part.file_size)} — так выглядит «zip-бомба», такой файл postcheck не читает."
            )
    unzipped = sum(p.file_size for p in parts)
    if unzipped > MAX_UNZIPPED:
        raise InputError(f"{path}: книга после распаковки занимает {_mb(unzipped)} — больше, чем postcheck "
                         f"читает ({_mb(MAX_UNZIPPED)}). Сохраните нужный лист в CSV.")
    return Archive(path.stat().st_size, unzipped)


def _mb(size: int) -> str:
    return f"{number(size / 1024 / 1024, 1)} МБ"


def cell_text(value: object) -> str:
    """The text of a cell value, as a person would read it.

    >>> cell_text(3.0), cell_text(dt.datetime(2025, 3, 1)), cell_text("а_x000B_б"), cell_text(None)
    ('3', '2025-03-01', 'а\\x0bб', '')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return unescape(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return str(value)


def unescape(text: str) -> str:
    """Characters Excel stores as ``_xHHHH_`` (control characters such as Word's line break)."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _typed(value: object) -> object:
    return unescape(value) if isinstance(value, str) else value


@contextmanager
def open_xlsx(path: Path, sheet: str | None) -> Iterator[Table]:
    """The rows of one sheet (the first, or the one named); InputError with a Russian message."""
    archive = inspect_archive(path)
    with ExitStack() as stack:
        values_book = stack.enter_context(_book(path, data_only=True))
        ws = _sheet(path, values_book, sheet)
        try:
            formulas = merged = None
            if archive.small:
                formulas = stack.enter_context(_book(path, data_only=False))[ws.title]
                merged = _merged_index(path, ws.title)
            # A formula without a saved value reads as empty among the values: count on the formulas.
            n_rows, n_cols = _used_range(path, formulas or ws, recount=archive.small)
            first = ws.iter_rows(min_row=1, max_row=1, max_col=n_cols, values_only=True) if n_rows else iter(())
            header = next(first, None)
            if header is None or all(v is None for v in header):
                raise InputError(f"{path}: лист «{ws.title}» пустой — нет строки заголовков.")
        except InputError:
            raise
        except Exception as err:  # noqa: BLE001 - a damaged sheet: XML, zip and value errors of many kinds
            raise _damaged(path, ws.title, err) from None
        columns = unique_names([cell_text(v) for v in header[:n_cols]], n_cols)
        rows = _rows(ws, formulas, merged, n_rows, n_cols)
        yield Table(columns=columns, rows=_guarded(rows, path, ws.title), kind="xlsx", sheet=ws.title)


def _damaged(path: Path, title: str, err: Exception, row: int | None = None) -> InputError:
    where = f" после строки {row}" if row is not None else ""
    return InputError(f"{path}: лист «{title}» повреждён{where} и не читается ({type(err).__name__}). "
                      "Откройте файл в Excel и сохраните его заново.")


def _guarded(rows: Iterator[Row], path: Path, title: str) -> Iterator[Row]:
    """The rows, with a damaged part of the sheet turned into a Russian error naming the row."""
    number = 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except InputError:
            raise
        except Exception as err:  # noqa: BLE001 - as in open_xlsx
            raise _damaged(path, title, err, number) from None
        number += 1
        yield row


@contextmanager
def _book(path: Path, data_only: bool, read_only: bool = True):  # noqa: ANN202 - an openpyxl Workbook
    import openpyxl  # imported here: only spreadsheet users pay for it

    try:
        with warnings.catch_warnings():  # openpyxl warns in English about parts it skips
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=read_only, data_only=data_only)
    except InputError:
        raise
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds for damaged files
        raise InputError(f"{path}: не удалось открыть как XLSX ({type(err).__name__}).") from None
    try:
        yield book
    finally:
        book.close()


def _sheet(path: Path, book, name: str | None):  # noqa: ANN001, ANN202 - openpyxl objects
    if name is not None and name not in book.sheetnames:
        raise InputError(f"{path}: нет листа «{name}». Листы в книге: {', '.join(book.sheetnames)}.")
    if name is None and not book.worksheets:
        raise InputError(f"{path}: в книге нет ни одного листа с таблицей.")
    ws = book[name] if name is not None else book.worksheets[0]
    if not hasattr(ws, "iter_rows"):
        raise InputError(f"{path}: лист «{ws.title}» — диаграмма, а не таблица. Укажите другой: --sheet ИМЯ.")
    return ws


def _used_range(path: Path, ws, recount: bool) -> tuple[int, int]:  # noqa: ANN001 - a read-only worksheet
    """Rows and columns of the sheet up to the last value.

    A large book's declaration is trusted unless it is missing or huge; otherwise the cells
    are counted in one streaming pass (formatting alone does not count).
    """
    rows, cols = ws.max_row, ws.max_column
    if recount or not rows or not cols or rows * cols > MAX_CELLS:
        ws.reset_dimensions()
        rows = cols = 0
        for index, row in enumerate(ws.iter_rows(values_only=True), 1):  # only the cells there are
            for i in range(len(row) - 1, cols - 1, -1):
                if row[i] is not None:
                    cols = i + 1
                    break
            if index > rows and any(v is not None for v in row):
                rows = index
    if rows * cols > MAX_CELLS:
        raise InputError(
            f"{path}: на листе «{ws.title}» заполнен диапазон {count(rows, 'строка', 'строки', 'строк')} × "
            f"{count(cols, 'колонка', 'колонки', 'колонок')} — больше, чем postcheck читает "
            f"({number(MAX_CELLS)} ячеек). Удалите лишние ячейки далеко справа или снизу "
            "или сохраните нужный лист в CSV."
        )
    return rows, cols


MergedIndex = dict[int, list[tuple[int, int, int, str]]]  # column -> (first row, last row, first column, range)


def _merged_index(path: Path, title: str) -> MergedIndex:
    """Merged ranges by column; a small book is read whole once for them."""
    with _book(path, data_only=False, read_only=False) as book:
        index: MergedIndex = {}
        for rng in book[title].merged_cells.ranges:
            for col in range(rng.min_col, rng.max_col + 1):
                index.setdefault(col, []).append((rng.min_row, rng.max_row, rng.min_col, rng.coord))
    return index


def _merged_note(index: MergedIndex, row: int, col: int) -> str | None:
    for first, last, first_col, coord in index.get(col, ()):
        if first <= row <= last and (row, col) != (first, first_col):
            return f"ячейка входит в объединённую область {coord}"
    return None


def _rows(ws, formulas, merged: MergedIndex | None, n_rows: int, width: int) -> Iterator[Row]:  # noqa: ANN001
    """Data rows (from row 2) of exactly ``width`` cells; empty rows at the end are not data.

    A row is empty when it holds no value and no formula (a merged cell's other parts hold
    none); an empty row between data rows is kept, with its notes.
    """
    values = ws.iter_rows(min_row=2, max_row=n_rows, max_col=width, values_only=True)
    raw = formulas.iter_rows(min_row=2, max_row=n_rows, max_col=width, values_only=True) if formulas else None
    pending: list[Row] = []  # empty rows not yet known to be followed by a row with values
    for sheet_row, cells in enumerate(values, 2):
        written = next(raw, None) if raw is not None else None
        notes = {}
        for col, value in enumerate(cells):
            if value is None and written is not None and _is_formula(written[col]):
                notes[col] = "в ячейке формула без сохранённого значения — откройте и сохраните файл в Excel"
            elif value is None and merged and (note := _merged_note(merged, sheet_row, col + 1)):
                notes[col] = note
        row = Row([cell_text(v) for v in cells], notes, [_typed(v) for v in cells])
        if all(v is None for v in cells) and (written is None or all(v is None for v in written)):
            pending.append(row)
            continue
        yield from pending
        pending.clear()
        yield row


def _is_formula(value: object) -> bool:
    return (isinstance(value, str) and value.startswith("=")) or type(value).__name__ in ("ArrayFormula",
                                                                                           "DataTableFormula")
