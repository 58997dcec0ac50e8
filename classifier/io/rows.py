"""What a table reader yields: a header of unique column names and a stream of rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Row:
    """One input row, with as many cells as the table has columns."""

    values: list[str]  # the text of every cell, "" for an empty one
    notes: dict[int, str] = field(default_factory=dict)  # column -> why the cell is unusable
    cells: list[object] | None = None  # typed cells (XLSX, JSONL): numbers, dates, JSON; None: ``values``
    warnings: list[str] = field(default_factory=list)  # what the reader had to change in this row

    def typed(self, i: int) -> object:
        """Cell ``i`` as the source typed it (a str for CSV)."""
        return self.values[i] if self.cells is None else self.cells[i]


@dataclass
class Table:
    """A header and a stream of rows; ``rows`` can be iterated once.

    ``columns`` are unique (see :func:`classifier.io.columns.unique_names`) and cover every
    cell of every row.
    """

    columns: list[str]
    rows: Iterator[Row]
    kind: str = "csv"  # csv, tsv, xlsx or jsonl
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
