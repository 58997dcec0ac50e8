"""An archive's source: a Parquet file or folder as it is, a CSV/TSV/JSONL table staged as Parquet.

Dask reads Parquet in parallel. A CSV cannot be split by bytes (a post's text holds line
breaks inside quotes), so a table is read once by the content-plan reader (the same
encoding, delimiter and cell rules as ``postcheck plan.csv``) and written as Parquet parts
of :data:`PART_ROWS` rows into a staging folder, streamed, with every cell as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from classifier.errors import InputError
from classifier.io.tables import Row, open_table

PARQUET_SUFFIXES = (".parquet", ".parq", ".pq")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl")
PART_ROWS = 20_000  # rows per partition: ~10 s of scoring on one core, small enough to retry


@dataclass
class Source:
    """What Dask reads: Parquet files in order, their columns and row count."""

    path: Path  # what the user gave
    files: list[Path]  # Parquet files, in the archive's order
    schema: pa.Schema
    n_rows: int
    kind: str  # "parquet", "csv", "tsv" or "jsonl"
    encoding: str | None = None
    delimiter: str | None = None


def source_kind(path: Path) -> str:
    """'parquet' for a Parquet file or folder, else the table kind; InputError otherwise."""
    if not path.exists():
        raise InputError(f"{path}: файл или папка не найдены.")
    suffix = path.suffix.lower()
    if path.is_dir() or suffix in PARQUET_SUFFIXES:
        return "parquet"
    if suffix in TABLE_SUFFIXES:
        return suffix[1:]
    raise InputError(f"{path}: архив должен быть файлом Parquet, папкой с файлами Parquet, .csv, .tsv или .jsonl"
                     " (таблицу XLSX сохраните как CSV).")


def table_schema(path: Path) -> pa.Schema:
    """The columns of a CSV/TSV/JSONL table as staged (every cell text), read without staging."""
    with open_table(path) as table:
        return pa.schema([(name, pa.string()) for name in table.columns])


def open_parquet(path: Path) -> Source:
    """A Parquet file or a folder of them (searched recursively, hidden files skipped)."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in PARQUET_SUFFIXES and p.is_file()
                       and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts))
        if not files:
            raise InputError(f"{path}: в папке нет файлов Parquet (.parquet, .parq, .pq).")
    else:
        files = [path]
    try:
        _check_same_columns(files)
        dataset = pads.dataset([str(f) for f in files], format="parquet")
        return Source(path, files, dataset.schema, dataset.count_rows(), "parquet")
    except (pa.ArrowInvalid, OSError) as err:
        raise InputError(f"{path}: не читается как Parquet ({_first_line(err)}).") from None


def _check_same_columns(files: list[Path]) -> None:
    """Every file of a folder must have the first file's columns and types (a footer read each)."""
    first = pq.read_schema(files[0])
    for other in files[1:]:
        schema = pq.read_schema(other)
        if not schema.equals(first, check_metadata=False):
            raise InputError(f"у файлов архива разные колонки или типы: {files[0]} и {other}. "
                             "Оцените их по отдельности или приведите к одной схеме.")


def stage_table(path: Path, folder: Path, part_rows: int = PART_ROWS) -> Source:
    """Write the table's rows as Parquet parts (every cell a string) into ``folder``."""
    schema = table_schema(path)
    with open_table(path) as table:
        files, n_rows = [], 0
        for number, rows in enumerate(_chunks(table.rows, part_rows)):
            files.append(_write_part(rows, schema, folder / f"part.{number:06d}.parquet"))
            n_rows += len(rows)
        if not files:  # a header and no rows: one empty part keeps the columns
            files.append(_write_part([], schema, folder / "part.000000.parquet"))
        return Source(path, files, schema, n_rows, path.suffix.lower()[1:], table.encoding, table.delimiter)


def _write_part(rows: list[Row], schema: pa.Schema, target: Path) -> Path:
    columns = list(zip(*(row.values[:len(schema)] for row in rows))) or [() for _ in schema]
    arrays = [pa.array(values, type=pa.string()) for values in columns]
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), target)
    return target


def _chunks(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
