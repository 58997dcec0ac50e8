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
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from classifier.errors import InputError
from classifier.io.columns import find_column
from classifier.io.tables import Row, open_table
from classifier.io.writers import TableWriter
from classifier.parallel import RoutedWorkers
from classifier.scoring.scorer import text_problem

if TYPE_CHECKING:
    from classifier.scoring.result import Result
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
MARKING_TEXT = {"present": "есть", "missing": "нет, а пост похож на рекламу", "not_needed": "не требуется"}


@dataclass
class RowOutcome:
    """What the output table and the summary need for one row."""

    number: int  # 1-based data row (the header is row 0)
    score: float | None
    verdict: str | None
    reasons: str
    marking: str  # "present", "missing" or "not_needed"
    error: str | None
    result: Result | None = None  # full result, kept only for the HTML report


@dataclass
class BatchOutcome:
    source: Path
    columns: list[str]
    text_column: str
    n_rows: int = 0
    counts: Counter = field(default_factory=Counter)  # verdict -> rows; "error" for failed rows
    worst: list[tuple[float, int, str, str]] = field(default_factory=list)  # score, row, words, verdict
    unmarked_ads: int = 0
    output: Path | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    rows: list[tuple[int, str, RowOutcome]] = field(default_factory=list)  # for the HTML report
    seconds: float = 0.0


def short_reasons(result: Result, limit_junk: int = 3, limit_value: int = 2) -> str:
    """«Давление срочностью (+24); ... | польза: Советы (−5)» — a short Russian list."""
    def item(r) -> str:  # noqa: ANN001
        sign = "+" if r.weight > 0 else "−"
        return f"{r.title} ({sign}{abs(r.weight):.0f})"

    junk = [item(r) for r in result.junk_reasons[:limit_junk]]
    value = [item(r) for r in result.value_reasons[:limit_value]]
    parts = ["; ".join(junk)] if junk else []
    if value:
        parts.append("польза: " + "; ".join(value))
    return " | ".join(parts)


def _first_words(text: str, n: int = 8) -> str:
    words = text[:40 * n].split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


# --- scoring chunks, in this process or in forked workers ---------------------------------

_WORKER: tuple[Scorer, bool] | None = None  # set before forking; workers inherit it


def _score_chunk(cells: list[tuple[str, str | None]]) -> list[tuple]:
    """Check and score one chunk of (text, note) cells; runs in a worker with --jobs > 1.

    Returns, per cell, ``(error,)`` for a cell that cannot be scored, else the packed result.
    """
    scorer, keep = _WORKER  # type: ignore[misc]
    errors = [note or text_problem(text) for text, note in cells]
    texts = [text for (text, _), error in zip(cells, errors) if error is None]
    results = iter(scorer.score_many(texts, with_spans=keep)) if texts else iter(())
    return [(error,) if error is not None else _pack(next(results), keep) for error in errors]


def _pack(result: Result, keep: bool) -> tuple:
    marking = "present" if result.ad_marking.present else "missing" if result.ad_marking.needed else "not_needed"
    return result.score, result.verdict, short_reasons(result), marking, result if keep else None


