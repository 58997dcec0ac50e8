"""Count a scored partition: verdicts, selling posts, and per month the scored and selling rows.

Runs on the worker that scored the partition; only the small :class:`Counts` travels back.
Dates are read as plan health reads a plan's dates (:func:`parse_date`: ``03.03.2025``, ISO,
Russian month names, Excel serials), and also from Parquet date/time columns and Unix time.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

import pandas as pd
import pyarrow as pa

from classifier.io.columns import find_column
from classifier.scoring.archive import Counts, Month
from classifier.scoring.cells import CellScore
from classifier.scoring.health.columns import DATE_NAMES, named
from classifier.scoring.health.dates import FIRST_YEAR, LAST_YEAR, parse_date
from classifier.scoring.health.rows import is_selling
from classifier.scoring.plan import ERROR

EPOCH_FROM = 100_000_000  # smaller numbers (1973 and before) are not Unix times of posts


def date_column(schema: pa.Schema, text_column: str, wanted: str | None, source: str) -> str | None:
    """The column to read dates from: the one asked for, else one named as a date (дата, date,
    published...), else the first date/time column; None when there is none."""
    names = schema.names
    if wanted is not None:
        return names[find_column(names, wanted, (), source, "датой")]
    usable = [i for i in named(names, DATE_NAMES, skip=[names.index(text_column)]) if _may_hold_dates(schema[i].type)]
    temporal = [i for i, f in enumerate(schema) if pa.types.is_timestamp(f.type) or pa.types.is_date(f.type)]
    return names[(usable or temporal)[0]] if usable or temporal else None


def _may_hold_dates(kind: pa.DataType) -> bool:
    return (pa.types.is_timestamp(kind) or pa.types.is_date(kind) or pa.types.is_string(kind)
            or pa.types.is_large_string(kind) or pa.types.is_integer(kind) or pa.types.is_floating(kind))


def count(frame: pd.DataFrame, date_column: str | None) -> Counts:
    """Counts of one scored partition (the ``postcheck_*`` columns and the date column)."""
    errors = frame["postcheck_error"].notna().tolist()
    verdicts = frame["postcheck_verdict"].tolist()
    reasons = frame["postcheck_reasons"].tolist()
    selling = [not failed and is_selling(CellScore(verdict=v, signals=tuple(r))) for failed, v, r
               in zip(errors, verdicts, reasons)]
    counts = Counts(len(frame), Counter(ERROR if failed else v for failed, v in zip(errors, verdicts)), sum(selling))
    if date_column is not None:
        for month, failed, sells in zip(month_keys(frame[date_column]), errors, selling):
            if failed:
                continue
            if month is None:
                counts.undated += 1
                continue
            entry = counts.months.setdefault(month, Month())
            entry.rows += 1
            entry.selling += sells
    return counts


def month_keys(dates: pd.Series) -> list[str | None]:
    """«YYYY-MM» of each date cell as written (no time-zone shift), None where unreadable.

    >>> month_keys(pd.Series(["2025-03-01T23:30:00+03:00", "1 апреля 2025", "вчера", "1740787200", None]))
    ['2025-03', '2025-04', None, '2025-03', None]
    """
    if pd.api.types.is_datetime64_any_dtype(dates.dtype) or _is_arrow_temporal(dates.dtype):
        stamps = pd.to_datetime(dates, errors="coerce")
        return [_key(s.year, s.month) if pd.notna(s) else None for s in stamps]
    if pd.api.types.is_numeric_dtype(dates.dtype):
        return [_epoch_month(v) for v in dates.tolist()]
    cells = dates.tolist()
    months = {cell: _text_month(cell) for cell in set(cells)}  # a date repeats in many posts
    return [months[cell] for cell in cells]


def _is_arrow_temporal(dtype: object) -> bool:
    return isinstance(dtype, pd.ArrowDtype) and (pa.types.is_timestamp(dtype.pyarrow_dtype)
                                                 or pa.types.is_date(dtype.pyarrow_dtype))


def _text_month(cell: object) -> str | None:
    if not isinstance(cell, str):
        return None
    when = parse_date(cell, serials=True)  # the column is named as a date: a five-digit number is a serial
    if when is not None:
        return _key(when.year, when.month)
    digits = cell.strip()
    return _epoch_month(int(digits)) if digits.isdigit() and 9 <= len(digits) <= 13 else None


def _epoch_month(value: object) -> str | None:
    """The month of Unix time in seconds or milliseconds (VK and Telegram exports)."""
    if value is None or isinstance(value, bool) or pd.isna(value) or value < EPOCH_FROM:
        return None
    seconds = float(value) / (1000 if value >= 1e11 else 1)
    try:
        when = datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    return _key(when.year, when.month)


def _key(year: int, month: int) -> str | None:
    return f"{year:04d}-{month:02d}" if FIRST_YEAR <= year <= LAST_YEAR else None

