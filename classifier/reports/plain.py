"""Draft reports as plain text: for pipes, files, NO_COLOR and --no-color.

Highlights are marked in the text itself: ⟦…⟧¹ for what hurts, ⟨…⟩² for what works; the
number points to the reason below.
"""

from __future__ import annotations

from classifier.reports.draft_view import DraftView, ReasonView, points_text

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
BAR_CELLS = 20


def score_bar(score: float) -> str:
    filled = int(round(score / 100 * BAR_CELLS))
    return "█" * filled + "░" * (BAR_CELLS - filled)


def highlighted_text(view: DraftView) -> str:
    parts = []
    for seg in view.segments:
        if seg.reason is None:
            parts.append(seg.text)
        elif seg.polarity == "junk":
            parts.append(f"⟦{seg.text}⟧{str(seg.reason).translate(_SUPERSCRIPT)}")
        else:
            parts.append(f"⟨{seg.text}⟩{str(seg.reason).translate(_SUPERSCRIPT)}")
    text = "".join(parts)
    return text + ("\n… (дальше текст не показан)" if view.truncated else "")


def _reason_lines(reason: ReasonView) -> list[str]:
    quotes = ", ".join(f"«{q}»" for q in reason.quotes)
    head = f"{reason.number:>2}. {reason.title} ({points_text(reason.weight)})"
    lines = [head + (f": {quotes}" if quotes else "")]
    lines.append(f"    Почему: {reason.why}")
    label = "Как переписать" if reason.polarity == "junk" else "Совет"
    lines.append(f"    {label}: {reason.tip}")
    return lines


def render_draft(view: DraftView) -> str:
    lines = [f"═══ {view.source} ═══"]
    lines.append(f"Оценка рекламности: {view.score:.0f}/100 {score_bar(view.score)} — {view.verdict_text}")
    for warning in view.warnings:
        lines.append(f"! {warning}")
    lines += ["", "Текст (⟦…⟧ — мешает, ⟨…⟩ — работает; число — номер причины ниже):", highlighted_text(view), ""]
    if view.problems:
        lines.append("Что мешает:")
        for reason in view.problems:
            lines += _reason_lines(reason)
    else:
        lines.append("Что мешает: явных признаков рекламного мусора нет.")
    if view.strengths:
        lines.append("Что уже работает:")
        for reason in view.strengths:
            lines += _reason_lines(reason)
    if view.ad_warning:
        lines += ["", f"⚠ Маркировка рекламы: {view.ad_warning}"]
    elif view.ad_note:
        lines += ["", f"Маркировка рекламы: {view.ad_note}"]
    if view.model:
        lines.append(f"(модель: {view.model})")
    return "\n".join(lines)


def summary_line(source: str, score: float | None, verdict_text: str | None, error: str | None) -> str:
    if error is not None:
        return f"{source}: ошибка — {error}"
    return f"{source}: {score:.0f}/100 — {verdict_text}"
