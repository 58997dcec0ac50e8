"""Draft reports as plain text: for pipes, files, NO_COLOR and --no-color.

Highlights are marked in the text itself: ⟦…⟧¹ for what hurts, ⟨…⟩² for what works; the
number points to the reason below. With a ``width`` (a terminal), long lines wrap and keep
their indent.
"""

from __future__ import annotations

import textwrap

from classifier.language.numerals import short_number
from classifier.reports.draft_view import JUNK, DraftView, ReasonView

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
BAR_CELLS = 20


def score_bar(score: float) -> str:
    filled = int(round(score / 100 * BAR_CELLS))
    return "█" * filled + "░" * (BAR_CELLS - filled)


def score_text(score: float) -> str:
    """«86,6/100»: the score as people read it, in tenths, as the verdict was decided on it
    (a 51,9 is «на грани» when `rewrite` starts at 52, and reads so).

    >>> score_text(86.6), score_text(0.2), score_text(52.0)
    ('86,6/100', '0,2/100', '52/100')
    """
    return f"{short_number(score)}/100"


def superscript(n: int) -> str:
    return str(n).translate(_SUPERSCRIPT)


def highlighted_text(view: DraftView) -> str:
    parts = []
    for seg in view.segments:
        if seg.reason is None:
            parts.append(seg.text)
        elif seg.side == JUNK:
            parts.append(f"⟦{seg.text}⟧{superscript(seg.reason)}")
        else:
            parts.append(f"⟨{seg.text}⟩{superscript(seg.reason)}")
    text = "".join(parts)
    return text + ("\n… (дальше текст не показан)" if view.truncated else "")


def _wrap(text: str, width: int | None, indent: str, hanging: str) -> list[str]:
    if not width:
        return [indent + text]
    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=hanging,
                         break_on_hyphens=False) or [indent]


def quotes_text(reason: ReasonView) -> str:
    return ", ".join(f"«{q}»" for q in reason.quotes)


def reason_head(reason: ReasonView) -> str:
    """«Давление срочностью (+24 балла): «ТОЛЬКО СЕГОДНЯ», «успейте»»."""
    quotes = quotes_text(reason)
    return f"{reason.title} ({reason.points})" + (f": {quotes}" if quotes else "")


def _reason_lines(reason: ReasonView, width: int | None) -> list[str]:
    label = "Как переписать" if reason.side == JUNK else "Совет"
    lines = _wrap(reason_head(reason), width, f"{reason.number:>2}. ", "    ")
    lines += _wrap(f"Почему: {reason.why}", width, "    ", " " * len("    Почему: "))
    lines += _wrap(f"{label}: {reason.tip}", width, "    ", " " * len(f"    {label}: "))
    return lines


def folded_strengths(view: DraftView) -> str:
    """«Что уже работает (3): Советы −3,5 балла; Вопрос к аудитории −4,2 балла; …» in one line."""
    items = "; ".join(f"{r.number}. {r.title} {r.points}" for r in view.strengths)
    return f"Что уже работает ({len(view.strengths)}): {items}."


def render_draft(view: DraftView, width: int | None = None, fold_strengths: bool = False) -> str:
    lines = [f"═══ {view.source} ═══"]
    lines.append(f"Оценка рекламности: {score_text(view.score)} {score_bar(view.score)} — {view.verdict_text}")
    if view.balance:
        lines += _wrap(view.balance, width, "", "")
    for warning in view.warnings:
        lines += _wrap(f"! {warning}", width, "", "  ")
    lines += ["", "Текст (⟦…⟧ — мешает, ⟨…⟩ — работает; число — номер причины ниже):", highlighted_text(view), ""]
    if view.problems:
        lines.append("Что мешает:")
        for reason in view.problems:
            lines += _reason_lines(reason, width)
    else:
        lines.append("Что мешает: явных признаков рекламного мусора нет.")
    if view.strengths and fold_strengths:
        lines += _wrap(folded_strengths(view), width, "", "  ")
    elif view.strengths:
        lines.append("Что уже работает:")
        for reason in view.strengths:
            lines += _reason_lines(reason, width)
    if view.ad_warning:
        lines += [""] + _wrap(f"⚠ Маркировка рекламы: {view.ad_warning}", width, "", "  ")
    elif view.ad_note:
        lines += [""] + _wrap(f"Маркировка рекламы: {view.ad_note}", width, "", "  ")
    if view.model:
        lines.append(f"(модель: {view.model})")
    return "\n".join(lines)


def render_brief(view: DraftView) -> str:
    """Score, verdict and the strongest three reasons with quotes, one line each."""
    lines = [f"{view.source}: {score_text(view.score)} {score_bar(view.score)} — {view.verdict_text}"]
    for reason in view.strongest:
        lines.append(f"  {reason.number}. {reason_head(reason)}")
    if not view.problems:
        lines.append("  Что мешает: явных признаков рекламного мусора нет.")
    if view.ad_short:
        lines.append(f"  {view.ad_short}")
    return "\n".join(lines)


def summary_line(source: str, score: float | None, verdict_text: str | None, error: str | None) -> str:
    if error is not None:
        return f"{source}: ошибка — {error}"
    return f"{source}: {score_text(score)} — {verdict_text}"
