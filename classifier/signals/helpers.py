"""Word classes several signals look at (we-words, you-words), matched once per post."""

from __future__ import annotations

from dataclasses import dataclass

from classifier.signals import lexicon as lx
from classifier.signals.base import Pattern


@dataclass(frozen=True)
class Helper:
    """A named declaration like a signal's, without a detector of its own."""

    phrases: tuple[str, ...] = ()
    norm_phrases: tuple[str, ...] = ()
    patterns: tuple[Pattern, ...] = ()


WE = "_we"
YOU = "_you"

HELPERS: dict[str, Helper] = {
    WE: Helper(phrases=tuple(sorted(lx.WE_LEMMAS))),
    YOU: Helper(phrases=tuple(sorted(lx.YOU_LEMMAS))),
}
