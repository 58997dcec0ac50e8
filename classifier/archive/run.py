"""``postcheck archive``: the driver of one run, from the source to the renamed output folder.

Everything the user can get wrong (paths, columns, model, settings) is checked before a
cluster starts; then the cluster starts, a table is staged as Parquet meanwhile, every
partition is scored and written on the workers, and the output folder is renamed into place.
``score_archive(Path("posts.parquet"), Path("scored"), jobs=2)`` returns an ArchiveOutcome.
"""

from __future__ import annotations

import math
import os
import time
import uuid
from collections.abc import Callable
from concurrent.futures import CancelledError
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

import dask
import dask.dataframe as dd
import pandas as pd
import pyarrow as pa
from distributed import as_completed
from distributed.scheduler import KilledWorker

from classifier.actions import default_model_path, load_scorer
from classifier.archive.cluster import connect
from classifier.archive.output import OutputFolder, check_target, write_part
from classifier.archive.sources import PART_ROWS, Source, open_parquet, source_kind, stage_table, table_schema
from classifier.archive.summary import date_column as find_date_column
from classifier.archive.worker import ADDED_TYPES, ScorerPlugin, ScorerSpec, empty_added, score_partition
from classifier.batch import TEXT_COLUMNS
from classifier.errors import InputError, PostcheckError
from classifier.io.columns import find_column
from classifier.io.config import Config
from classifier.scoring.archive import ArchiveOutcome, Counts
from classifier.scoring.settings import Settings

MIN_PART_ROWS = 100
READ_BLOCK = "64MiB"  # Parquet row groups are read in partitions of about this much data
RETRIES = 1  # a task that raised is tried once more; a task whose worker died is moved by Dask itself
NO_WORKERS_TIMEOUT = 60.0  # seconds
POLL = 0.2  # seconds between looks at finished parts
LOOK_EVERY = 2.0  # seconds between asking the scheduler whether it still has workers
Progress = Callable[[int, int, float], None]  # rows done, rows in all, seconds since the start


class ArchiveFailed(PostcheckError):
    """The cluster could not finish the run; nothing was written."""


def score_archive(
    source: Path,
    output: Path,
    scheduler: str | None = None,
    jobs: int | None = None,
    column: str | None = None,
    date_column: str | None = None,
    model: str | None = None,
    config: Config | None = None,
    threshold: float | None = None,
    progress: Progress | None = None,
    part_rows: int = PART_ROWS,
) -> ArchiveOutcome:
    """Score every row of an archive on a Dask cluster and write it as a Parquet folder.

    Without ``scheduler`` a local cluster of ``jobs`` workers (default: one per core) runs it.
    """
    if jobs is not None and jobs < 1:
        raise InputError(f"--jobs: нужно целое число от 1, а не {jobs}.")
    if scheduler is not None and jobs is not None:
        raise InputError("--jobs задаёт число обработчиков локального кластера; с --scheduler их даёт сам кластер.")
    started = time.perf_counter()
    source, output, config = Path(source), Path(output), config or Config(Settings())
    kind = source_kind(source)
    check_target(output, source)
    parquet = open_parquet(source) if kind == "parquet" else None
    schema = parquet.schema if parquet is not None else table_schema(source)
    columns = schema.names
    text_i = find_column(columns, column, TEXT_COLUMNS, source, "текстом постов")
    date_name = find_date_column(schema, columns[text_i], date_column, str(source))
    _check_columns(columns, source)
    spec, notes = _scorer_spec(model, config, threshold)
    with ExitStack() as stack:
        # the cluster starts first: its workers load the model while a table is staged
        cluster = stack.enter_context(connect(scheduler, jobs or os.cpu_count() or 1))
        data = parquet if parquet is not None else _staged(source, output, part_rows, stack)
        out = OutputFolder(output)
        stack.callback(out.remove)
        report = None if progress is None else lambda done: progress(done, data.n_rows, time.perf_counter() - started)
        counts, partitions = _run(cluster.client, data, columns[text_i], date_name, spec, out.path,
                                  partitions_for(data.n_rows, cluster.workers, part_rows), report)
        out.commit()
    return ArchiveOutcome(source, output, kind, columns[text_i], date_name, counts, scheduler, cluster.workers,
                          partitions, data.encoding, notes, time.perf_counter() - started)


