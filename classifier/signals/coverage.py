"""How often each signal fires on labelled posts, and how often it is right (snorkel-style).

For a junk signal, precision is the share of junk posts among the posts where it fired;
for a value signal, the share of value posts; marking signals count as junk signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language

from classifier.signals.base import VALUE, Signal
from classifier.signals.engine import SignalEngine


@dataclass(frozen=True)
class SignalCoverage:
    signal: Signal
    fired_junk: int
    fired_value: int
    n_junk: int
    n_value: int

    @property
    def coverage_junk(self) -> float:
        return self.fired_junk / self.n_junk if self.n_junk else 0.0

    @property
    def coverage_value(self) -> float:
        return self.fired_value / self.n_value if self.n_value else 0.0

    @property
    def coverage(self) -> float:
        total = self.n_junk + self.n_value
        return (self.fired_junk + self.fired_value) / total if total else 0.0

    @property
    def precision(self) -> float | None:
        fired = self.fired_junk + self.fired_value
        if not fired:
            return None
        right = self.fired_value if self.signal.polarity == VALUE else self.fired_junk
        return right / fired


def signal_coverage(
    nlp: Language, engine: SignalEngine, texts: Sequence[str], labels: Sequence[bool]
) -> list[SignalCoverage]:
    """Coverage and precision of every signal of ``engine`` over labelled texts."""
    fired = {s.id: [0, 0] for s in engine.signals}
    for doc, is_junk in zip(nlp.pipe(texts), labels):
        for signal_id, hit in engine.run(doc).items():
            if hit.fired:
                fired[signal_id][0 if is_junk else 1] += 1
    n_junk = sum(1 for x in labels if x)
    n_value = len(labels) - n_junk
    return [
        SignalCoverage(s, fired[s.id][0], fired[s.id][1], n_junk, n_value) for s in engine.signals
    ]
