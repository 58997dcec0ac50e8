"""Which columns of a content plan hold the date, the rubric, the author and the platform.

A column is found by its name (case-insensitive; a usual name or a word of the name:
«Дата публикации», «publish_date») and checked on the first rows: a date column must
mostly hold dates, a rubric column short labels. Without a fitting name, a column whose
values are almost all dates (dd.mm.yyyy, ISO, Russian month names) is the date column.

>>> header = ["№", "Дата публикации", "Рубрика", "Текст поста", "Автор"]
>>> rows = [["1", "03.03.2025", "польза", "Как выбрать шины…", "Аня"], ["2", "", "акция", "Скидка…", "Петя"]]
>>> found = find_plan_columns(header, rows, text_index=3)
>>> found.date, found.rubric, found.author, found.platform
(1, 2, 4, None)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from classifier.scoring.health.dates import parse_date

DATE_NAMES = ("дата", "date", "день", "day", "datetime", "время", "time", "публикация", "published", "когда",
              "выход", "posted")
RUBRIC_NAMES = ("рубрика", "rubric", "категория", "category", "раздел", "section", "тема", "topic", "тип", "type",
                "формат", "format", "тег", "tag")
AUTHOR_NAMES = ("автор", "author", "ответственный", "редактор", "editor", "исполнитель", "копирайтер", "smm")
PLATFORM_NAMES = ("площадка", "платформа", "соцсеть", "сеть", "канал", "platform", "network", "channel", "social")
NAMED_DATES = 0.5  # share of a named column's non-empty cells that must read as dates
UNNAMED_DATES = 0.8  # the same for a column found by its values alone
MIN_UNNAMED = 3  # ... which needs at least this many non-empty cells
SHORT_LABEL = 60  # characters: a rubric is a label, not a text


@dataclass(frozen=True)
class PlanColumns:
    """Indices of the plan's own columns (None: not found); ``shown`` go next to each post in the HTML."""

    date: int | None = None
    date_by_name: bool = False  # a named date column may also hold Excel serial day numbers
    rubric: int | None = None
    author: int | None = None
    platform: int | None = None

    @property
    def shown(self) -> tuple[int, ...]:
        return tuple(i for i in (self.date, self.rubric, self.author, self.platform) if i is not None)


def _key(name: str) -> str:
    return name.strip().lower().replace("ё", "е")


def named(columns: Sequence[str], names: Sequence[str], skip: Sequence[int] = ()) -> list[int]:
    """Columns whose name is one of ``names`` or has one as a word, best name first.

    >>> named(["id", "Время публикации", "Дата"], DATE_NAMES)
    [2, 1]
    """
    keys = [_key(c) for c in columns]
    words = [k.replace("_", " ").replace("-", " ").split() for k in keys]
    found: list[int] = []
    for name in names:
        for i, key in enumerate(keys):
            if i not in skip and i not in found and (key == name or name in words[i]):
                found.append(i)
    return found


def _cells(rows: Sequence[Sequence[str]], i: int) -> list[str]:
    return [row[i].strip() for row in rows if i < len(row) and row[i].strip()]


def _date_share(cells: list[str], serials: bool) -> float:
    return sum(parse_date(c, serials) is not None for c in cells) / len(cells) if cells else 0.0


def find_date(columns: Sequence[str], rows: Sequence[Sequence[str]], skip: Sequence[int]) -> tuple[int | None, bool]:
    """The date column and whether it was found by name: a named column that mostly holds
    dates, else a column that holds almost only dates."""
    for i in named(columns, DATE_NAMES, skip):
        if _date_share(_cells(rows, i), serials=True) >= NAMED_DATES:
            return i, True
    for i in range(len(columns)):
        cells = _cells(rows, i)
        if i not in skip and len(cells) >= MIN_UNNAMED and _date_share(cells, serials=False) >= UNNAMED_DATES:
            return i, False
    return None, False


def _labels(columns: Sequence[str], rows: Sequence[Sequence[str]], names: Sequence[str],
            skip: Sequence[int]) -> int | None:
    """The first named column whose cells are short labels (or still empty)."""
    for i in named(columns, names, skip):
        cells = _cells(rows, i)
        if sum(len(c) <= SHORT_LABEL for c in cells) >= 0.9 * len(cells):
            return i
    return None


def find_plan_columns(columns: Sequence[str], rows: Sequence[Sequence[str]], text_index: int) -> PlanColumns:
    """The plan's date, rubric, author and platform columns, judged on ``rows`` (the first ones)."""
    taken = [text_index]
    date, by_name = find_date(columns, rows, taken)
    taken += [date] if date is not None else []
    found = {}
    for role, names in (("rubric", RUBRIC_NAMES), ("author", AUTHOR_NAMES), ("platform", PLATFORM_NAMES)):
        found[role] = _labels(columns, rows, names, taken)
        taken += [found[role]] if found[role] is not None else []
    return PlanColumns(date=date, date_by_name=by_name, **found)
