"""Draft reports in colour with rich: junk highlights in warm colours, value in green."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from classifier.reports.draft_view import DraftView, ReasonView, points_text
from classifier.reports.plain import score_bar

# Warm colours per junk category; every value category is green.
JUNK_STYLES = {
    "hard_sell": "bold white on red3",
    "price_promo": "black on orange1",
    "urgency": "bold white on dark_orange3",
    "follower_chasing": "black on gold1",
    "self_praise": "white on magenta",
    "unreal_promise": "bold white on red1",
    "monologue": "black on light_salmon1",
    "contact_spam": "black on tan",
    "shouting": "bold black on yellow",
    "hashtag_stuffing": "black on khaki1",
    "vocabulary": "black on light_goldenrod2",
    "custom": "bold white on deep_pink3",
}
VALUE_STYLE = "black on pale_green3"
VERDICT_STYLES = {"ok": "bold green", "borderline": "bold yellow", "rewrite": "bold red"}


def _style(polarity: str | None, category: str | None) -> str:
    if polarity == "value":
        return VALUE_STYLE
    return JUNK_STYLES.get(category or "", "black on orange1")


def _reason(reason: ReasonView) -> Text:
    style = _style(reason.polarity, reason.category if reason.polarity == "junk" else None)
    line = Text(f"{reason.number:>2}. ")
    line.append(reason.title, style="bold")
    line.append(f"  {points_text(reason.weight)}", style="red" if reason.weight > 0 else "green")
    if reason.quotes:
        line.append("  ")
        for i, quote in enumerate(reason.quotes):
            line.append(f" {quote} ", style=style)
            if i < len(reason.quotes) - 1:
                line.append(" ")
    line.append(f"\n    Почему: {reason.why}")
    label = "Как переписать" if reason.polarity == "junk" else "Совет"
    line.append(f"\n    {label}: ", style="bold")
    line.append(reason.tip)
    return line


def render_draft(view: DraftView, console: Console) -> None:
    verdict_style = VERDICT_STYLES.get(view.verdict, "bold")
    head = Text()
    head.append("Оценка рекламности: ")
    head.append(f"{view.score:.0f}/100 ", style=verdict_style)
    head.append(score_bar(view.score), style=verdict_style)
    head.append(f" — {view.verdict_text}", style=verdict_style)
    body = Text()
    for seg in view.segments:
        if seg.reason is None:
            body.append(seg.text)
        else:
            body.append(seg.text, style=_style(seg.polarity, seg.category))
            body.append(str(seg.reason), style="dim")
    if view.truncated:
        body.append("\n… (дальше текст не показан)", style="dim")
    parts: list = [head]
    parts += [Text(f"! {w}", style="yellow") for w in view.warnings]
    parts.append(Panel(body, title="Текст", title_align="left", border_style="dim"))
    parts.append(Text("Что мешает:", style="bold red") if view.problems
                 else Text("Что мешает: явных признаков рекламного мусора нет.", style="green"))
    parts += [_reason(r) for r in view.problems]
    if view.strengths:
        parts.append(Text("Что уже работает:", style="bold green"))
        parts += [_reason(r) for r in view.strengths]
    if view.ad_warning:
        parts.append(Text(f"⚠ Маркировка рекламы: {view.ad_warning}", style="bold yellow"))
    elif view.ad_note:
        parts.append(Text(f"Маркировка рекламы: {view.ad_note}", style="green" if view.ad_complete else "yellow"))
    if view.model:
        parts.append(Text(f"модель: {view.model}", style="dim"))
    console.print(Panel(Group(*parts), title=view.source, title_align="left"))
