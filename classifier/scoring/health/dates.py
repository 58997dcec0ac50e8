"""Read the date of a post as a content plan writes it.

Accepted: ``03.03.2025`` (also ``3.3.25``, ``03/03/2025``, ``03-03-2025``), ISO dates
and date-times (``2025-03-03``, ``2025-03-03T10:00:00+03:00``, ``2025-03-03 10:00:00`` as
openpyxl gives an Excel date cell), Russian month names (``3 марта 2025``, ``пн, 3 мар
2025 г., 10:00``) and, when the column is known to hold dates, Excel serial day numbers
(``45719``). A time, when given, orders posts within a day.

>>> parse_date("03.03.2025 10:30")
datetime.datetime(2025, 3, 3, 10, 30)
>>> parse_date("3 марта 2025 г.").date()
datetime.date(2025, 3, 3)
>>> parse_date("45719", serials=True).date(), parse_date("45719")
(datetime.date(2025, 3, 3), None)
>>> parse_date("32.13.2025"), parse_date("завтра")
(None, None)
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

FIRST_YEAR, LAST_YEAR = 1970, 2100  # outside: not a plan date
EXCEL_EPOCH = datetime(1899, 12, 30)  # day 0 of Excel's 1900 date system (with its 1900 leap-year bug)
SERIAL_RANGE = (25_569, 73_051)  # Excel serials of 1970-01-01 .. 2099-12-31

MONTHS = {
    "январ": 1, "янв": 1, "феврал": 2, "фев": 2, "март": 3, "мар": 3, "апрел": 4, "апр": 4,
    "ма": 5, "июн": 6, "июл": 7, "август": 8, "авг": 8, "сентябр": 9, "сен": 9, "сент": 9,
    "октябр": 10, "окт": 10, "ноябр": 11, "ноя": 11, "нояб": 11, "декабр": 12, "дек": 12,
}
_TIME = r"(?:(?:\s*,\s*|\s+|T)(?:в\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?)?"
_ZONE = r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|МСК|мск))?"
_WEEKDAY = r"(?:[а-яё]{2,11}\.?,?\s+)?"
_NUMERIC = [
    re.compile(r"(?P<day>\d{1,2})[./-](?P<month>\d{1,2})[./-](?P<year>\d{4}|\d{2})(?:\s*г\.?)?" + _TIME + _ZONE),
    re.compile(r"(?P<year>\d{4})[-./](?P<month>\d{1,2})[-./](?P<day>\d{1,2})" + _TIME + _ZONE),
]
_WORDS = re.compile(
    _WEEKDAY + r"(?P<day>\d{1,2})\s+(?P<month>[а-яё]{3,8})\.?\s+(?P<year>\d{4})(?:\s*(?:г\.?|года))?" + _TIME + _ZONE,
    re.IGNORECASE,
)
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")


def parse_date(value: str, serials: bool = False) -> datetime | None:
    """The date (and time, if given) a cell holds, or None when it does not read as one.

    ``serials``: also read Excel serial day numbers (only for a column named as a date,
    where a five-digit number cannot be an id).
    """
    text = value.strip()
    if not text or len(text) > 60:
        return None
    for pattern in _NUMERIC:
        match = pattern.fullmatch(text)
        if match:
            return _build(match, int(match["month"]))
    match = _WORDS.fullmatch(text)
    if match:
        month = _month(match["month"])
        return _build(match, month) if month else None
    if serials and _SERIAL.fullmatch(text):
        number = float(text)
        if SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
            return EXCEL_EPOCH + timedelta(days=number)
    return None


def _month(word: str) -> int | None:
    """The month of a Russian month name in any case form: «марта», «мар», «Май»."""
    word = word.lower().rstrip(".")
    if word in ("май", "мая", "мае", "маю", "маем"):
        return 5
    for length in (7, 6, 5, 4, 3):
        if word[:length] in MONTHS and word[:length] != "ма":
            return MONTHS[word[:length]]
    return None


def _build(match: re.Match[str], month: int) -> datetime | None:
    year = int(match["year"])
    if year < 100:
        year += 2000 if year < 70 else 1900
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    hour, minute, second = (int(match[k] or 0) for k in ("hour", "minute", "second"))
    try:
        return datetime(year, month, int(match["day"]), hour, minute, second)
    except ValueError:  # 31.02, 25:00
        return None
