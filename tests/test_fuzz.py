"""A few hundred generated drafts, tables and model files from a fixed seed, through the real
command: no traceback, no exit 3, nothing left behind, every row kept (see bench/fuzz.py;
`make fuzz` runs many more and prints the counts per class)."""

from __future__ import annotations

import pytest

from bench.fuzz import CLASSES, Runner, fuzz
from classifier.actions import Loaded

COUNTS = {
    "draft:unicode": 60, "draft:mutated": 60, "draft:bytes": 40, "draft:long": 6, "api:surrogates": 30,
    "table:csv": 50, "table:xlsx": 25, "table:jsonl": 40, "model:file": 15,
}
SEED = 20251130


def test_every_class_is_fuzzed():
    assert set(COUNTS) == set(CLASSES)


@pytest.mark.parametrize("name", COUNTS)
def test_generated_inputs_get_a_result_or_a_russian_error(scorer, name):
    tally = fuzz(Runner(Loaded(scorer)), {name: COUNTS[name]}, SEED)[name]
    assert tally.tried == COUNTS[name]
    assert tally.failures == []
