"""What scoring a content plan produces, as the batch builds it and the reports read it.

Rows are numbered from 1 for the first data row; in a spreadsheet that row is row 2,
because row 1 holds the headers (:attr:`ScoredRow.sheet_row`).

>>> WorstRow(87.5, 3, "ТОЛЬКО СЕГОДНЯ скидка", "rewrite").sheet_row
4
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from classifier.scoring.cells import CellScore
from classifier.scoring.health.model import PlanHealth

VERDICT_ORDER = ("rewrite", "borderline", "ok")  # worst first, as reports list them
ERROR = "error"  # the key of BatchOutcome.counts for rows that could not be scored


def sheet_row(number: int) -> int:
    """The spreadsheet row of data row ``number``: row 1 holds the headers."""
    return number + 1


@dataclass(frozen=True, slots=True)
class ScoredRow:
    """One row as the HTML report shows it."""

    number: int  # 1-based data row
    text: str
    cell: CellScore
    plan: tuple[str, ...] = ()  # the plan's own cells shown next to the post (BatchOutcome.plan_columns)

    @property
    def sheet_row(self) -> int:
        return sheet_row(self.number)


@dataclass(frozen=True, slots=True)
class WorstRow:
    """One of the worst-scored rows the summary lists."""

    score: float
    number: int  # 1-based data row
    words: str  # the first words of the text
    verdict: str

    @property
    def sheet_row(self) -> int:
        return sheet_row(self.number)

    @property
    def rank(self) -> tuple[float, int]:
        """Ordering key: a higher score ranks worse; on a tie, the earlier row does."""
        return self.score, -self.number


@dataclass(frozen=True, slots=True)
class RowNote:
    """A warning about one row that was still scored (e.g. only the start of a huge cell)."""

    number: int  # 1-based data row
    message: str

    @property
    def sheet_row(self) -> int:
        return sheet_row(self.number)


@dataclass
class BatchOutcome:
    """The summary of a scored plan; ``rows`` is filled only when the HTML report needs it."""

    source: Path
    columns: list[str]
    text_column: str
    n_rows: int = 0
    counts: Counter = field(default_factory=Counter)  # verdict (or ERROR) -> rows
    worst: list[WorstRow] = field(default_factory=list)  # worst first once the run is done
    unmarked_ads: int = 0  # rows that read as adverts with marking missing or incomplete
    marking_flagged: int = 0  # rows flagged for their marking (ad_marking = "require")
    output: Path | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    rows: list[ScoredRow] = field(default_factory=list)
    notes: list[RowNote] = field(default_factory=list)  # the first ones; n_notes counts them all
    n_notes: int = 0
    seconds: float = 0.0
    health: PlanHealth | None = None  # the plan as a whole (classifier.scoring.health)
    plan_columns: list[str] = field(default_factory=list)  # date, rubric, author, platform columns found
