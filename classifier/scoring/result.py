"""The scoring API's result: what every command prints, writes or renders.

This is a stable schema (see the README): ``score``, ``verdict``, ``reasons`` (each with
``signal``, ``category``, ``polarity``, ``title``, ``why``, ``tip``, ``weight``, ``spans``)
and ``ad_marking`` (``present``, ``needed``, ``warning``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class TextSpan:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Reason:
    signal: str  # a signal id, or model:<group> for model features grouped into a reason
    category: str
    polarity: str  # "junk" or "value"
    title: str
    why: str
    tip: str
    weight: float  # score points this reason adds (junk, > 0) or takes away (value, < 0)
    spans: tuple[TextSpan, ...] = ()
    mistake: int | None = None


@dataclass(frozen=True)
class AdMarking:
    present: bool
    needed: bool
    warning: str | None = None
    spans: tuple[TextSpan, ...] = ()


@dataclass
class Result:
    score: float  # 0-100: calibrated probability that the post is advertising junk
    verdict: str  # "ok", "borderline" or "rewrite"
    reasons: list[Reason]
    ad_marking: AdMarking
    warnings: list[str] = field(default_factory=list)
    model: str = ""

    @property
    def junk_reasons(self) -> list[Reason]:
        return [r for r in self.reasons if r.polarity == "junk"]

    @property
    def value_reasons(self) -> list[Reason]:
        return [r for r in self.reasons if r.polarity == "value"]

    def to_dict(self) -> dict:
        data = asdict(self)
        for reason in data["reasons"]:
            reason["spans"] = [dict(s) for s in reason["spans"]]
        data["ad_marking"]["spans"] = [dict(s) for s in data["ad_marking"]["spans"]]
        return data


FAIL_LEVELS = {"rewrite": ("rewrite",), "borderline": ("rewrite", "borderline"), "never": ()}


def flagged(verdict: str | None, fail_on: str) -> bool:
    """Whether a verdict fails a run with ``--fail-on`` = rewrite, borderline or never."""
    return verdict in FAIL_LEVELS[fail_on]
