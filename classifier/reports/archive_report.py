"""Reports for a scored archive: the progress line and the summary at the end."""

from __future__ import annotations

from typing import TextIO

from classifier.language.numerals import count, number
from classifier.reports.draft_view import VERDICTS
from classifier.scoring.archive import ArchiveOutcome
from classifier.scoring.plan import ERROR, VERDICT_ORDER

BAR = 25  # characters for a share of 100 %


def percent(share: float) -> str:
    """A share as Russian text writes a percentage.

    >>> percent(0.1834)
    '18,3\xa0%'
    """
    return f"{number(100 * share, 1)}\u00a0%"


def progress_line(done: int, total: int, seconds: float) -> str:
    """The line a terminal shows while the archive is scored.

    >>> progress_line(40_000, 1_000_000, 16.0).replace("\xa0", " ")
    'postcheck archive: оценено строк: 40 000 из 1 000 000 (4,0 %), 2 500 в секунду'
    """
    rate = done / seconds if seconds > 0 else 0.0
    share = done / total if total else 1.0
    return f"postcheck archive: оценено строк: {number(done)} из {number(total)} ({percent(share)}), " \
           f"{number(rate)} в секунду"


class ProgressLine:
    """A progress line rewritten in place on a terminal; call it with (rows done, rows, seconds)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __call__(self, done: int, total: int, seconds: float) -> None:
        self.stream.write("\r" + progress_line(done, total, seconds))
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")


def summary_text(outcome: ArchiveOutcome) -> str:
    counts = outcome.counts
    details = [f"колонка «{outcome.text_column}»"]
    if outcome.date_column:
        details.append(f"дата — «{outcome.date_column}»")
    if outcome.encoding:
        details.append(f"кодировка {outcome.encoding}")
    lines = [f"Архив {outcome.source}: {count(counts.rows, 'строка', 'строки', 'строк')} ({', '.join(details)})"]
    for verdict in VERDICT_ORDER:
        n = counts.verdicts.get(verdict, 0)
        lines.append(f"  {VERDICTS[verdict]}: {number(n)} ({percent(_share(n, counts.rows))})")
    if counts.verdicts.get(ERROR):
        lines.append(f"  не оценены (причина в postcheck_error): {number(counts.verdicts[ERROR])}")
    lines += _months(outcome)
    parts = count(outcome.partitions, "часть", "части", "частей")
    lines.append(f"Оценённый архив (Parquet, {parts}): {outcome.output}")
    where = "локальный кластер" if outcome.scheduler is None else f"планировщик {outcome.scheduler}"
    lines.append(f"Dask: {where}, {count(outcome.workers, 'обработчик', 'обработчика', 'обработчиков')}")
    rate = counts.rows / outcome.seconds if outcome.seconds else 0.0
    per_second = count(round(rate), "строка", "строки", "строк")
    lines.append(f"Время: {number(outcome.seconds, 1)} с ({per_second} в секунду)")
    return "\n".join(lines)


def _months(outcome: ArchiveOutcome) -> list[str]:
    counts = outcome.counts
    lines = [f"  продающих постов: {number(counts.selling)} ({percent(counts.selling_share)} оценённых)"]
    if outcome.date_column is None:
        return lines + ["Колонки с датой нет — доли по месяцам не посчитаны (укажите её: --date-column)."]
    months = counts.by_month()
    if not months:
        return lines + [f"В колонке «{outcome.date_column}» не нашлось ни одной читаемой даты — "
                        "доли по месяцам не посчитаны."]
    lines.append("Доля продающих постов по месяцам (продающий — «переписать» или главная причина — продажа):")
    width = max(len(number(m.rows)) for _, m in months)
    for key, month in months:
        bar = "█" * round(BAR * month.share)
        lines.append(f"  {key}  {percent(month.share):>7}  из {number(month.rows):>{width}}  {bar}")
    if counts.undated:
        lines.append(f"  без читаемой даты: {number(counts.undated)}")
    return lines


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
