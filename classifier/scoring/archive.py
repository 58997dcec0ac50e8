"""What scoring an archive produces, as ``postcheck archive`` builds it and the reports read it.

Each scored partition yields :class:`Counts` on its worker; the driver adds them up as
partitions finish. A post *sells* as plan health defines it
(:func:`classifier.scoring.health.rows.is_selling`: verdict ``rewrite``, or its strongest
reason is a sales signal); shares are taken over the rows that got a score.

>>> counts = Counts(rows=4, verdicts=Counter(rewrite=1, ok=2, error=1), selling=1)
>>> counts.months["2025-03"] = Month(rows=3, selling=1)
>>> counts.scored, round(counts.selling_share, 2), [(m, round(s.share, 2)) for m, s in counts.by_month()]
(3, 0.33, [('2025-03', 0.33)])
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from classifier.scoring.plan import ERROR


@dataclass
class Month:
    """The scored rows dated in one month, and how many of them sell."""

    rows: int = 0
    selling: int = 0

    @property
    def share(self) -> float:
        return self.selling / self.rows if self.rows else 0.0


@dataclass
class Counts:
    """Counts of some rows; ``months`` and ``undated`` only when the archive has a date column."""

    rows: int = 0
    verdicts: Counter = field(default_factory=Counter)  # "ok", "borderline", "rewrite" or ERROR -> rows
    selling: int = 0  # scored rows that sell
    months: dict[str, Month] = field(default_factory=dict)  # "2025-03" -> its rows
    undated: int = 0  # scored rows whose date cell could not be read

    @property
    def scored(self) -> int:
        return self.rows - self.verdicts.get(ERROR, 0)

    @property
    def selling_share(self) -> float:
        return self.selling / self.scored if self.scored else 0.0

    def add(self, other: Counts) -> None:
        self.rows += other.rows
        self.verdicts.update(other.verdicts)
        self.selling += other.selling
        for key, month in other.months.items():
            mine = self.months.setdefault(key, Month())
            mine.rows += month.rows
            mine.selling += month.selling
        self.undated += other.undated

    def by_month(self) -> list[tuple[str, Month]]:
        """The months in order."""
        return sorted(self.months.items())


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
