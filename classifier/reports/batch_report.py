"""Reports for a scored content plan: the terminal summary, its JSON, the HTML page."""

from __future__ import annotations

from classifier.reports.draft_view import VERDICTS

VERDICT_ORDER = ("rewrite", "borderline", "ok")


def spreadsheet_row(number: int) -> int:
    """Data row 1 is row 2 of the sheet: row 1 holds the headers."""
    return number + 1


def summary_text(outcome) -> str:  # noqa: ANN001 - BatchOutcome
    details = [f"колонка «{outcome.text_column}»"]
    if outcome.encoding:
        details.append(f"кодировка {outcome.encoding}")
    if outcome.delimiter:
        details.append(f"разделитель «{'TAB' if outcome.delimiter == chr(9) else outcome.delimiter}»")
    if outcome.sheet:
        details.append(f"лист «{outcome.sheet}»")
    lines = [f"Контент-план {outcome.source}: {outcome.n_rows} строк ({', '.join(details)})"]
    counts = [f"{VERDICTS[v]}: {outcome.counts.get(v, 0)}" for v in VERDICT_ORDER]
    if outcome.counts.get("error"):
        counts.append(f"не оценены (ошибка): {outcome.counts['error']}")
    lines.append("  " + "   ".join(counts))
    lines.append(f"  Похожи на рекламу, но без маркировки: {outcome.unmarked_ads}")
    flagged = [w for w in outcome.worst if w[3] != "ok"]
    if flagged:
        lines.append("Что переписать первым (строка таблицы, оценка, начало текста):")
        for score, number, words, verdict in flagged:
            lines.append(f"  строка {spreadsheet_row(number)}: {score:.0f}/100, {VERDICTS[verdict]} — «{words}»")
    elif outcome.n_rows:
        lines.append("Постов, которые нужно переписать, нет.")
    if outcome.output is not None:
        lines.append(f"Оценённая таблица: {outcome.output}")
    else:
        lines.append("Чтобы сохранить оценки в таблицу, добавьте -o оценки.csv (или .xlsx, .jsonl).")
    rate = outcome.n_rows / outcome.seconds if outcome.seconds else 0
    lines.append(f"Время: {outcome.seconds:.1f} с ({rate:.0f} строк/с)")
    return "\n".join(lines)


def summary_record(outcome) -> dict:  # noqa: ANN001 - BatchOutcome
    return {
        "source": str(outcome.source),
        "rows": outcome.n_rows,
        "text_column": outcome.text_column,
        "counts": {v: outcome.counts.get(v, 0) for v in (*VERDICT_ORDER, "error")},
        "unmarked_ads": outcome.unmarked_ads,
        "worst": [{"row": spreadsheet_row(n), "score": s, "verdict": v, "start": w} for s, n, w, v in outcome.worst],
        "output": str(outcome.output) if outcome.output else None,
    }


def write_html(outcome, path) -> None:  # noqa: ANN001
    from classifier.reports.html import render_plan

    path.write_text(render_plan(outcome), encoding="utf-8")
