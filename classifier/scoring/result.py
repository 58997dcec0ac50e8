"""The scoring API's result: what every command prints, writes or renders.

This is a stable schema (see the README): ``score``, ``verdict``, ``reasons`` (each with
``signal``, ``category``, ``polarity``, ``title``, ``why``, ``tip``, ``weight``, ``spans``,
``without``), ``base`` (the weights add up to ``score - base``)
and ``ad_marking`` (``present``, ``needed``, ``warning``, ``spans``, ``parts`` with ``label``,
``advertiser`` and ``erid``, ``missing``, ``problems``, ``flagged``).
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
    without: float | None = None  # the post's score without this reason (the other reasons kept)


@dataclass(frozen=True)
class MarkingPart:
    """One of the three parts of ad marking: found (``present``) or not, and where.

    ``spans`` also hold what was found but does not count (a «#промо» instead of the word
    «Реклама», an ИНН with a wrong checksum, an empty erid); ``AdMarking.problems`` says why.
    """

    present: bool = False
    spans: tuple[TextSpan, ...] = ()


@dataclass(frozen=True)
class MarkingParts:
    label: MarkingPart = MarkingPart()  # the word «Реклама»
    advertiser: MarkingPart = MarkingPart()  # name with legal form, ИНН, ОГРН, or a link about the advertiser
    erid: MarkingPart = MarkingPart()  # the ad's identifier from an ОРД


@dataclass(frozen=True)
class AdMarking:
    """Ad marking of a post: what is there, whether it is asked for, what is missing.

    ``needed``: the post reads as an advert and its verdict is not ``ok``. ``missing`` lists
    the parts («label», «advertiser», «erid») a complete marking still lacks, when marking is
    needed or the post has begun one (a label or an erid). ``flagged``: with
    ``ad_marking = "require"`` a part is missing, and the run fails.
    """

    present: bool  # at least one part is there
    needed: bool
    warning: str | None = None
    spans: tuple[TextSpan, ...] = ()  # everything found, in text order
    parts: MarkingParts = MarkingParts()
    missing: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()  # Russian notes: another wording, a wrong checksum, your ИНН not given
    flagged: bool = False

    @property
    def complete(self) -> bool:
        return self.present and not self.missing


@dataclass
class Result:
    score: float  # 0-100: calibrated probability that the post is advertising junk
    verdict: str  # "ok", "borderline" or "rewrite"
    reasons: list[Reason]
    ad_marking: AdMarking
    warnings: list[str] = field(default_factory=list)
    model: str = ""
    base: float = 0.0  # the score of a post with no reason: the reasons' weights add up to score - base

    @property
    def junk_points(self) -> float:
        """What the reasons pulling towards junk add, in score points (>= 0)."""
        return round(sum(r.weight for r in self.reasons if r.weight > 0), 1)

    @property
    def value_points(self) -> float:
        """What the reasons pulling towards value take away, in score points (>= 0)."""
        return round(-sum(r.weight for r in self.reasons if r.weight < 0), 1)

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
        marking = data["ad_marking"]
        marking["spans"] = [dict(s) for s in marking["spans"]]
        for part in marking["parts"].values():
            part["spans"] = [dict(s) for s in part["spans"]]
        marking["missing"], marking["problems"] = list(marking["missing"]), list(marking["problems"])
        return data


FAIL_LEVELS = {"rewrite": ("rewrite",), "borderline": ("rewrite", "borderline"), "never": ()}


def flagged(verdict: str | None, fail_on: str) -> bool:
    """Whether a verdict fails a run with ``--fail-on`` = rewrite, borderline or never."""
    return verdict in FAIL_LEVELS[fail_on]
