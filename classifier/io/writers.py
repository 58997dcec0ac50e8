"""Write scored tables: CSV/TSV (UTF-8 with BOM, so Excel reads Cyrillic), XLSX, JSONL.

Every writer streams rows to a temporary file beside the target (:mod:`classifier.io.atomic`);
only a complete file is renamed into place, so a failed or interrupted run never leaves
half a table, a stray temporary file or a damaged input.

* A workbook scored into XLSX keeps everything openpyxl can keep: every sheet, cell types
  (dates, numbers, formulas as formulas), styles, widths, merged cells, comments and the
  sheet's name; the ``postcheck_*`` columns are added to the right of the scored sheet. A
  workbook holding what openpyxl would drop (shapes, macros, slicers...) is refused.
* Other tables scored into XLSX get a new workbook; text is stored as text (a cell starting
  with «=» is not turned into a formula) and control characters are written the way Excel
  writes them (``_x000B_``).
* CSV/TSV: a text cell of an XLSX or JSONL table that starts with ``=``, ``+``, ``-``, ``@``,
  tab or carriage return gets a leading apostrophe (the OWASP advice against formula
  injection), unless it reads as a number; cells of a CSV input are copied as they are.
* JSONL keeps the types of the input (JSON values, XLSX numbers; dates as ISO text).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from classifier.errors import InputError
from classifier.io import atomic
from classifier.io.rows import Row, Table

OUTPUT_SUFFIXES = (".csv", ".tsv", ".xlsx", ".jsonl")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d[\d\s]*)?[.,]?\d+%?")
# What XML 1.0 cannot hold (control characters, U+FFFE, U+FFFF), and a literal «_xHHHH_».
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\uFFFE\uFFFF]|_(?=x[0-9A-Fa-f]{4}_)")
# Parts of a workbook that openpyxl does not carry over when it saves (Russian names for the message).
UNKEPT_PARTS = {
    "xl/vbaProject": "макросы", "xl/activeX/": "элементы ActiveX", "xl/ctrlProps/": "элементы управления",
    "xl/embeddings/": "внедрённые объекты", "xl/slicers/": "срезы", "xl/slicerCaches/": "срезы",
    "xl/timelines/": "временные шкалы", "xl/threadedComments/": "цепочки комментариев",
    "xl/model/": "модель данных", "xl/richData/": "картинки в ячейках", "customXml/": "пользовательские данные XML",
}
_SHAPES = re.compile(rb"<(?:\w+:)?(?:sp|grpSp|cxnSp)[ >]")


def output_kind(path: Path) -> str | None:
    """'csv', 'tsv', 'xlsx' or 'jsonl' by the file's suffix, else None."""
    suffix = Path(path).suffix.lower()
    return suffix[1:] if suffix in OUTPUT_SUFFIXES else None


def escape_formula(text: str) -> str:
    """A leading apostrophe for text a spreadsheet would run as a formula; numbers stay as they are.

    >>> escape_formula("=HYPERLINK(\\"http://x\\")"), escape_formula("-5"), escape_formula("+7 (812) 555")
    ('\\'=HYPERLINK("http://x")', '-5', "'+7 (812) 555")
    """
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def xlsx_text(text: str) -> str:
    """Text as an XLSX cell can hold it: control characters as ``_xHHHH_``, as Excel writes them.

    >>> xlsx_text("а\\x0bб _x0041_ \\uffff")
    'а_x000B_б _x005F_x0041_ _xFFFF_'
    """
    return _XLSX_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


class TableWriter:
    """Streams scored rows to ``path``; call ``commit`` at the end, ``abort`` on failure."""

    kind = ""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.tmp = atomic.create_temporary(self.path)

    def write(self, row: Row, added: Sequence[object]) -> None:
        raise NotImplementedError

    def _finish(self) -> None:
        """Complete the temporary file."""

    def _close(self) -> None:
        """Release what the writer holds, without completing the file."""

    def commit(self) -> None:
        """Finish the file and move it into place."""
        try:
            self._finish()
        except BaseException:
            self.abort()
            raise
        atomic.commit(self.tmp, self.path)

    def abort(self) -> None:
        try:
            self._close()
        finally:
            self.tmp.unlink(missing_ok=True)


