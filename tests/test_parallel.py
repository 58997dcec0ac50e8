"""Forked workers: chunks come back whole, in order, and a failing worker stops the run."""

from __future__ import annotations

import os

import pytest

from classifier.parallel import Chunk, RoutedWorkers, WorkerFailed
from classifier.scoring.cells import Cell


def _upper_with_pid(cells):  # noqa: ANN001, ANN202
    return [(cell.text.upper(), os.getpid()) for cell in cells]


def _fails_on_bad(cells):  # noqa: ANN001, ANN202
    if any(cell.text == "плохо" for cell in cells):
        raise ValueError("не могу")
    return [cell.text for cell in cells]


def _dies(cells):  # noqa: ANN001, ANN202
    os._exit(3)


def test_chunks_come_back_whole_and_in_order():
    chunks = [Chunk(n, [Cell(f"пост {n}-{i}") for i in range(n % 7)]) for n in range(40)]
    with RoutedWorkers(_upper_with_pid, jobs=2, ahead=2) as workers:
        out = list(workers.map(iter(chunks)))
    assert [done.tag for done in out] == list(range(40))
    for done, chunk in zip(out, chunks):
        assert [text for text, _ in done.outputs] == [cell.text.upper() for cell in chunk.cells]
    pids = {pid for done in out for _, pid in done.outputs}
    assert len(pids) == 2 and os.getpid() not in pids


def test_the_same_text_always_goes_to_the_same_worker():
    chunks = [Chunk(n, [Cell("одинаковый пост"), Cell(f"другой {n}")]) for n in range(10)]
    with RoutedWorkers(_upper_with_pid, jobs=2) as workers:
        out = list(workers.map(iter(chunks)))
    assert len({done.outputs[0][1] for done in out}) == 1


def test_an_error_in_a_worker_stops_the_run_with_a_russian_message():
    chunks = [Chunk(0, [Cell("хорошо")]), Chunk(1, [Cell("плохо")])]
    with pytest.raises(WorkerFailed, match="завершился с ошибкой: ValueError: не могу"):
        with RoutedWorkers(_fails_on_bad, jobs=2) as workers:
            list(workers.map(iter(chunks)))


def test_a_dead_worker_stops_the_run_instead_of_hanging():
    with pytest.raises(WorkerFailed, match="неожиданно завершился"):
        with RoutedWorkers(_dies, jobs=1) as workers:
            list(workers.map(iter([Chunk(0, [Cell("пост")])])))
