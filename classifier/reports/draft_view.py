"""What a draft report shows, independent of how it is drawn (plain text, colours, HTML).

:func:`reason_views` puts each reason in the section its sign says — points added go under
«Что мешает», points taken away under «Что уже работает», a reason worth no points is not
shown — with a why and a tip that fit that sign. :func:`segments` cuts the text into runs,
overlapping highlights merged into one mark that carries the strongest reason's number.
:func:`build_view` assembles the whole :class:`DraftView`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from classifier.language.numerals import fractional_form, short_number
from classifier.scoring.ad_marking import marking_cell, marking_note
from classifier.scoring.explain import category_title
from classifier.scoring.result import Reason, Result, TextSpan
from classifier.signals.base import MISTAKES

VERDICTS = {
    "ok": "можно публиковать",
    "borderline": "на грани — стоит доработать",
    "rewrite": "переписать",
}
JUNK, VALUE = "junk", "value"  # the two sections: what hurts (adds points) and what works
MAX_SHOWN_CHARS = 4000
MAX_HIGHLIGHTS = 300
MAX_QUOTES = 4
BRIEF_REASONS = 3

# A reason whose usual side is not the side its points say in this post.
AGAINST_HABIT = {
    JUNK: ("Обычно это признак полезного поста, но здесь он добавляет баллы рекламности: модель "
           "оценивает его вместе со всем остальным текстом.",
           "Проверьте, не звучит ли это место как продажа; совет или факт сделайте конкретнее и "
           "полезнее читателю."),
    VALUE: ("Обычно это признак рекламы, но в этом посте он снижает оценку: вместе с остальным "
            "текстом модель не считает его рекламным приёмом.",
            "Можно оставить как есть."),
}


@dataclass
class Segment:
    text: str
    reason: int | None = None  # number of the reason the mark shows (1-based), if highlighted
    side: str | None = None  # JUNK or VALUE
    category: str | None = None


@dataclass
class ReasonView:
    number: int
    signal: str  # the id `postcheck explain` knows
    title: str
    category: str  # category id (colours)
    category_title: str
    side: str  # JUNK (adds points) or VALUE (takes points away)
    weight: float
    quotes: list[str]
    why: str
    tip: str
    spans: tuple[TextSpan, ...] = ()  # where the text shows it
    without: float | None = None  # the score without this reason (junk reasons)

    @property
    def points(self) -> str:
        """«+30,2 балла», and for a junk reason what removing it gives: «+30,2 балла, без этого — 61»."""
        text = points_text(self.weight)
        if self.side == JUNK and self.without is not None:
            text += f", без этого — {short_number(self.without)}"
        return text


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
    ad_short: str | None = None  # one line for the brief report, when there is a warning
    warnings: list[str] = field(default_factory=list)
    truncated: bool = False
    model: str = ""
    balance: str = ""  # both sides of the verdict and the base the points start from

    @property
    def strongest(self) -> list[ReasonView]:
        """The reasons a brief report shows: the strongest few, either side."""
        return sorted(self.problems + self.strengths, key=lambda r: -abs(r.weight))[:BRIEF_REASONS]


def points_text(weight: float) -> str:
    """«+12 баллов», «−3,5 балла», «+21 балл» — a weight in score points, in Russian.

    Tenths are kept: the points of a report add up to its score minus the base.

    >>> points_text(12.04), points_text(-3.5), points_text(21), points_text(1.0), points_text(-0.04)
    ('+12 баллов', '−3,5 балла', '+21 балл', '+1 балл', '0 баллов')
    """
    value = round(abs(weight), 1)
    if value == 0:
        return "0 баллов"
    sign = "+" if weight > 0 else "−"
    return f"{sign}{short_number(value)} {fractional_form(value, 'балл', 'балла', 'баллов')}"


# How strongly each side of the verdict weighs, by its points: (upper bound, word).
SIDE_LEVELS = {
    JUNK: ((0.05, "нет"), (10.0, "слабо"), (30.0, "заметно"), (float("inf"), "сильно")),
    VALUE: ((0.05, "нет"), (10.0, "немного"), (float("inf"), "есть")),
}


def side_level(side: str, points: float) -> str:
    """The word for a side's total points: «сильно», «немного»…

    >>> side_level(JUNK, 42.0), side_level(VALUE, 3.2), side_level(VALUE, 0.0)
    ('сильно', 'немного', 'нет')
    """
    return next(word for bound, word in SIDE_LEVELS[side] if points < bound)


def balance_text(result: Result) -> str:
    """Both sides of the verdict and where the points start, in one line.

    >>> from classifier.scoring.ad_marking import AdMarking
    >>> r = Reason("discount", "price_promo", "junk", "Скидки", "", "", 40.0)
    >>> v = Reason("advice", "howto", "value", "Советы", "", "", -7.5)
    >>> balance_text(Result(44.5, "borderline", [r, v], AdMarking(False, False), base=12.0)).split(". ")[0]
    'Продающее: сильно (+40) · польза: немного (−7,5)'
    """
    junk, value = result.junk_points, result.value_points
    return (f"Продающее: {side_level(JUNK, junk)} ({points_number(junk)}) · "
            f"польза: {side_level(VALUE, value)} ({points_number(-value)}). "
            f"Баллы причин считаются от базы {short_number(result.base)} (пост без единого признака) "
            "и в сумме дают оценку.")


def points_number(weight: float) -> str:
    """«+40», «−7,5», «0»."""
    if round(weight, 1) == 0:
        return "0"
    return ("+" if weight > 0 else "−") + short_number(abs(weight))


def shown(reason: Reason) -> bool:
    """A reason worth at least a tenth of a point; smaller ones are not shown."""
    return round(abs(reason.weight), 1) > 0


def side_of(reason: Reason) -> str:
    return JUNK if reason.weight > 0 else VALUE


def reason_views(reasons: Sequence[Reason]) -> list[ReasonView]:
    """Shown reasons, numbered: those adding points first, then those taking points away."""
    kept = [r for r in reasons if shown(r)]
    ordered = [r for r in kept if side_of(r) == JUNK] + [r for r in kept if side_of(r) == VALUE]
    return [_view(i, r) for i, r in enumerate(ordered, 1)]


def split_sides(views: Sequence[ReasonView]) -> tuple[list[ReasonView], list[ReasonView]]:
    """(what hurts, what works)."""
    return [v for v in views if v.side == JUNK], [v for v in views if v.side == VALUE]


def _view(number: int, reason: Reason) -> ReasonView:
    side = side_of(reason)
    if reason.polarity == side:
        why, tip = reason.why, reason.tip
        if side == JUNK and reason.mistake in MISTAKES:
            why = f"{why} ({MISTAKES[reason.mistake]})"
    else:
        why, tip = AGAINST_HABIT[side]
    return ReasonView(number, reason.signal, reason.title, reason.category, category_title(reason.category),
                      side, reason.weight, _quotes(reason), why, tip, reason.spans, reason.without)


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
    """The report of one draft; ``source`` is its name as people read it («стандартный ввод» for «-»)."""
    views = reason_views(result.reasons)
    problems, strengths = split_sides(views)
    return DraftView(
        source=source, score=result.score, verdict=result.verdict,
        verdict_text=VERDICTS.get(result.verdict, result.verdict),
        segments=segments(text[:MAX_SHOWN_CHARS], views),
        problems=problems, strengths=strengths,
        ad_warning=result.ad_marking.warning, ad_present=result.ad_marking.present,
        ad_note=marking_note(result.ad_marking), ad_complete=result.ad_marking.complete,
        ad_short=f"⚠ Маркировка рекламы: {marking_cell(result.ad_marking)}." if result.ad_marking.warning else None,
        warnings=[*(warnings or []), *result.warnings], truncated=len(text) > MAX_SHOWN_CHARS,
        model=result.model, balance=balance_text(result),
    )


@dataclass
class _Mark:
    start: int
    end: int
    view: ReasonView


def segments(text: str, views: Sequence[ReasonView]) -> list[Segment]:
    """Cut the text into plain runs and marks; overlapping or touching spans make one mark,
    numbered with the strongest reason among them.
    """
    spans, budget = [], MAX_HIGHLIGHTS
    for view in views:
        for span in view.spans:
            if budget == 0:
                break
            start, end = max(span.start, 0), min(span.end, len(text))
            if start < end:
                spans.append((start, end, view))
                budget -= 1
    spans.sort(key=lambda s: (s[0], s[1]))
    marks: list[_Mark] = []
    for start, end, view in spans:
        last = marks[-1] if marks else None
        if last is not None and start <= last.end:
            last.end = max(last.end, end)
            if (abs(view.weight), -view.number) > (abs(last.view.weight), -last.view.number):
                last.view = view
        else:
            marks.append(_Mark(start, end, view))
    out: list[Segment] = []
    at = 0
    for mark in marks:
        if mark.start > at:
            out.append(Segment(text[at:mark.start]))
        out.append(Segment(text[mark.start:mark.end], mark.view.number, mark.view.side, mark.view.category))
        at = mark.end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out