def open_writer(path: Path, table: Table, source: Path, added: Sequence[str]) -> TableWriter:
    """The writer for ``path`` (by its suffix) of rows read from ``table``."""
    kind = output_kind(path)
    if kind is None:
        raise InputError(f"{path}: результат можно записать в .csv, .tsv, .xlsx или .jsonl.")
    columns = [*table.columns, *added]
    if kind == "xlsx" and table.kind == "xlsx":
        return WorkbookWriter(path, source, table.sheet or "", added)
    if kind == "xlsx":
        return NewWorkbookWriter(path, columns)
    if kind == "jsonl":
        return JsonlWriter(path, columns)
    delimiter = "\t" if kind == "tsv" else table.delimiter if table.delimiter in (",", ";") else ","
    return CsvWriter(path, columns, delimiter, escape=table.kind in ("xlsx", "jsonl"))


class _TextWriter(TableWriter):
    def __init__(self, path: Path, encoding: str) -> None:
        super().__init__(path)
        self._fh: IO[str] = self.tmp.open("w", encoding=encoding, newline="")

    def _finish(self) -> None:
        self._fh.close()

    def _close(self) -> None:
        self._fh.close()


class CsvWriter(_TextWriter):
    """CSV/TSV in UTF-8 with BOM; ``escape`` guards text cells against formula injection."""

    kind = "csv"

    def __init__(self, path: Path, columns: Sequence[str], delimiter: str, escape: bool) -> None:
        super().__init__(path, "utf-8-sig")
        self.escape = escape
        self._csv = csv.writer(self._fh, delimiter=delimiter)
        self._csv.writerow(columns)

    def write(self, row: Row, added: Sequence[object]) -> None:
        values = row.values
        if self.escape and row.cells is not None:
            values = [escape_formula(v) if isinstance(c, str) else v for v, c in zip(values, row.cells)]
        self._csv.writerow([*values, *("" if v is None else v for v in added)])


class JsonlWriter(_TextWriter):
    """One JSON object per row, with the input's types where it had them."""

    kind = "jsonl"

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        super().__init__(path, "utf-8")
        self.columns = list(columns)

    def write(self, row: Row, added: Sequence[object]) -> None:
        cells = row.values if row.cells is None else row.cells
        record = dict(zip(self.columns, [*cells, *added]))
        self._fh.write(json.dumps(record, ensure_ascii=False, default=_json_default) + "\n")


def _json_default(value: object) -> object:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


class NewWorkbookWriter(TableWriter):
    """A new one-sheet workbook, streamed (openpyxl's write-only mode)."""

    kind = "xlsx"

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        import openpyxl

        super().__init__(path)
        self._book = openpyxl.Workbook(write_only=True)
        self._sheet = self._book.create_sheet("postcheck")
        self._sheet.append([xlsx_text(c) for c in columns])

    def write(self, row: Row, added: Sequence[object]) -> None:
        cells = row.values if row.cells is None else row.cells
        self._sheet.append([self._cell(v) for v in [*cells, *added]])

    def _cell(self, value: object) -> object:
        if isinstance(value, (list, dict)):
            value = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, dt.timedelta):
            value = str(value)
        if not isinstance(value, str):
            return value
        value = xlsx_text(value)
        if value.startswith("="):  # text stays text: openpyxl would store a formula
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(self._sheet, value=value)
            cell.data_type = "s"
            return cell
        return value

    def _finish(self) -> None:
        self._book.save(self.tmp)

    def _close(self) -> None:
        # A write-only sheet streams into a temporary file of its own: finish and remove it
        # now, or its writer runs again at exit ("I/O operation on closed file").
        sheet = self._sheet
        try:
            if not sheet.closed:
                sheet.close()
        except Exception:  # noqa: BLE001, S110 - it is being thrown away
            pass
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            try:
                writer.cleanup()
            except Exception:  # noqa: BLE001, S110 - already gone
                pass


