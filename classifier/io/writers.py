"""Write scored tables: CSV/TSV (UTF-8 with BOM, so Excel reads Cyrillic), XLSX, JSONL.

Writers stream rows and write to a temporary file beside the target; only a complete file
is renamed into place, so a failed run never leaves half a table or damages the input.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from classifier.errors import InputError

OUTPUT_SUFFIXES = (".csv", ".tsv", ".xlsx", ".jsonl")


class TableWriter:
    """Streams rows to ``path`` through a temporary file; call ``commit`` at the end."""

    def __init__(self, path: Path, columns: Sequence[str], delimiter: str = ",") -> None:
        self.path = Path(path)
        suffix = self.path.suffix.lower()
        if suffix not in OUTPUT_SUFFIXES:
            raise InputError(f"{path}: результат можно записать в .csv, .tsv, .xlsx или .jsonl.")
        if self.path.is_dir():
            raise InputError(f"{path}: это папка, укажите имя файла.")
        self.columns = list(columns)
        self.kind = suffix[1:]
        folder = self.path.parent if str(self.path.parent) else Path(".")
        if not folder.is_dir():
            raise InputError(f"{path}: папки {folder} нет.")
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        os.close(fd)
        self.tmp = Path(tmp)
        self._book = None
        if self.kind == "xlsx":
            import openpyxl

            self._book = openpyxl.Workbook(write_only=True)
            self._sheet = self._book.create_sheet("postcheck")
            self._sheet.append(self.columns)
            self._fh = None
        else:
            self._fh = self.tmp.open("w", encoding="utf-8-sig" if self.kind != "jsonl" else "utf-8", newline="")
            if self.kind in ("csv", "tsv"):
                self._csv = csv.writer(self._fh, delimiter="\t" if self.kind == "tsv" else delimiter)
                self._csv.writerow(self.columns)

    def write(self, values: Sequence[object]) -> None:
        if self.kind == "xlsx":
            self._sheet.append([self._xlsx_cell(v) for v in values])
        elif self.kind == "jsonl":
            self._fh.write(json.dumps(dict(zip(self.columns, values)), ensure_ascii=False) + "\n")
        else:
            self._csv.writerow(["" if v is None else v for v in values])

    def commit(self) -> None:
        """Finish the file and move it into place."""
        if self._book is not None:
            self._book.save(self.tmp)
        elif self._fh is not None:
            self._fh.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        if self._fh is not None and not self._fh.closed:
            self._fh.close()
        self.tmp.unlink(missing_ok=True)

    def _xlsx_cell(self, value: object) -> object:
        """Text starting with «=» stays text: openpyxl would otherwise store a formula."""
        if isinstance(value, str) and value.startswith("="):
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(self._sheet, value=value)
            cell.data_type = "s"
            return cell
        return value
