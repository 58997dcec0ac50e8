"""Reports for a scored content plan: the terminal summary and its JSON (the HTML page is
in :mod:`classifier.reports.html`)."""

from __future__ import annotations

from classifier.reports.draft_view import VERDICTS
from classifier.scoring.plan import ERROR, VERDICT_ORDER, BatchOutcome


def summary_text(outcome: BatchOutcome) -> str:
    details = [f"колонка «{outcome.text_column}»"]
    if outcome.encoding:
        details.append(f"кодировка {outcome.encoding}")
    if outcome.delimiter:
        details.append(f"разделитель «{'TAB' if outcome.delimiter == chr(9) else outcome.delimiter}»")
    if outcome.sheet:
        details.append(f"лист «{outcome.sheet}»")
    lines = [f"Контент-план {outcome.source}: {outcome.n_rows} строк ({', '.join(details)})"]
    counts = [f"{VERDICTS[v]}: {outcome.counts.get(v, 0)}" for v in VERDICT_ORDER]
    if outcome.counts.get(ERROR):
        counts.append(f"не оценены (ошибка): {outcome.counts[ERROR]}")
    lines.append("  " + "   ".join(counts))
    lines.append(f"  Похожи на рекламу, но без маркировки или с неполной: {outcome.unmarked_ads}")
    if outcome.marking_flagged:
        lines.append(f"  Не хватает частей маркировки (ad_marking = \"require\"): {outcome.marking_flagged}")
    flagged = [w for w in outcome.worst if w.verdict != "ok"]
    if flagged:
        lines.append("Что переписать первым (строка таблицы, оценка, начало текста):")
        for w in flagged:
            lines.append(f"  строка {w.sheet_row}: {w.score:.0f}/100, {VERDICTS[w.verdict]} — «{w.words}»")
    elif outcome.n_rows:
        lines.append("Постов, которые нужно переписать, нет.")
    if outcome.output is not None:
        lines.append(f"Оценённая таблица: {outcome.output}")
    else:
        lines.append("Чтобы сохранить оценки в таблицу, добавьте -o оценки.csv (или .xlsx, .jsonl).")
    rate = outcome.n_rows / outcome.seconds if outcome.seconds else 0
    lines.append(f"Время: {outcome.seconds:.1f} с ({rate:.0f} строк/с)")
    return "\n".join(lines)


def summary_record(outcome: BatchOutcome) -> dict:
    return {
        "source": str(outcome.source),
        "rows": outcome.n_rows,
        "text_column": outcome.text_column,
        "counts": {v: outcome.counts.get(v, 0) for v in (*VERDICT_ORDER, ERROR)},
        "unmarked_ads": outcome.unmarked_ads,
        "marking_flagged": outcome.marking_flagged,
        "worst": [{"row": w.sheet_row, "score": w.score, "verdict": w.verdict, "start": w.words}
                  for w in outcome.worst],
        "output": str(outcome.output) if outcome.output else None,
    }

