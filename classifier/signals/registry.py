"""Every signal postcheck knows, in report order: junk first, then value, then marking."""

from __future__ import annotations

from classifier.signals import junk, marking, value
from classifier.signals.base import Signal
from classifier.signals.helpers import HELPERS, Helper

SIGNALS: tuple[Signal, ...] = tuple(junk.SIGNALS + value.SIGNALS + marking.SIGNALS)
BY_ID: dict[str, Signal] = {s.id: s for s in SIGNALS}

assert len(BY_ID) == len(SIGNALS), "signal ids must be unique"
assert not set(BY_ID) & set(HELPERS), "helper keys and signal ids must differ"

__all__ = ["BY_ID", "HELPERS", "SIGNALS", "Helper", "get"]


def get(signal_id: str) -> Signal:
    """The signal with this id; KeyError if there is none."""
    return BY_ID[signal_id]
