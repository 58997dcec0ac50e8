"""Reports in colour with rich: junk highlights in warm colours, value in green.

A phrase has one colour everywhere: its mark in the text, the coloured superscript number
after the mark, and its quote chips in the reason list. «Почему» and «Как переписать» wrap
with a hanging indent.
"""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from classifier.reports.draft_view import JUNK, DraftView, ReasonView, Segment
from classifier.reports.plain import folded_strengths, score_bar, score_text, superscript
from classifier.reports.toned import Line

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
OTHER_JUNK_STYLE = "black on orange1"  # a junk-side reason of another category (text shape...)
VALUE_STYLE = "black on pale_green3"
VERDICT_STYLES = {"ok": "bold green", "borderline": "bold yellow", "rewrite": "bold red", "error": "bold magenta"}
TONE_STYLES = {**VERDICT_STYLES, "warn": "bold yellow", "muted": "dim", "strong": "bold"}


def chip_style(side: str | None, category: str | None) -> str:
    """The colour of a phrase: its category's warm colour when it hurts, green when it works."""
    if side != JUNK:
        return VALUE_STYLE
    return JUNK_STYLES.get(category or "", OTHER_JUNK_STYLE)


def number_style(side: str | None, category: str | None) -> Style:
    """The reason number after a mark: bold, in the mark's background colour."""
    return Style(color=Style.parse(chip_style(side, category)).bgcolor, bold=True)


def _segment(body: Text, seg: Segment) -> None:
    if seg.reason is None:
        body.append(seg.text)
        return
    body.append(seg.text, style=chip_style(seg.side, seg.category))
    body.append(superscript(seg.reason), style=number_style(seg.side, seg.category))


def highlighted(view: DraftView) -> Text:
    body = Text()
    for seg in view.segments:
        _segment(body, seg)
    if view.truncated:
        body.append("\n… (дальше текст не показан)", style="dim")
    return body


def reason_line(reason: ReasonView, quotes: bool = True) -> Text:
    line = Text()
    line.append(reason.title, style="bold")
    line.append(f"  {reason.points}", style="red" if reason.side == JUNK else "green")
    if quotes:
        for quote in reason.quotes:
            line.append("  ")
            line.append(quote, style=chip_style(reason.side, reason.category))  # as tight as its mark in the text
    return line


def _reason_block(reason: ReasonView, label: str) -> Table:
    outer = Table.grid(padding=(0, 1), expand=True)
    outer.add_column(width=3, justify="right", no_wrap=True)
    outer.add_column(ratio=1)
    details = Table.grid(padding=(0, 1), expand=True)
    details.add_column(no_wrap=True)
    details.add_column(ratio=1)
    details.add_row(Text("Почему:", style="dim"), reason.why)
    details.add_row(Text(label, style="bold"), reason.tip)
    outer.add_row(Text(f"{reason.number}.", style=number_style(reason.side, reason.category)),
                  Group(reason_line(reason), details))
    return outer


def _brief_line(reason: ReasonView) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"  {reason.number}. ", style=number_style(reason.side, reason.category))
    line.append_text(reason_line(reason))
    return line


def render_draft(view: DraftView, console: Console, fold_strengths: bool = False) -> None:
    verdict_style = VERDICT_STYLES.get(view.verdict, "bold")
    head = Text()
    head.append("Оценка рекламности: ")
    head.append(f"{score_text(view.score)} ", style=verdict_style)
    head.append(score_bar(view.score), style=verdict_style)
    head.append(f" — {view.verdict_text}", style=verdict_style)
    parts: list[RenderableType] = [head]
    if view.balance:
        parts.append(Text(view.balance))
    parts += [Text(f"! {w}", style="yellow") for w in view.warnings]
    parts.append(Panel(highlighted(view), title="Текст", title_align="left", border_style="dim"))
    parts.append(Text("Что мешает:", style="bold red") if view.problems
                 else Text("Что мешает: явных признаков рекламного мусора нет.", style="green"))
    parts += [_reason_block(r, "Как переписать:") for r in view.problems]
    if view.strengths and fold_strengths:
        parts.append(Text(folded_strengths(view), style="green"))
    elif view.strengths:
        parts.append(Text("Что уже работает:", style="bold green"))
        parts += [_reason_block(r, "Совет:") for r in view.strengths]
    if view.ad_warning:
        parts.append(Text(f"⚠ Маркировка рекламы: {view.ad_warning}", style="bold yellow"))
    elif view.ad_note:
        parts.append(Text(f"Маркировка рекламы: {view.ad_note}", style="green" if view.ad_complete else "yellow"))
    if view.model:
        parts.append(Text(f"модель: {view.model}", style="dim"))
    console.print(Panel(Group(*parts), title=view.source, title_align="left"))


def render_brief(view: DraftView, console: Console) -> None:
    """Score, verdict and the strongest three reasons, one line each (cut to the terminal width)."""
    verdict_style = VERDICT_STYLES.get(view.verdict, "bold")
    head = Text(no_wrap=True, overflow="ellipsis")
    head.append(f"{view.source}: ", style="bold")
    head.append(f"{score_text(view.score)} {score_bar(view.score)} — {view.verdict_text}", style=verdict_style)
    lines: list[RenderableType] = [head, *(_brief_line(r) for r in view.strongest)]
    if not view.problems:
        lines.append(Text("  Что мешает: явных признаков рекламного мусора нет.", style="green"))
    if view.ad_short:
        lines.append(Text(f"  {view.ad_short}", style="bold yellow", no_wrap=True, overflow="ellipsis"))
    console.print(Group(*lines))


def render_lines(lines: list[Line], console: Console) -> None:
    """Toned lines (a plan summary, the drafts' «Итого») in the report's palette."""
    for line in lines:
        text = Text()
        for piece in line:
            text.append(piece.text, style=TONE_STYLES.get(piece.tone or "", ""))
        console.print(text)
