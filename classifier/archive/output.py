"""The scored archive: a folder of Parquet parts, written whole or not at all.

Workers write their parts into a hidden temporary folder beside the target; only when every
part is there is the folder renamed to the target. A run that fails or is interrupted
removes the temporary folder, and an existing target is never touched.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from classifier.archive.summary import count
from classifier.errors import InputError
from classifier.scoring.archive import Counts

PART_NAME = "part.{:06d}.parquet"


class OutputFolder:
    """A temporary folder beside ``target``; :meth:`commit` renames it to ``target``."""

    def __init__(self, target: Path, label: str = "out") -> None:
        self.target = Path(target)
        self.path = self.target.parent / f".{self.target.name}.postcheck-{label}-{uuid.uuid4().hex[:8]}"
        self.path.mkdir()

    def commit(self) -> None:
        for leftover in self.path.glob(".*.tmp"):  # a part written by an attempt that died midway
            leftover.unlink()
        if self.target.exists():
            raise InputError(f"{self.target}: появился, пока шла оценка; результат не записан.")
        os.rename(self.path, self.target)

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def check_target(target: Path, source: Path) -> None:
    """Refuse a target that exists, lies inside the source, or has no parent folder."""
    target, source = Path(target), Path(source)
    if target.exists():
        what = "это входной архив" if target.resolve() == source.resolve() else "уже существует"
        raise InputError(f"{target}: {what}. Укажите новое имя папки для результата — "
                         "postcheck ничего не перезаписывает.")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{target}: папки {parent} нет.")
    if source.is_dir() and target.resolve().is_relative_to(source.resolve()):
        raise InputError(f"{target}: папка результата внутри папки архива {source}; укажите место вне её.")


def write_part(frame: pd.DataFrame, folder: str, number: int, schema: pa.Schema, date_column: str | None) -> Counts:
    """Write one scored partition (runs on a worker); its counts go back to the driver.

    The part is written under a temporary name and renamed, so a retried task replaces a
    whole part and a reader never sees half of one.
    """
    target = Path(folder) / PART_NAME.format(number)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    pq.write_table(table.replace_schema_metadata(schema.metadata), tmp)
    os.replace(tmp, target)
    return count(frame, date_column)
