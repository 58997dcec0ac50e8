"""Score chunks of rows in forked worker processes, each row sent to a worker by its text.

Every worker keeps caches of what it has analysed (spaCy's lexemes and tokenizer chunks,
morphology, character n-gram columns); a word met for the first time costs several times
what a known one does. Routing a row by a hash of its text sends a post that appears again
in the plan (the same post for VK and Telegram, a weekly rubric) to the worker that has
already seen its words, so the workers do not analyse the same new words twice. Chunks come
back whole and in input order.
"""

from __future__ import annotations

import multiprocessing
import queue
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from classifier.errors import PostcheckError

Cell = tuple[str, Any]  # (text, anything else the work function needs)
Work = Callable[[list[Cell]], list[Any]]
_POLL = 1.0  # seconds between checks that the workers are alive


class WorkerFailed(PostcheckError):
    """A worker process died or raised."""


class RoutedWorkers:
    """``jobs`` forked processes running ``work`` (a module-level function) on parts of chunks.

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

    def map(self, chunks: Iterator[tuple[Any, list[Cell]]]) -> Iterator[tuple[Any, list[Any]]]:
        """``(tag, work(cells))`` for each ``(tag, cells)``, in order; a few chunks run ahead."""
        pending: deque[tuple[int, Any, int]] = deque()  # chunk number, tag, number of cells
        done: dict[int, list[tuple[list[int], list[Any]]]] = {}
        for number, (tag, cells) in enumerate(chunks):
            self._submit(number, cells)
            pending.append((number, tag, len(cells)))
            if len(pending) >= self.ahead * self.jobs:
                yield self._collect(pending.popleft(), done)
        while pending:
            yield self._collect(pending.popleft(), done)

    def _submit(self, number: int, cells: list[Cell]) -> None:
        parts: list[list[int]] = [[] for _ in range(self.jobs)]
        for i, cell in enumerate(cells):
            parts[zlib.crc32(cell[0].encode("utf-8", "surrogatepass")) % self.jobs].append(i)
        for inbox, positions in zip(self._inboxes, parts):
            inbox.put((number, positions, [cells[i] for i in positions]))

    def _collect(self, item: tuple[int, Any, int], done: dict) -> tuple[Any, list[Any]]:
        number, tag, size = item
        while len(done.get(number, ())) < self.jobs:
            got, positions, outputs, error = self._next_result()
            if error is not None:
                raise WorkerFailed(f"процесс-обработчик завершился с ошибкой: {error}")
            done.setdefault(got, []).append((positions, outputs))
        merged: list[Any] = [None] * size
        for positions, outputs in done.pop(number):
            for i, output in zip(positions, outputs):
                merged[i] = output
        return tag, merged

    def _next_result(self) -> tuple:
        while True:
            try:
                return self._results.get(timeout=_POLL)  # type: ignore[union-attr]
            except queue.Empty:
                if not all(p.is_alive() for p in self._processes):
                    raise WorkerFailed("процесс-обработчик неожиданно завершился (не хватило памяти?).") from None


def _serve(work: Work, inbox, results) -> None:  # noqa: ANN001 - multiprocessing queues
    """A worker's loop: run ``work`` on each part until told to stop (None)."""
    while (task := inbox.get()) is not None:
        number, positions, cells = task
        try:
            results.put((number, positions, work(cells) if cells else [], None))
        except Exception as error:  # noqa: BLE001 - reported to the parent, which stops the run
            results.put((number, positions, None, f"{type(error).__name__}: {error}"))
