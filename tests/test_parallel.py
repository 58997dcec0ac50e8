"""Forked workers: chunks come back whole, in order, and a failing worker stops the run."""

from __future__ import annotations

import os

import pytest

from classifier.parallel import RoutedWorkers, WorkerFailed


def _upper_with_pid(cells):  # noqa: ANN001, ANN202
    return [(text.upper(), os.getpid()) for text, _ in cells]


def _fails_on_bad(cells):  # noqa: ANN001, ANN202
    if any(text == "плохо" for text, _ in cells):
        raise ValueError("не могу")
    return [text for text, _ in cells]


def _dies(cells):  # noqa: ANN001, ANN202
    os._exit(3)


def test_chunks_come_back_whole_and_in_order():
    chunks = [(n, [(f"пост {n}-{i}", None) for i in range(n % 7)]) for n in range(40)]
    with RoutedWorkers(_upper_with_pid, jobs=2, ahead=2) as workers:
        out = list(workers.map(iter(chunks)))
    assert [tag for tag, _ in out] == list(range(40))
    for (_, results), (_, cells) in zip(out, chunks):
        assert [text for text, _ in results] == [text.upper() for text, _ in cells]
    pids = {pid for _, results in out for _, pid in results}
    assert len(pids) == 2 and os.getpid() not in pids


def test_the_same_text_always_goes_to_the_same_worker():
    chunks = [(n, [("одинаковый пост", None), (f"другой {n}", None)]) for n in range(10)]
    with RoutedWorkers(_upper_with_pid, jobs=2) as workers:
        out = list(workers.map(iter(chunks)))
    assert len({results[0][1] for _, results in out}) == 1


def test_an_error_in_a_worker_stops_the_run_with_a_russian_message():
    chunks = [(0, [("хорошо", None)]), (1, [("плохо", None)])]
    with pytest.raises(WorkerFailed, match="завершился с ошибкой: ValueError: не могу"):
        with RoutedWorkers(_fails_on_bad, jobs=2) as workers:
            list(workers.map(iter(chunks)))


def test_a_dead_worker_stops_the_run_instead_of_hanging():
    with pytest.raises(WorkerFailed, match="неожиданно завершился"):
        with RoutedWorkers(_dies, jobs=1) as workers:
            list(workers.map(iter([(0, [("пост", None)])])))
