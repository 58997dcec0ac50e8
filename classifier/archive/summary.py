"""Count a scored partition: its verdicts, and per month the verdicts of its dated rows.

Runs on the worker that scored the partition; only the small :class:`Counts` travels back.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from classifier.scoring.archive import Counts
from classifier.scoring.plan import ERROR

_ISO = r"^\s*(?P<year>\d{4})-(?P<month>\d{1,2})(?!\d)"  # 2025-03-01, 2025-03-01T10:00+03:00, 2025-03
_RUSSIAN = r"^\s*\d{1,2}\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?!\d)"  # 01.03.2025 12:00
_EPOCH = r"^\s*\d{9,13}\s*$"  # Unix time in seconds or milliseconds (VK, Telegram exports)


def count(verdicts: pd.Series, errors: pd.Series, dates: pd.Series | None) -> Counts:
    """Counts of one scored partition; ``verdicts`` is null where ``errors`` is set."""
    labels = verdicts.astype(object).where(errors.isna(), ERROR).fillna(ERROR)
    counts = Counts(len(labels), Counter(labels.value_counts().to_dict()))
    if dates is not None:
        months = month_keys(dates)
        dated = months.notna()
        counts.undated = int((~dated & (labels != ERROR)).sum())
        table = pd.crosstab(months[dated], labels[dated])
        counts.months = {month: Counter({v: int(n) for v, n in row.items() if n}) for month, row in table.iterrows()}
    return counts


def month_keys(dates: pd.Series) -> pd.Series:
    """«YYYY-MM» of each date cell as written (no time-zone shift), None where unreadable.

    >>> month_keys(pd.Series(["2025-03-01T23:30:00+03:00", "01.04.2025", "вчера", "1740787200", None])).tolist()
    ['2025-03', '2025-04', None, '2025-03', None]
    """
    if pd.api.types.is_datetime64_any_dtype(dates.dtype) or _is_arrow_temporal(dates.dtype):
        stamps = pd.to_datetime(dates, errors="coerce")
        return _keys(stamps.dt.year, stamps.dt.month, dates.index)
    if pd.api.types.is_numeric_dtype(dates.dtype):
        return _from_epoch(pd.to_numeric(dates, errors="coerce"), dates.index)
    text = dates.astype(object).where(dates.notna(), "").astype(str)
    keys = pd.Series([None] * len(text), index=dates.index, dtype=object)
    for pattern in (_ISO, _RUSSIAN):
        found = text.str.extract(pattern)
        month_year = _keys(pd.to_numeric(found["year"]), pd.to_numeric(found["month"]), dates.index)
        keys = keys.where(keys.notna(), month_year)
    epoch = text.str.fullmatch(_EPOCH)
    if epoch.any():
        keys = keys.where(keys.notna() | ~epoch, _from_epoch(pd.to_numeric(text.where(epoch), errors="coerce"),
                                                             dates.index))
    return keys


def _is_arrow_temporal(dtype: object) -> bool:
    import pyarrow as pa

    return isinstance(dtype, pd.ArrowDtype) and (pa.types.is_timestamp(dtype.pyarrow_dtype)
                                                 or pa.types.is_date(dtype.pyarrow_dtype))


def _from_epoch(seconds: pd.Series, index: pd.Index) -> pd.Series:
    seconds = seconds.where(seconds < 1e11, seconds / 1000)  # milliseconds
    stamps = pd.to_datetime(seconds, unit="s", errors="coerce")
    return _keys(stamps.dt.year, stamps.dt.month, index)


def _keys(years: pd.Series, months: pd.Series, index: pd.Index) -> pd.Series:
    keys = [
        f"{int(y):04d}-{int(m):02d}" if pd.notna(y) and pd.notna(m) and 1 <= m <= 12 and 1900 <= y <= 2200 else None
        for y, m in zip(years, months)
    ]
    return pd.Series(keys, index=index, dtype=object)
