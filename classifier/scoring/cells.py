"""Score the text cells of a table: :class:`Cell` in, :class:`CellScore` out.

A cell that cannot be scored (empty, no words, or already known to be unusable by the
reader) gets a :class:`CellScore` with its error set instead of a score, so every row of a
table gets an answer. :class:`CellScorer` scores whole chunks of cells; it is what the
batch runs in this process or in forked workers, and what any other batch engine calls.

>>> CellScore.failed("текст пустой.").scored
False
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from classifier.scoring.ad_marking import marking_cell
from classifier.scoring.scorer import prepare_text, text_problem

if TYPE_CHECKING:
    from classifier.scoring.result import AdMarking, Result
    from classifier.scoring.scorer import Scorer

# Ad marking of a scored cell.
MARKING_PRESENT = "present"
MARKING_MISSING = "missing"  # the post reads as an advert and its marking is missing or incomplete
MARKING_INCOMPLETE = "incomplete"  # marking begun (a label or an erid) on a post that does not need it
MARKING_NOT_NEEDED = "not_needed"


@dataclass(frozen=True, slots=True)
class Cell:
    """The text of one row, and why the reader already knows it is unusable (if it does)."""

    text: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class CellScore:
    """The outcome of scoring one cell: a score, or an error saying why there is none."""

    score: float | None = None
    verdict: str | None = None  # "ok", "borderline" or "rewrite"
    reasons: str = ""  # a short Russian list, see short_reasons()
    signals: tuple[str, ...] = ()  # the reasons' signal ids, strongest first
    marking: str = MARKING_NOT_NEEDED
    marking_text: str = ""  # the postcheck_ad_marking column: «есть», «неполная: нет токена erid»…
    marking_flagged: bool = False  # ad_marking = "require" and a part is missing
    error: str | None = None
    warnings: tuple[str, ...] = ()  # what had to change in the text to score it (only its start...)
    result: Result | None = None  # the full result, kept only when asked (the HTML report)

    @classmethod
    def failed(cls, error: str) -> CellScore:
        return cls(error=error)

    @property
    def scored(self) -> bool:
        return self.error is None


def short_reasons(result: Result, limit_junk: int = 3, limit_value: int = 2) -> str:
    """«Давление срочностью (+24); ... | польза: Советы (−5)» — a short Russian list."""
    def item(r) -> str:  # noqa: ANN001 - a Reason
        sign = "+" if r.weight > 0 else "−"
        return f"{r.title} ({sign}{abs(r.weight):.0f})"

    junk = [item(r) for r in result.junk_reasons[:limit_junk]]
    value = [item(r) for r in result.value_reasons[:limit_value]]
    parts = ["; ".join(junk)] if junk else []
    if value:
        parts.append("польза: " + "; ".join(value))
    return " | ".join(parts)


def cell_score(result: Result, keep_result: bool = False, warnings: Sequence[str] = ()) -> CellScore:
    """The CellScore of a scoring result."""
    marking = result.ad_marking
    return CellScore(
        score=result.score,
        verdict=result.verdict,
        reasons=short_reasons(result),
        signals=tuple(r.signal for r in result.reasons),
        marking=_marking_status(marking),
        marking_text=marking_cell(marking),
        marking_flagged=marking.flagged,
        warnings=tuple(warnings),
        result=result if keep_result else None,
    )


def _marking_status(marking: AdMarking) -> str:
    if marking.missing:
        return MARKING_MISSING if marking.needed else MARKING_INCOMPLETE
    return MARKING_PRESENT if marking.present else MARKING_NOT_NEEDED


@dataclass(frozen=True)
class CellScorer:
    """Scores chunks of cells with one scorer, built once and shared (also by forked workers).

    ``keep_results`` keeps each full :class:`Result` (with quoted spans) in its CellScore. A
    text too long or with characters no file can hold is scored after :func:`prepare_text`,
    with its warnings.
    """

    scorer: Scorer
    keep_results: bool = False

    def __call__(self, cells: Sequence[Cell]) -> list[CellScore]:
        errors = [cell.note or text_problem(cell.text) for cell in cells]
        prepared = [prepare_text(cell.text) for cell, error in zip(cells, errors) if error is None]
        texts = [text for text, _ in prepared]
        results = iter(self.scorer.score_many(texts, with_spans=self.keep_results) if texts else ())
        notes = iter(warnings for _, warnings in prepared)
        return [
            CellScore.failed(error) if error is not None else cell_score(next(results), self.keep_results, next(notes))
            for error in errors
        ]
