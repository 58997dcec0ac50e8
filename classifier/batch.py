"""Score a content plan: a CSV, TSV, XLSX or JSONL table with one post a row.

Rows stream through in chunks (bounded memory); every input row comes out, in order,
with all its columns plus ``postcheck_score``, ``postcheck_verdict``, ``postcheck_reasons``,
``postcheck_ad_marking`` and ``postcheck_error``. A row whose text is empty or unusable is
kept with its error set. Without ``-o`` nothing is written: the summary goes to the
terminal. With ``jobs > 1`` chunks are scored by forked worker processes that share the
already loaded model (:mod:`classifier.parallel`).
"""

from __future__ import annotations

import gc
import heapq
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from classifier.errors import InputError
from classifier.io.columns import find_column
from classifier.io.outputs import check_outputs
from classifier.io.rows import Row
from classifier.io.tables import open_table
from classifier.io.writers import TableWriter, open_writer
from classifier.parallel import Chunk, Done, RoutedWorkers, Work
from classifier.scoring.cells import MARKING_MISSING, Cell, CellScore, CellScorer
from classifier.scoring.health.collector import PlanCollector
from classifier.scoring.health.norms import PlanNorms
from classifier.scoring.plan import ERROR, BatchOutcome, RowNote, ScoredRow, WorstRow

if TYPE_CHECKING:
    from classifier.scoring.scorer import Scorer

TEXT_COLUMNS = (
    "text", "текст", "текст поста", "пост", "post", "content", "контент", "caption", "подпись",
    "описание", "description", "сообщение", "message", "body", "публикация", "запись",
)
ADDED = ("postcheck_score", "postcheck_verdict", "postcheck_reasons", "postcheck_ad_marking", "postcheck_error")
CHUNK = 500
# Scoring a row makes thousands of short-lived containers; collecting the youngest
# generation less often (Python's default is every 700 allocations) saves ~2% of a run.
GC_YOUNG = 20_000
WORST = 10
MAX_NOTES = 1000  # row warnings kept for the summary (all are counted)


