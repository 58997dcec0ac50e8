"""What a plan-health check finds, as the reports and the JSON output read it.

Row numbers in findings are spreadsheet rows (the header is row 1), as an editor sees them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from classifier.scoring.health.duplicates import DuplicateGroup
from classifier.scoring.health.norms import PlanNorms

ERROR = "error"  # the verdict key of rows that could not be scored


@dataclass(frozen=True)
class Finding:
    """One check of the plan: what it measured, against which norm, and which rows it is about."""

    id: str  # stable: selling, selling_run, duplicates, giveaways, questions, busy_days, silences, rubrics
    title: str
    mistake: int  # one of the five SMM mistakes (classifier.signals.base.MISTAKES)
    why: str
    tip: str
    problem: bool  # outside the norm
    summary: str  # the measurement in one Russian sentence
    rows: tuple[int, ...] = ()  # spreadsheet rows


@dataclass(frozen=True)
class Share:
    """``count`` of ``total`` scored posts, against a limit (a fraction)."""

    count: int
    total: int
    limit: float
    rows: tuple[int, ...] = ()  # spreadsheet rows of the counted posts

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0


@dataclass(frozen=True)
class Run:
    """The longest run of consecutive selling posts; ``by_date``: in date order, else plan order."""

    length: int
    rows: tuple[int, ...]
    by_date: bool


@dataclass(frozen=True)
class Day:
    """Posts of one day: per verdict (ERROR for rows that could not be scored), and their rows."""

    day: date
    counts: dict[str, int]
    rows: tuple[int, ...]

    @property
    def posts(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Silence:
    """Days without a post between two posting days."""

    last: date  # the last day with a post before the silence
    next: date  # the first day with a post after it
    rows: tuple[int, int]  # the last post before and the first post after

    @property
    def days(self) -> int:
        return (self.next - self.last).days - 1


@dataclass(frozen=True)
class UnreadableDate:
    row: int  # spreadsheet row
    value: str


@dataclass(frozen=True)
class Schedule:
    """The plan along its date column: posting days in order, too busy days, long silences."""

    column: str
    days: list[Day]
    busy: list[Day]
    silences: list[Silence]
    unreadable: list[UnreadableDate]
    undated: int  # rows whose date cell is empty

    @property
    def note(self) -> str | None:
        """A Russian note on the dates that could not be used, or None."""
        parts = []
        if self.unreadable:
            shown = ", ".join(f"строка {u.row}: «{u.value}»" for u in self.unreadable[:10])
            more = f" и ещё {len(self.unreadable) - 10}" if len(self.unreadable) > 10 else ""
            parts.append(f"не удалось прочитать даты ({len(self.unreadable)}): {shown}{more}")
        if self.undated:
            parts.append(f"без даты строк: {self.undated}")
        if not parts:
            return None
        return f"Колонка «{self.column}»: " + "; ".join(parts) + ". Эти строки не попали в график."


@dataclass(frozen=True)
class RubricVerdicts:
    """Verdicts of the posts of one rubric ("" for rows without one)."""

    rubric: str
    counts: dict[str, int]
    selling: int
    rewrite_rows: tuple[int, ...] = ()  # spreadsheet rows of its «rewrite» posts

    @property
    def posts(self) -> int:
        return sum(self.counts.values())

    @property
    def scored(self) -> int:
        return self.posts - self.counts.get(ERROR, 0)


@dataclass(frozen=True)
class PlanHealth:
    """Everything the plan-health section shows; ``findings`` in report order."""

    norms: PlanNorms
    posts: int  # rows of the plan
    scored: int  # rows that got a score (every share is of these)
    selling: Share
    selling_run: Run
    giveaways: Share
    questions: Share
    duplicates: list[DuplicateGroup]
    schedule: Schedule | None = None  # None: no date column
    rubric_column: str | None = None
    rubrics: list[RubricVerdicts] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.problem]