def partitions_for(n_rows: int, workers: int, part_rows: int = PART_ROWS) -> int:
    """Partitions of at most ``part_rows`` rows, and at least four per worker while each
    keeps :data:`MIN_PART_ROWS` rows, so that a small archive still uses every worker.

    >>> partitions_for(1_000_000, 2), partitions_for(300, 2), partitions_for(300, 64), partitions_for(0, 2)
    (50, 3, 3, 1)
    """
    return max(1, math.ceil(n_rows / part_rows), min(4 * workers, n_rows // MIN_PART_ROWS))


def _staged(source: Path, output: Path, part_rows: int, stack: ExitStack) -> Source:
    """A CSV/TSV/JSONL table as Parquet parts in a temporary folder beside the output."""
    staging = OutputFolder(output, "input")
    stack.callback(staging.remove)
    return stage_table(source, staging.path, part_rows)


def _check_columns(columns: list[str], source: Path) -> None:
    clash = [c for c in ADDED_TYPES if c in columns]
    if clash:
        raise InputError(f"{source}: в архиве уже есть колонки {', '.join(clash)} — это результат прошлой "
                         "проверки? Удалите их или оцените исходный архив.")
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise InputError(f"{source}: колонки с одинаковыми именами: {', '.join(repeated)}. Переименуйте их.")


def _scorer_spec(model: str | None, config: Config, threshold: float | None) -> tuple[ScorerSpec, list[str]]:
    """Check the model and settings here (errors before any cluster starts) and pack them for workers."""
    loaded = load_scorer(model, config, threshold)  # raises the same Russian errors as a content plan
    chosen = model or config.model
    path = Path(chosen) if chosen is not None else default_model_path()
    data = path.read_bytes() if loaded.scorer.model is not None else None
    return ScorerSpec(data, replace(config, model=None), threshold), loaded.notes


def _run(client, data: Source, text_column: str, date_column: str | None, spec: ScorerSpec,  # noqa: ANN001
         folder: Path, partitions: int, progress: Callable[[int], None] | None) -> tuple[Counts, int]:
    """Score and write every partition; the counts of all rows, and the number of parts."""
    plugin = f"postcheck-scorer-{uuid.uuid4().hex[:8]}"
    client.register_plugin(ScorerPlugin(spec), name=plugin)
    try:
        writes = _writes(data, text_column, date_column, plugin, folder, partitions)
        futures = client.compute(writes, retries=RETRIES)
        try:
            return _collect(client, futures, progress), len(writes)
        finally:
            client.cancel(futures)
    finally:
        try:
            client.unregister_worker_plugin(plugin)
        except (OSError, ValueError, KeyError):
            pass  # the workers are gone: nothing to clean up on them


def _writes(data: Source, text_column: str, date_column: str | None, plugin: str, folder: Path,
            partitions: int) -> list:
    """One delayed task per partition: read it, score it (``map_partitions``), write it as a part."""
    frame = dd.read_parquet([str(f) for f in data.files], dtype_backend="pyarrow", index=False,
                            split_row_groups="infer", blocksize=READ_BLOCK)
    if frame.npartitions < partitions:
        frame = frame.repartition(npartitions=partitions)
    meta = empty_added(data.schema.empty_table().to_pandas(types_mapper=pd.ArrowDtype))
    scored = frame.map_partitions(score_partition, text_column, plugin, meta=meta)
    schema = _output_schema(data.schema)
    return [dask.delayed(write_part)(part, str(folder), i, schema, date_column)
            for i, part in enumerate(scored.to_delayed())]


def _collect(client, futures: list, progress: Callable[[int], None] | None) -> Counts:  # noqa: ANN001
    """Add up the parts' counts as they finish; stop in Russian when the cluster cannot finish.

    Dask waits for workers without end; a run whose cluster has had no worker for
    :data:`NO_WORKERS_TIMEOUT` seconds stops instead.
    """
    counts = Counts()
    if progress is not None:
        progress(0)
    pending = as_completed(futures, with_results=True)  # ready once the result is here: never blocks
    alone_since: float | None = None
    looked = time.monotonic()
    try:
        while not pending.is_empty():
            if pending.has_ready():
                _, part = next(pending)  # raises what the task raised (KilledWorker...)
                counts.add(part)
                if progress is not None:
                    progress(counts.rows)
                continue
            time.sleep(POLL)
            if time.monotonic() - looked < LOOK_EVERY:
                continue
            looked = time.monotonic()
            alone_since = None if client.nthreads() else alone_since or looked
            if alone_since is not None and looked - alone_since > NO_WORKERS_TIMEOUT:
                raise ArchiveFailed(f"у планировщика Dask нет ни одного обработчика уже {NO_WORKERS_TIMEOUT:g} с. "
                                    "Результат не записан; запустите обработчики и повторите.")
    except KilledWorker:
        raise ArchiveFailed("обработчик Dask аварийно завершился несколько раз на одной и той же части "
                            "архива (не хватило памяти? процесс убит?). Результат не записан; "
                            "запустите ещё раз или дайте обработчикам больше памяти.") from None
    except (CancelledError, OSError):
        raise ArchiveFailed("связь с планировщиком Dask потеряна, задания отменены. Результат не записан.") from None
    return counts


def _output_schema(schema: pa.Schema) -> pa.Schema:
    """The input's columns and types plus ours; pandas' own metadata is dropped (it describes
    the input's columns only, and pandas could not read back the added list column with it)."""
    metadata = {k: v for k, v in (schema.metadata or {}).items() if k != b"pandas"} or None
    return pa.schema([*schema, *(pa.field(n, t) for n, t in ADDED_TYPES.items())], metadata=metadata)
