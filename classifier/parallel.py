"""Score chunks of cells in forked worker processes, each cell sent to a worker by its text.

Every worker keeps caches of what it has analysed (spaCy's lexemes and tokenizer chunks,
morphology, character n-gram columns); a word met for the first time costs several times
what a known one does. Routing a cell by a hash of its text sends a post that appears again
in the plan (the same post for VK and Telegram, a weekly rubric) to the worker that has
already seen its words, so the workers do not analyse the same new words twice. Chunks come
back whole and in input order.

The work is any callable taking a list of :class:`Cell`; it is inherited by the forked
workers (never pickled), so it can hold a loaded scorer.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from classifier.errors import PostcheckError
from classifier.scoring.cells import Cell

Tag = TypeVar("Tag")
Work = Callable[[list[Cell]], list[Any]]
_POLL = 1.0  # seconds between checks that the workers are alive


class WorkerFailed(PostcheckError):
    """A worker process died or raised."""


@dataclass(frozen=True)
class Chunk(Generic[Tag]):
    """Cells to work on, with what the caller needs back beside the outputs (its rows)."""

    tag: Tag
    cells: list[Cell]


@dataclass(frozen=True)
class Done(Generic[Tag]):
    """The outputs of ``work`` for one chunk, one per cell, in the chunk's order."""

    tag: Tag
    outputs: list[Any]


@dataclass(frozen=True)
class _Task:
    number: int  # the chunk's number
    positions: list[int]  # where the cells sit in the chunk
    cells: list[Cell]


@dataclass(frozen=True)
class _Reply:
    number: int
    positions: list[int]
    outputs: list[Any] | None
    error: str | None = None


class RoutedWorkers:
    """``jobs`` forked processes running ``work`` on parts of chunks.

    Use as a context manager; the processes are stopped on exit, also after an error.
    """

    def __init__(self, work: Work, jobs: int, ahead: int = 4) -> None:
        self.work = work
        self.jobs = jobs
        self.ahead = ahead  # chunks in flight per worker
        self._inboxes: list = []
        self._processes: list = []
        self._results = None

    def __enter__(self) -> RoutedWorkers:
        context = multiprocessing.get_context("fork")
        self._results = context.Queue()
        for _ in range(self.jobs):
            inbox = context.Queue()
            process = context.Process(target=_serve, args=(self.work, inbox, self._results), daemon=True)
            process.start()
            self._inboxes.append(inbox)
            self._processes.append(process)
        return self

    def __exit__(self, exc_type: type | None, *exc: object) -> None:
        for inbox in self._inboxes:
            if exc_type is None:  # all done: let the workers finish
                inbox.put(None)
            else:  # stopped early: drop what was not sent yet, so that exiting cannot block
                inbox.cancel_join_thread()
        for process in self._processes:
            if exc_type is None:
                process.join(timeout=2)
            if process.is_alive():
                process.terminate()
                process.join()

    def map(self, chunks: Iterator[Chunk[Tag]]) -> Iterator[Done[Tag]]:
        """The outputs of every chunk, in order; a few chunks run ahead."""
        pending: deque[tuple[int, Chunk[Tag]]] = deque()
        done: dict[int, list[_Reply]] = {}
        for number, chunk in enumerate(chunks):
            self._submit(number, chunk.cells)
            pending.append((number, chunk))
            if len(pending) >= self.ahead * self.jobs:
                yield self._collect(*pending.popleft(), done)
        while pending:
            yield self._collect(*pending.popleft(), done)

    def _submit(self, number: int, cells: list[Cell]) -> None:
        parts: list[list[int]] = [[] for _ in range(self.jobs)]
        for i, cell in enumerate(cells):
            parts[zlib.crc32(cell.text.encode("utf-8", "surrogatepass")) % self.jobs].append(i)
        for inbox, positions in zip(self._inboxes, parts):
            inbox.put(_Task(number, positions, [cells[i] for i in positions]))

    def _collect(self, number: int, chunk: Chunk[Tag], done: dict[int, list[_Reply]]) -> Done[Tag]:
        while len(done.get(number, ())) < self.jobs:
            reply = self._next_reply()
            if reply.error is not None:
                raise WorkerFailed(f"процесс-обработчик завершился с ошибкой: {reply.error}")
            done.setdefault(reply.number, []).append(reply)
        merged: list[Any] = [None] * len(chunk.cells)
        for reply in done.pop(number):
            for i, output in zip(reply.positions, reply.outputs or ()):
                merged[i] = output
        return Done(chunk.tag, merged)

    def _next_reply(self) -> _Reply:
        while True:
            try:
                return self._results.get(timeout=_POLL)  # type: ignore[union-attr]
            except queue.Empty:
                if not all(p.is_alive() for p in self._processes):
                    raise WorkerFailed("процесс-обработчик неожиданно завершился (не хватило памяти?).") from None


def _serve(work: Work, inbox, results) -> None:  # noqa: ANN001 - multiprocessing queues
    """A worker's loop: run ``work`` on each part until told to stop (None).

    Ctrl+C reaches every process of the terminal's group: the parent handles it and stops
    the workers, so a worker ignores it (no second message, no traceback); SIGTERM from the
    parent ends a worker at once.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while (task := inbox.get()) is not None:
        try:
            results.put(_Reply(task.number, task.positions, work(task.cells) if task.cells else []))
        except Exception as error:  # noqa: BLE001 - reported to the parent, which stops the run
            results.put(_Reply(task.number, task.positions, None, f"{type(error).__name__}: {error}"))
