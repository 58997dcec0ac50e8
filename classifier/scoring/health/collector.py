"""Gather plan health while a plan is scored: chunk after chunk, in bounded memory.

The batch hands each scored chunk to :class:`PlanCollector`; the first chunk decides which
columns hold the date, rubric, author and platform. Per row it keeps a small
:class:`PlanRow` and, for the near-duplicate search, the post's shingle hashes; at the
end :meth:`PlanCollector.finish` assesses the plan.

>>> from classifier.scoring.cells import CellScore
>>> from classifier.scoring.health.norms import PlanNorms
>>> collector = PlanCollector(["Дата", "Текст"], text_index=1, norms=PlanNorms())
>>> collector.add(1, [["03.03.2025", "Скидка 50%! Звоните"], ["32.03.2025", "Скидка 50%! Звоните!"]],
...               [CellScore(90.0, "rewrite"), CellScore(90.0, "rewrite")])
>>> health = collector.finish()
>>> health.schedule.note
'Колонка «Дата»: не удалось прочитать даты (1): строка 3: «32.03.2025». Эти строки не попали в график.'
>>> [g.numbers for g in health.duplicates]
[(1, 2)]
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from classifier.scoring.cells import CellScore
from classifier.scoring.health.assess import PlanData, assess
from classifier.scoring.health.columns import PlanColumns, find_plan_columns
from classifier.scoring.health.dates import parse_date
from classifier.scoring.health.duplicates import DuplicateFinder
from classifier.scoring.health.model import PlanHealth, UnreadableDate
from classifier.scoring.health.norms import PlanNorms
from classifier.scoring.health.rows import PlanRow, plan_row
from classifier.scoring.plan import sheet_row

MAX_VALUE_SHOWN = 60  # characters of an unreadable date kept for the note


class PlanCollector:
    """Collects what plan health needs from each scored chunk of a table."""

    def __init__(self, columns: Sequence[str], text_index: int, norms: PlanNorms) -> None:
        self.columns = list(columns)
        self.text_index = text_index
        self.norms = norms
        self.plan_columns: PlanColumns | None = None  # known after the first chunk
        self._rows: list[PlanRow] = []
        self._duplicates = DuplicateFinder(norms.duplicate_similarity)
        self._unreadable: list[UnreadableDate] = []
        self._undated = 0
        self._rubrics: dict[str, str] = {}  # one string object per rubric

    def add(self, first_number: int, rows: Sequence[Sequence[str]], cells: Sequence[CellScore]) -> None:
        """Add a chunk: ``rows`` are the cell values of data rows ``first_number``, ``first_number + 1``…"""
        if self.plan_columns is None:
            self.plan_columns = find_plan_columns(self.columns, rows, self.text_index)
        numbers, texts = [], []
        for number, values, cell in zip(range(first_number, first_number + len(rows)), rows, cells):
            self._rows.append(plan_row(number, cell, self._when(number, values), self._rubric(values)))
            if cell.scored:
                numbers.append(number)
                texts.append(values[self.text_index])
        self._duplicates.add_many(numbers, texts)

    def _when(self, number: int, values: Sequence[str]) -> datetime | None:
        found = self.plan_columns
        if found is None or found.date is None:
            return None
        value = values[found.date].strip() if found.date < len(values) else ""
        if not value:
            self._undated += 1
            return None
        when = parse_date(value, serials=found.date_by_name)
        if when is None:
            self._unreadable.append(UnreadableDate(sheet_row(number), value[:MAX_VALUE_SHOWN]))
        return when

    def _rubric(self, values: Sequence[str]) -> str:
        found = self.plan_columns
        if found is None or found.rubric is None or found.rubric >= len(values):
            return ""
        value = " ".join(values[found.rubric].split())
        return self._rubrics.setdefault(value, value)

    def finish(self) -> PlanHealth:
        """Assess the plan (an empty plan gives no findings)."""
        found = self.plan_columns or PlanColumns()
        data = PlanData(
            self._rows, self._duplicates.groups(),
            date_column=self.columns[found.date] if found.date is not None else None,
            unreadable=self._unreadable, undated=self._undated,
            rubric_column=self.columns[found.rubric] if found.rubric is not None else None,
        )
        return assess(data, self.norms)
