"""The plan-health panel that opens the HTML report: findings with links to their rows,
a timeline of posts coloured by verdict (inline SVG), verdicts per rubric and the note on
dates that could not be read. No scripts: the panel is plain HTML and SVG.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

from classifier.language.numerals import number
from classifier.reports.draft_view import VERDICTS
from classifier.scoring.health import texts
from classifier.scoring.health.model import ERROR, Finding, PlanHealth, Schedule
from classifier.scoring.plan import VERDICT_ORDER, BatchOutcome, sheet_row
from classifier.signals.base import MISTAKES

COLORS = {"ok": "#43a047", "borderline": "#f9a825", "rewrite": "#c62828", ERROR: "#9e9e9e"}
STACK = ("ok", "borderline", "rewrite", ERROR)  # bottom to top
LEGEND = {**VERDICTS, ERROR: "не оценены"}
MAX_LINKS = 60  # row links per finding
MAX_GROUPS = 20
MAX_BARS = 300  # bars of the plan-order strip (rows are grouped beyond it)
MAX_RUBRIC_ROWS = 50
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 960, 150, 34, 34, 14

CSS = """
.health{background:#fff;border:1px solid #ddd;border-radius:8px;padding:12px 16px;margin:12px 0 18px}
.health h2{font-size:19px;margin:0 0 6px} .health h3{font-size:15px;margin:14px 0 4px}
.findings{list-style:none;padding:0;margin:8px 0} .findings li{margin:0 0 8px;line-height:1.4}
.findings .mark{display:inline-block;width:1.3em;font-weight:bold}
.findings .problem .mark{color:#b71c1c} .findings .fine .mark{color:#1b5e20}
.findings .fine{color:#444} .detail{margin-left:1.3em;font-size:13px;color:#444}
.detail .tip{color:#1b5e20} .rubrics{width:auto;margin-top:4px} .rubrics td,.rubrics th{padding:3px 10px}
.rubrics th{cursor:default;position:static}
.legend span{display:inline-block;margin-right:14px;font-size:12px} .legend i{display:inline-block;width:11px;
height:11px;margin-right:4px;vertical-align:-1px} .note{color:#8d5a00;font-size:13px;margin-top:6px}
"""


@dataclass
class Bar:
    """One bar of the timeline: posts per verdict, and what its tooltip says."""

    title: str
    counts: Counter = field(default_factory=Counter)


def panel(outcome: BatchOutcome) -> str:
    """The whole plan-health panel (empty when the plan was not assessed)."""
    health = outcome.health
    if health is None:
        return ""
    if not health.findings:
        return ('<section class="health"><h2>Здоровье контент-плана</h2><p>Нет оценённых постов — судить о '
                'плане целиком не по чему.</p></section>')
    items = "".join(_finding(f, health) for f in health.findings)
    parts = [
        '<section class="health" id="health"><h2>Здоровье контент-плана</h2>',
        '<div class="meta">Доли считаются по оценённым постам; номера строк — как в таблице, по клику — переход '
        "к посту.</div>",
        f'<ul class="findings">{items}</ul>',
        _timeline(outcome, health),
        _rubrics(health),
    ]
    if health.schedule is not None and health.schedule.note:
        parts.append(f'<div class="note">⚠ {escape(health.schedule.note)}</div>')
    parts.append("</section>")
    return "".join(parts)


def _links(rows: Sequence[int]) -> str:
    shown = ", ".join(f'<a href="#r{r}">{r}</a>' for r in rows[:MAX_LINKS])
    return shown + (f" … (ещё {number(len(rows) - MAX_LINKS)})" if len(rows) > MAX_LINKS else "")


def _finding(finding: Finding, health: PlanHealth) -> str:
    head = (f'<span class="mark">{"✗" if finding.problem else "✓"}</span><b>{escape(finding.title)}</b>: '
            f"{escape(finding.summary)}")
    if not finding.problem:
        return f'<li class="fine">{head}</li>'
    if finding.id == texts.DUPLICATES:
        groups = "".join(
            f"<li>строки {_links([sheet_row(n) for n in g.numbers])}{' — точные копии' if g.exact else ''}</li>"
            for g in health.duplicates[:MAX_GROUPS])
        more = len(health.duplicates) - MAX_GROUPS
        rows = f'<ol>{groups}</ol>{f"… и ещё групп: {number(more)}" if more > 0 else ""}'
    else:
        rows = f"Строки: {_links(finding.rows)}" if finding.rows else ""
    mistake = MISTAKES[finding.mistake]
    return (f'<li class="problem">{head}<div class="detail">{escape(mistake[0].upper() + mistake[1:])}. '
            f"{escape(finding.why)}<br><span class=\"tip\">Что делать: {escape(finding.tip)}</span><br>{rows}"
            "</div></li>")


def _timeline(outcome: BatchOutcome, health: PlanHealth) -> str:
    schedule = health.schedule
    if schedule is not None and schedule.days:
        bars, ticks, bands = _by_day(schedule)
        caption = f"Посты по дням (колонка «{escape(schedule.column)}»)"
        limit = health.norms.max_posts_per_day
    else:
        bars, ticks = _by_row(outcome)
        bands, limit = [], None
        per_bar = "" if len(bars) == len(outcome.rows) else " (несколько строк на столбик)"
        why = ("колонки с датой нет" if schedule is None
               else f"ни одной даты в колонке «{escape(schedule.column)}» прочитать не удалось")
        caption = f"Посты в порядке плана{per_bar}: {why}"
    if not bars:
        return ""
    legend = "".join(f'<span><i style="background:{COLORS[v]}"></i>{escape(LEGEND[v])}</span>' for v in STACK)
    return (f"<h3>{caption}</h3>{timeline_svg(bars, ticks, bands, limit)}"
            f'<div class="legend">{legend}</div>')


def _day_text(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _by_day(schedule: Schedule) -> tuple[list[Bar], dict[int, str], list[tuple[int, int, str]]]:
    first, last = schedule.days[0].day, schedule.days[-1].day
    span = (last - first).days + 1
    bars = [Bar(_day_text(first + timedelta(days=i))) for i in range(span)]
    for day in schedule.days:
        bars[(day.day - first).days].counts.update(day.counts)
    step = max(1, math.ceil(span / 12))
    short = "%d.%m" if first.year == last.year else "%d.%m.%y"
    ticks = {i: (first + timedelta(days=i)).strftime(short) for i in range(0, span, step)}
    bands = [((s.last - first).days + 1, (s.next - first).days, f"Пауза: без постов {s.days} дн. "
              f"({_day_text(s.last)} — {_day_text(s.next)})") for s in schedule.silences]
    return bars, ticks, bands


def _by_row(outcome: BatchOutcome) -> tuple[list[Bar], dict[int, str]]:
    rows = outcome.rows
    size = max(1, math.ceil(len(rows) / MAX_BARS))
    bars = []
    for start in range(0, len(rows), size):
        part = rows[start:start + size]
        first, last = part[0].sheet_row, part[-1].sheet_row
        bars.append(Bar(f"строка {first}" if first == last else f"строки {first}–{last}",
                        Counter(r.cell.verdict or ERROR for r in part)))
    step = max(1, math.ceil(len(bars) / 12))
    return bars, {i: str(rows[i * size].sheet_row) for i in range(0, len(bars), step)}


def timeline_svg(bars: Sequence[Bar], ticks: dict[int, str], bands: Sequence[tuple[int, int, str]] = (),
                 limit: int | None = None) -> str:
    """Stacked bars (ok at the bottom, then borderline, rewrite, not scored), one per day or group of rows.

    ``bands`` shade runs of bars (first, last index, tooltip); ``limit`` draws a dashed line.
    """
    top = max([sum(b.counts.values()) for b in bars] + [limit or 0, 1])
    width = WIDTH / len(bars)
    gap = width * 0.15 if width >= 4 else 0.0

    def y(value: float) -> float:
        return TOP + HEIGHT * (1 - value / top)

    parts = [f'<svg viewBox="0 0 {LEFT + WIDTH + 10} {TOP + HEIGHT + BOTTOM}" width="100%" '
             f'style="max-width:{LEFT + WIDTH + 10}px" role="img" aria-label="Посты по дням и вердиктам">']
    for first, last, title in bands:
        parts.append(f'<rect x="{LEFT + first * width:.2f}" y="{TOP}" width="{(last - first) * width:.2f}" '
                     f'height="{HEIGHT}" fill="#eceff1"><title>{escape(title)}</title></rect>')
    for i, bar in enumerate(bars):
        base = 0
        for verdict in STACK:
            n = bar.counts.get(verdict, 0)
            if n:
                parts.append(
                    f'<rect class="bar-{verdict}" x="{LEFT + i * width + gap / 2:.2f}" y="{y(base + n):.2f}" '
                    f'width="{max(width - gap, 0.5):.2f}" height="{y(base) - y(base + n):.2f}" '
                    f'fill="{COLORS[verdict]}"><title>{escape(bar.title)}: {escape(LEGEND[verdict])} — {n}</title>'
                    "</rect>")
                base += n
    if limit is not None:
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + WIDTH}" y1="{y(limit):.2f}" y2="{y(limit):.2f}" '
                     'stroke="#b71c1c" stroke-dasharray="5,4"/>'
                     f'<text x="{LEFT + WIDTH}" y="{y(limit) - 3:.2f}" font-size="11" text-anchor="end" '
                     f'fill="#b71c1c">норма: не больше {limit} в день</text>')
    parts.append(f'<line x1="{LEFT}" x2="{LEFT + WIDTH}" y1="{y(0)}" y2="{y(0)}" stroke="#888"/>')
    for value in sorted({0, top}):
        parts.append(f'<text x="{LEFT - 5}" y="{y(value) + 4:.2f}" font-size="11" text-anchor="end">{value}</text>')
    for i, label in ticks.items():
        parts.append(f'<text x="{LEFT + (i + 0.5) * width:.2f}" y="{TOP + HEIGHT + 16}" font-size="11" '
                     f'text-anchor="middle">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _rubrics(health: PlanHealth) -> str:
    if not health.rubrics:
        return ""
    head = "".join(f"<th>{escape(LEGEND[v])}</th>" for v in (*VERDICT_ORDER, ERROR))
    body = "".join(
        f"<tr><td>{escape(r.rubric or '(без рубрики)')}</td><td>{r.posts}</td>"
        + "".join(f'<td class="v-{v}">{r.counts.get(v, 0) or ""}</td>' for v in (*VERDICT_ORDER, ERROR))
        + f"<td>{r.selling or ''}</td></tr>"
        for r in health.rubrics[:MAX_RUBRIC_ROWS]
    )
    more = len(health.rubrics) - MAX_RUBRIC_ROWS
    if more > 0:
        body += f'<tr><td colspan="7">… и ещё рубрик: {number(more)}</td></tr>'
    return (f"<h3>Вердикты по рубрикам (колонка «{escape(health.rubric_column or '')}»)</h3>"
            f'<table class="rubrics"><thead><tr><th>Рубрика</th><th>Постов</th>{head}<th>продающих</th></tr>'
            f"</thead><tbody>{body}</tbody></table>")