class WorkbookWriter(TableWriter):
    """The input workbook with the added columns to the right of the scored sheet."""

    kind = "xlsx"

    def __init__(self, path: Path, source: Path, sheet: str, added: Sequence[str]) -> None:
        from classifier.io.xlsx import inspect_archive

        if not inspect_archive(source).small:
            raise InputError(
                f"{source}: книга слишком большая, чтобы дописать в неё колонки с сохранением оформления. "
                "Запишите результат в .csv или .jsonl (-o оценки.csv)."
            )
        _refuse_unkept(source)
        self._book, dropped = _load_whole(source)
        if dropped:
            raise InputError(
                f"{source}: при сохранении через postcheck из книги пропало бы: {dropped}. Чтобы ничего "
                "не потерять, запишите результат в .csv или .jsonl (-o оценки.csv)."
            )
        super().__init__(path)
        self._sheet = self._book[sheet] if sheet else self._book.worksheets[0]
        self._first = self._sheet.max_column + 1
        self._row = 2
        for i, name in enumerate(added):
            self._sheet.cell(row=1, column=self._first + i, value=name)
        self._widths(added)

    def write(self, row: Row, added: Sequence[object]) -> None:
        for i, value in enumerate(added):
            if value not in (None, ""):
                self._sheet.cell(row=self._row, column=self._first + i,
                                 value=xlsx_text(value) if isinstance(value, str) else value)
        self._row += 1

    def _widths(self, added: Sequence[str]) -> None:
        from openpyxl.utils import get_column_letter

        for i, name in enumerate(added):
            width = 60 if name.endswith("reasons") else 40 if name.endswith("error") else max(len(name), 14) + 2
            self._sheet.column_dimensions[get_column_letter(self._first + i)].width = width

    def _finish(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self._book.save(self.tmp)

    def _close(self) -> None:
        self._book = None


def _refuse_unkept(source: Path) -> None:
    """InputError naming what the workbook holds that openpyxl would drop on saving."""
    import zipfile

    with zipfile.ZipFile(source) as archive:
        found = {name for prefix, name in UNKEPT_PARTS.items()
                 for part in archive.namelist() if part.startswith(prefix)}
        for part in archive.namelist():
            if part.startswith("xl/drawings/") and part.endswith(".xml") and "/_rels/" not in part:
                if _SHAPES.search(archive.read(part)):
                    found.add("фигуры и надписи")
    if found:
        raise InputError(
            f"{source}: в книге есть {', '.join(sorted(found))} — при записи XLSX они бы пропали. "
            "Чтобы ничего не потерять, запишите результат в .csv или .jsonl (-o оценки.csv)."
        )


def _load_whole(source: Path):  # noqa: ANN202 - an openpyxl Workbook, and what it would drop
    """The workbook as openpyxl edits it, and what openpyxl said it drops while reading it."""
    import openpyxl

    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        try:
            book = openpyxl.load_workbook(source, data_only=False, rich_text=True, keep_links=True)
        except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds for damaged files
            raise InputError(f"{source}: не удалось открыть как XLSX ({type(err).__name__}).") from None
    dropped = sorted({_dropped_name(str(w.message)) for w in said if _LOSS.search(str(w.message))})
    return book, ", ".join(dropped)


_LOSS = re.compile(r"remove|lost|discard|dropp|unable to read|treated as an error", re.IGNORECASE)
_LOSS_NAMES = (
    ("data validation", "расширенные проверки данных"), ("conditional formatting", "условное форматирование"),
    ("sparkline", "спарклайны"), ("slicer", "срезы"), ("comment", "примечания в объединённых ячейках"),
    ("image", "картинки"), ("chart", "диаграммы"), ("shapes", "фигуры"), ("date", "даты вне допустимых пределов"),
)


def _dropped_name(message: str) -> str:
    """A Russian name for what an openpyxl warning says it drops."""
    lower = message.lower()
    for english, russian in _LOSS_NAMES:
        if english in lower:
            return russian
    return "расширения Excel"
