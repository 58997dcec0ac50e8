"""What scoring an archive produces, as ``postcheck archive`` builds it and the reports read it.

Each scored partition yields :class:`Counts` on its worker; the driver adds them up as
partitions finish. A row is *selling* when its verdict is ``rewrite`` (advertising junk);
the share of selling posts in a month is taken over the rows scored in that month.

>>> counts = Counts(months={"2025-03": Counter(rewrite=1, ok=2, error=1)})
>>> [(m.month, m.rows, m.selling) for m in counts.selling_by_month()]
[('2025-03', 3, 1)]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from classifier.scoring.plan import ERROR

SELLING = "rewrite"


@dataclass(frozen=True, slots=True)
class MonthShare:
    month: str  # "2025-03"
    rows: int  # rows scored in that month (rows that could not be scored are left out)
    selling: int

    @property
    def share(self) -> float:
        return self.selling / self.rows if self.rows else 0.0


@dataclass
class Counts:
    """Verdict counts of some rows; ``months`` only when the archive has a date column."""

    rows: int = 0
    verdicts: Counter = field(default_factory=Counter)  # "ok", "borderline", "rewrite" or ERROR -> rows
    months: dict[str, Counter] = field(default_factory=dict)  # "2025-03" -> verdict -> rows
    undated: int = 0  # scored rows whose date cell could not be read

    def add(self, other: Counts) -> None:
        self.rows += other.rows
        self.verdicts.update(other.verdicts)
        for month, verdicts in other.months.items():
            self.months.setdefault(month, Counter()).update(verdicts)
        self.undated += other.undated

    def selling_by_month(self) -> list[MonthShare]:
        """Months in order with the share of selling posts among the rows scored in each."""
        shares = []
        for month in sorted(self.months):
            verdicts = self.months[month]
            scored = sum(n for verdict, n in verdicts.items() if verdict != ERROR)
            shares.append(MonthShare(month, scored, verdicts.get(SELLING, 0)))
        return shares


@dataclass
class ArchiveOutcome:
    """The summary of a scored archive."""

    source: Path
    output: Path
    kind: str  # "parquet", "csv", "tsv" or "jsonl"
    text_column: str
    date_column: str | None
    counts: Counts
    scheduler: str | None  # the scheduler's address; None for a local cluster
    workers: int
    partitions: int
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