def _first_words(text: str, n: int = 8) -> str:
    words = text[:40 * n].split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def _chunks(rows: Iterator[Row], size: int, text_i: int) -> Iterator[Chunk[list[Row]]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield Chunk(chunk, _cells(chunk, text_i))
            chunk = []
    if chunk:
        yield Chunk(chunk, _cells(chunk, text_i))


def _cells(chunk: list[Row], text_i: int) -> list[Cell]:
    return [Cell(row.values[text_i], row.notes.get(text_i)) for row in chunk]


def score_table(
    scorer: Scorer,
    path: Path,
    column: str | None = None,
    sheet: str | None = None,
    output: Path | None = None,
    in_place: bool = False,
    jobs: int = 1,
    progress: bool = False,
    keep_results: bool = False,
    chunk_size: int = CHUNK,
    norms: PlanNorms | None = None,
) -> BatchOutcome:
    """Score every row of a table; write the scored table when ``output`` or ``in_place``.

    The outcome carries the plan's health, measured against ``norms`` (the defaults when None).
    """
    path = Path(path)
    output = check_outputs(path, output, in_place).table
    started = time.perf_counter()
    with open_table(path, sheet) as table:
        text_i = find_column(table.columns, column, TEXT_COLUMNS, path, "текстом постов")
        outcome = BatchOutcome(path, table.columns, table.columns[text_i], encoding=table.encoding,
                               delimiter=table.delimiter, sheet=table.sheet, output=output)
        clash = [c for c in ADDED if c in table.columns]
        if clash and output is not None:
            raise InputError(f"{path}: в таблице уже есть колонки {', '.join(clash)} — это результат прошлой "
                             "проверки? Удалите их или проверьте исходную таблицу.")
        writer = open_writer(output, table, path, ADDED) if output else None
        thresholds = gc.get_threshold()
        gc.set_threshold(max(thresholds[0], GC_YOUNG), *thresholds[1:])  # workers inherit it
        results = _scored(_chunks(table.rows, chunk_size, text_i), CellScorer(scorer, keep_results), jobs)
        worst: list[tuple[tuple[float, int], WorstRow]] = []  # a heap of (rank, row)
        health = PlanCollector(table.columns, text_i, norms or PlanNorms())
        try:
            for done in results:
                health.add(outcome.n_rows + 1, [row.values for row in done.tag], done.outputs)
                _consume(outcome, worst, done, text_i, writer, keep_results, health.plan_columns.shown)
                if progress:
                    _show_progress(outcome.n_rows, time.perf_counter() - started)
            if writer is not None:
                writer.commit()
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        finally:
            results.close()  # stops the workers
            gc.set_threshold(*thresholds)
            if progress:
                sys.stderr.write("\n")
    outcome.worst = [row for _, row in sorted(worst, reverse=True)]
    outcome.health = health.finish()
    if health.plan_columns is not None:
        outcome.plan_columns = [table.columns[i] for i in health.plan_columns.shown]
    outcome.seconds = time.perf_counter() - started
    return outcome


def _scored(chunks: Iterator[Chunk[list[Row]]], work: Work, jobs: int) -> Iterator[Done[list[Row]]]:
    """The scored cells of each chunk, in input order.

    The first chunk is scored in this process. With ``jobs > 1`` forked workers score the
    rest (see :mod:`classifier.parallel`); they start with the caches of the words the first
    chunk warmed, instead of each analysing the common words again.
    """
    first = next(chunks, None)
    if first is None:
        return
    yield Done(first.tag, work(first.cells))
    if jobs <= 1:
        for chunk in chunks:
            yield Done(chunk.tag, work(chunk.cells))
        return
    with RoutedWorkers(work, jobs) as workers:
        yield from workers.map(chunks)


def _consume(outcome: BatchOutcome, worst: list, done: Done[list[Row]], text_i: int,
             writer: TableWriter | None, keep: bool, shown: tuple[int, ...] = ()) -> None:
    cell: CellScore
    for row, cell in zip(done.tag, done.outputs):
        outcome.n_rows += 1
        number = outcome.n_rows
        if cell.scored:
            outcome.counts[cell.verdict] += 1
            outcome.unmarked_ads += cell.marking == MARKING_MISSING
            outcome.marking_flagged += cell.marking_flagged
            _note_worst(worst, cell, number, row.values[text_i])
        else:
            outcome.counts[ERROR] += 1
        for message in (*row.warnings, *cell.warnings):
            outcome.n_notes += 1
            if len(outcome.notes) < MAX_NOTES:
                outcome.notes.append(RowNote(number, message))
        if writer is not None:
            writer.write(row, _added_values(cell, writer.kind))
        if keep:
            outcome.rows.append(ScoredRow(number, row.values[text_i], cell, tuple(row.values[i] for i in shown)))


def _note_worst(worst: list[tuple[tuple[float, int], WorstRow]], cell: CellScore, number: int, text: str) -> None:
    """Keep the WORST worst rows in a heap of (rank, row); first words only for rows that enter it."""
    rank = (cell.score, -number)  # WorstRow.rank
    if len(worst) >= WORST and rank <= worst[0][0]:
        return  # it would drop out at once
    entry = (rank, WorstRow(cell.score, number, _first_words(text), cell.verdict))
    if len(worst) < WORST:
        heapq.heappush(worst, entry)
    else:
        heapq.heappushpop(worst, entry)


def _added_values(cell: CellScore, kind: str) -> list[object]:
    score: object = "" if cell.score is None else (cell.score if kind in ("xlsx", "jsonl") else f"{cell.score:.1f}")
    return [score, cell.verdict or "", cell.reasons, cell.marking_text if cell.scored else "",
            cell.error or ""]


def _show_progress(rows: int, seconds: float) -> None:
    rate = rows / seconds if seconds > 0 else 0.0
    sys.stderr.write(f"\rpostcheck: оценено строк: {rows:,} ({rate:,.0f} в секунду)".replace(",", " "))
    sys.stderr.flush()
