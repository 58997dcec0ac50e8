"""The «Здоровье контент-плана» section of the terminal summary of a scored plan.

Each check is one line with ✗ (outside the norm) or ✓; a problem also gets its mistake,
its rows (as in the spreadsheet), why it matters and what to do. Lines are toned pieces
(:mod:`classifier.reports.toned`), drawn plain or in colour like the rest of the summary.
"""

from __future__ import annotations

from collections.abc import Sequence

from classifier.language.numerals import number
from classifier.reports.toned import Line, Piece
from classifier.scoring.health import texts
from classifier.scoring.health.model import ERROR, Finding, PlanHealth
from classifier.scoring.plan import VERDICT_ORDER, sheet_row
from classifier.signals.base import MISTAKES

MAX_ROWS = 15  # row numbers listed per finding
MAX_GROUPS = 5  # duplicate groups listed
MAX_RUBRICS = 10
SHORT = {"ok": "можно", "borderline": "на грани", "rewrite": "переписать", ERROR: "не оценены"}
INDENT = "      "


def rows_text(rows: Sequence[int], limit: int = MAX_ROWS) -> str:
    """«3, 5, 8» or «3, 5, 8 … (ещё 12)».

    >>> rows_text([3, 5, 8, 9], limit=3)
    '3, 5, 8 … (ещё 1)'
    """
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f" … (ещё {number(len(rows) - limit)})" if len(rows) > limit else "")


def health_lines(health: PlanHealth | None) -> list[Line]:
    """The plan-health section, or nothing when the plan was not assessed."""
    if health is None:
        return []
    if not health.findings:
        return [[Piece("Здоровье контент-плана: ", "strong"),
                 Piece("нет оценённых постов — судить о плане целиком не по чему.", "muted")]]
    lines: list[Line] = [[Piece("Здоровье контент-плана", "strong"), Piece(" (номера строк — как в таблице):")]]
    for finding in health.findings:
        lines += _finding(finding, health)
    if health.rubrics:
        lines.append([Piece(f"  По рубрикам (колонка «{health.rubric_column}»):")])
        for rubric in health.rubrics[:MAX_RUBRICS]:
            line = [Piece(f"    «{rubric.rubric or 'без рубрики'}»: ")]
            shown = [v for v in (*VERDICT_ORDER, ERROR) if rubric.counts.get(v)]
            for i, verdict in enumerate(shown):
                line += [Piece(f"{SHORT[verdict]} "), Piece(number(rubric.counts[verdict]), verdict),
                         Piece(", " if i < len(shown) - 1 else "")]
            lines.append(line)
        if len(health.rubrics) > MAX_RUBRICS:
            lines.append([Piece(f"    … и ещё рубрик: {number(len(health.rubrics) - MAX_RUBRICS)}", "muted")])
    if health.schedule is not None and health.schedule.note:
        lines.append([Piece("  Примечание: ", "warn"), Piece(health.schedule.note)])
    return lines


def _finding(finding: Finding, health: PlanHealth) -> list[Line]:
    if not finding.problem:
        return [[Piece("  ✓ ", "ok"), Piece(f"{finding.title}: "), Piece(finding.summary, "muted")]]
    mistake = MISTAKES[finding.mistake]
    lines = [[Piece("  ✗ ", "rewrite"), Piece(finding.title, "strong"), Piece(f": {finding.summary}")],
             [Piece(f"{INDENT}{mistake[0].upper()}{mistake[1:]}.", "muted")]]
    if finding.id == texts.DUPLICATES:
        for i, group in enumerate(health.duplicates[:MAX_GROUPS], 1):
            exact = " (точные копии)" if group.exact else ""
            lines.append([Piece(f"{INDENT}Группа {i}: строки {rows_text([sheet_row(n) for n in group.numbers])}"
                                f"{exact}")])
        if len(health.duplicates) > MAX_GROUPS:
            lines.append([Piece(f"{INDENT}… и ещё групп: {number(len(health.duplicates) - MAX_GROUPS)}", "muted")])
    elif finding.rows:
        lines.append([Piece(f"{INDENT}Строки: {rows_text(finding.rows)}")])
    lines.append([Piece(f"{INDENT}Почему: {finding.why}")])
    lines.append([Piece(f"{INDENT}Что делать: ", "ok"), Piece(finding.tip)])
    return lines
