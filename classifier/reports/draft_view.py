"""What a draft report shows, independent of how it is drawn (plain text or colours).

:func:`build_view` turns a scoring result into a :class:`DraftView`: the score line, the
text cut into highlighted segments, numbered problems with quotes, reasons and rewrite
tips, what already works, and the ad-marking warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from classifier.scoring.ad_marking import marking_note
from classifier.scoring.explain import category_title
from classifier.scoring.result import Reason, Result
from classifier.signals.base import MISTAKES

VERDICTS = {
    "ok": "можно публиковать",
    "borderline": "на грани — стоит доработать",
    "rewrite": "переписать",
}
MAX_SHOWN_CHARS = 4000
MAX_HIGHLIGHTS = 300
MAX_QUOTES = 4


@dataclass
class Segment:
    text: str
    reason: int | None = None  # number of the reason it belongs to (1-based), if highlighted
    polarity: str | None = None
    category: str | None = None


@dataclass
class ReasonView:
    number: int
    title: str
    category: str
    polarity: str
    weight: float
    quotes: list[str]
    why: str
    tip: str


@dataclass
class DraftView:
    source: str
    score: float
    verdict: str
    verdict_text: str
    segments: list[Segment]
    problems: list[ReasonView]
    strengths: list[ReasonView]
    ad_warning: str | None
    ad_present: bool
    ad_note: str | None = None  # the marking when there is no warning: complete, or which parts are missing
    ad_complete: bool = False
    warnings: list[str] = field(default_factory=list)
    truncated: bool = False
    model: str = ""


def points_text(weight: float) -> str:
    """«+12 баллов», «−3,5 балла», «+21 балл» — a weight in score points, in Russian."""
    value = abs(weight)
    whole = value >= 10 or round(value, 1) == int(value)
    shown = f"{value:.0f}" if whole else f"{value:.1f}".replace(".", ",")
    sign = "+" if weight > 0 else "−" if weight < 0 else "±"
    if not whole:
        word = "балла"
    else:
        number = int(round(value))
        if number % 10 == 1 and number % 100 != 11:
            word = "балл"
        elif number % 10 in (2, 3, 4) and number % 100 not in (12, 13, 14):
            word = "балла"
        else:
            word = "баллов"
    return f"{sign}{shown} {word}"


def _why(reason: Reason) -> str:
    if reason.polarity == "junk" and reason.mistake in MISTAKES:
        return f"{reason.why} ({MISTAKES[reason.mistake]})"
    return reason.why


def _quotes(reason: Reason) -> list[str]:
    seen: list[str] = []
    for span in reason.spans:
        quote = " ".join(span.text.split())
        if quote and quote not in seen:
            seen.append(quote)
        if len(seen) == MAX_QUOTES:
            break
    return seen


def build_view(source: str, result: Result, text: str, warnings: list[str] | None = None) -> DraftView:
    problems, strengths = [], []
    for reason in result.reasons:
        target = problems if reason.polarity == "junk" else strengths
        target.append(reason)
    numbered = problems + strengths
    views = [
        ReasonView(i, r.title, category_title(r.category), r.polarity, r.weight, _quotes(r), _why(r), r.tip)
        for i, r in enumerate(numbered, 1)
    ]
    shown = text[:MAX_SHOWN_CHARS]
    return DraftView(
        source=source, score=result.score, verdict=result.verdict,
        verdict_text=VERDICTS.get(result.verdict, result.verdict),
        segments=segments(shown, numbered),
        problems=views[: len(problems)], strengths=views[len(problems):],
        ad_warning=result.ad_marking.warning, ad_present=result.ad_marking.present,
        ad_note=marking_note(result.ad_marking), ad_complete=result.ad_marking.complete,
        warnings=[*(warnings or []), *result.warnings], truncated=len(text) > MAX_SHOWN_CHARS,
        model=result.model,
    )


def segments(text: str, reasons: list[Reason]) -> list[Segment]:
    """Cut the text into runs; each highlighted run belongs to the strongest reason over it."""
    owner: list[int | None] = [None] * len(text)
    strength = [0.0] * len(text)
    budget = MAX_HIGHLIGHTS
    for number, reason in enumerate(reasons, 1):
        for span in reason.spans:
            if budget <= 0:
                break
            budget -= 1
            for i in range(max(span.start, 0), min(span.end, len(text))):
                if owner[i] is None or abs(reason.weight) > strength[i]:
                    owner[i], strength[i] = number, abs(reason.weight)
    out: list[Segment] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or owner[i] != owner[start]:
            number = owner[start]
            reason = reasons[number - 1] if number else None
            out.append(Segment(text[start:i], number, reason.polarity if reason else None,
                               reason.category if reason else None))
            start = i
    return out
