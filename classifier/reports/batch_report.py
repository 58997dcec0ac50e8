"""Reports for a scored content plan: the terminal summary and its JSON (the HTML page is
in :mod:`classifier.reports.html`)."""

from __future__ import annotations

from pathlib import Path

from classifier.language.numerals import count, number
from classifier.reports.draft_view import VERDICTS
from classifier.reports.health_json import health_record
from classifier.reports.health_text import health_lines
from classifier.reports.plain import score_text
from classifier.reports.toned import Line, Piece, plain_lines
from classifier.scoring.plan import ERROR, VERDICT_ORDER, BatchOutcome

SHOWN_NOTES = 5


def summary_lines(outcome: BatchOutcome, report: Path | None = None) -> list[Line]:
    """The terminal summary of a scored plan, as lines of toned pieces (plain or coloured)."""
    details = [f"колонка «{outcome.text_column}»"]
    if outcome.encoding:
        details.append(f"кодировка {outcome.encoding}")
    if outcome.delimiter:
        details.append(f"разделитель «{'TAB' if outcome.delimiter == chr(9) else outcome.delimiter}»")
    if outcome.sheet:
        details.append(f"лист «{outcome.sheet}»")
    lines: list[Line] = [[Piece("Контент-план "), Piece(str(outcome.source), "strong"),
                          Piece(f": {count(outcome.n_rows, 'строка', 'строки', 'строк')} ({', '.join(details)})")]]
    counts: Line = [Piece("  ")]
    for verdict in VERDICT_ORDER:
        tally = number(outcome.counts.get(verdict, 0))
        counts += [Piece(f"{VERDICTS[verdict]}: "), Piece(tally, verdict), Piece("   ")]
    if outcome.counts.get(ERROR):
        counts += [Piece("не оценены (ошибка): "), Piece(number(outcome.counts[ERROR]), ERROR)]
    lines.append(counts)
    lines.append([Piece("  Похожи на рекламу, но без маркировки или с неполной: "),
                  Piece(number(outcome.unmarked_ads), "warn" if outcome.unmarked_ads else "ok")])
    if outcome.marking_flagged:
        lines.append([Piece("  Не хватает частей маркировки (ad_marking = \"require\"): "),
                      Piece(number(outcome.marking_flagged), "rewrite")])
    lines += health_lines(outcome.health)
    flagged = [w for w in outcome.worst if w.verdict != "ok"]
    if flagged:
        lines.append([Piece("Что переписать первым (строка таблицы, оценка, начало текста):", "strong")])
        for w in flagged:
            lines.append([Piece(f"  строка {w.sheet_row}: "),
                          Piece(f"{score_text(w.score)}, {VERDICTS[w.verdict]}", w.verdict),
                          Piece(f" — «{w.words}»")])
    elif outcome.n_rows:
        lines.append([Piece("Постов, которые нужно переписать, нет.", "ok")])
    lines.extend(_notes_lines(outcome))
    if outcome.output is not None:
        lines.append([Piece("Оценённая таблица: "), Piece(str(outcome.output), "strong")])
    else:
        lines.append([Piece("Чтобы сохранить оценки в таблицу, добавьте -o оценки.csv (или .xlsx, .jsonl).", "muted")])
    if report is not None:
        lines.append([Piece("HTML-отчёт: "), Piece(str(report), "strong")])
    rate = outcome.n_rows / outcome.seconds if outcome.seconds else 0
    lines.append([Piece(f"Время: {number(outcome.seconds, 1)} с ({number(rate)} строк/с)", "muted")])
    return lines


def summary_text(outcome: BatchOutcome, report: Path | None = None) -> str:
    """The summary as plain text."""
    return plain_lines(summary_lines(outcome, report))


def _notes_lines(outcome: BatchOutcome) -> list[Line]:
    """Warnings about rows that were still scored (only the start of a huge cell, replaced characters)."""
    if not outcome.n_notes:
        return []
    lines: list[Line] = [[Piece(f"Предупреждения по строкам ({number(outcome.n_notes)}):", "warn")]]
    lines.extend([Piece(f"  строка {n.sheet_row}: {n.message}")] for n in outcome.notes[:SHOWN_NOTES])
    if outcome.n_notes > SHOWN_NOTES:
        lines.append([Piece(f"  … и ещё {number(outcome.n_notes - SHOWN_NOTES)}", "muted")])
    return lines


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
        "warnings": [{"row": n.sheet_row, "message": n.message} for n in outcome.notes],
        "n_warnings": outcome.n_notes,
        "plan_health": health_record(outcome.health) if outcome.health is not None else None,
    }