def _chunks(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _cells(chunk: list[Row], text_i: int) -> list[tuple[str, str | None]]:
    return [(row.values[text_i], row.notes.get(text_i)) for row in chunk]


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
) -> BatchOutcome:
    """Score every row of a table; write the scored table when ``output`` or ``in_place``."""
    global _WORKER
    path = Path(path)
    if in_place:
        if output is not None and Path(output).resolve() != path.resolve():
            raise InputError("укажите либо -o/--output, либо --in-place, но не оба.")
        output = path
    elif output is not None and Path(output).resolve() == path.resolve():
        raise InputError(f"{output}: это входной файл. Чтобы перезаписать его, добавьте --in-place.")
    started = time.perf_counter()
    with open_table(path, sheet) as table:
        text_i = find_column(table.columns, column, TEXT_COLUMNS, path, "текстом постов")
        outcome = BatchOutcome(path, table.columns, table.columns[text_i], encoding=table.encoding,
                               delimiter=table.delimiter, sheet=table.sheet, output=output)
        clash = [c for c in ADDED if c in table.columns]
        if clash and output is not None:
            raise InputError(f"{path}: в таблице уже есть колонки {', '.join(clash)} — это результат прошлой "
                             "проверки? Удалите их или проверьте исходную таблицу.")
        delimiter = table.delimiter if table.delimiter in (",", ";") else ","  # keep Excel's «;»
        writer = TableWriter(output, [*table.columns, *ADDED], delimiter) if output else None
        _WORKER = (scorer, keep_results)
        thresholds = gc.get_threshold()
        gc.set_threshold(max(thresholds[0], GC_YOUNG), *thresholds[1:])  # workers inherit it
        chunks = ((chunk, _cells(chunk, text_i)) for chunk in _chunks(table.rows, chunk_size))
        results = _scored(chunks, jobs)
        try:
            for chunk, scored in results:
                _consume(outcome, chunk, scored, text_i, writer, keep_results)
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
            _WORKER = None
            if progress:
                sys.stderr.write("\n")
    outcome.worst.sort(key=lambda w: (-w[0], w[1]))
    outcome.seconds = time.perf_counter() - started
    return outcome


def _scored(chunks: Iterator[tuple], jobs: int) -> Iterator[tuple[list[Row], list[tuple]]]:
    """(rows, scored cells) per chunk, in input order.

    The first chunk is scored in this process. With ``jobs > 1`` forked workers score the
    rest (see :mod:`classifier.parallel`); they start with the caches of the words the first
    chunk warmed, instead of each analysing the common words again.
    """
    first = next(chunks, None)
    if first is None:
        return
    yield first[0], _score_chunk(first[1])
    if jobs <= 1:
        for chunk, cells in chunks:
            yield chunk, _score_chunk(cells)
        return
    with RoutedWorkers(_score_chunk, jobs) as workers:
        yield from workers.map(chunks)


def _consume(outcome: BatchOutcome, chunk: list[Row], scored: list[tuple], text_i: int,
             writer: TableWriter | None, keep: bool) -> None:
    for row, packed in zip(chunk, scored):
        outcome.n_rows += 1
        number = outcome.n_rows
        if len(packed) == 1:
            item = RowOutcome(number, None, None, "", "not_needed", packed[0])
            outcome.counts["error"] += 1
        else:
            score, verdict, reasons, marking, result = packed
            item = RowOutcome(number, score, verdict, reasons, marking, None, result)
            outcome.counts[verdict] += 1
            outcome.unmarked_ads += marking == "missing"
            worst = outcome.worst
            if len(worst) < WORST or (score, number) > worst[0][:2]:  # else it would drop out at once
                entry = (score, number, _first_words(row.values[text_i]), verdict)
                if len(worst) < WORST:
                    heapq.heappush(worst, entry)
                else:
                    heapq.heappushpop(worst, entry)
        if writer is not None:
            writer.write([*row.values, *_added_values(item, writer.kind)])
        if keep:
            outcome.rows.append((number, row.values[text_i], item))


def _added_values(item: RowOutcome, kind: str) -> list[object]:
    score: object = "" if item.score is None else (item.score if kind in ("xlsx", "jsonl") else f"{item.score:.1f}")
    return [score, item.verdict or "", item.reasons, MARKING_TEXT[item.marking] if item.error is None else "",
            item.error or ""]


def _show_progress(rows: int, seconds: float) -> None:
    rate = rows / seconds if seconds > 0 else 0.0
    sys.stderr.write(f"\rpostcheck: оценено строк: {rows:,} ({rate:,.0f} в секунду)".replace(",", " "))
    sys.stderr.flush()

