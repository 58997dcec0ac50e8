"""A self-contained HTML report for a content plan: no external scripts, fonts or CDNs.

Every post is shown with its highlighted phrases and its reasons; the table sorts by row
or score and filters by verdict and minimum score; an inline SVG histogram shows how the
scores spread.
"""

from __future__ import annotations

from html import escape

from classifier.language.numerals import count
from classifier.reports import health_html
from classifier.reports.draft_view import (
    JUNK,
    VERDICTS,
    ReasonView,
    balance_text,
    reason_views,
    segments,
    split_sides,
)
from classifier.scoring.plan import ERROR, VERDICT_ORDER, BatchOutcome
from classifier.scoring.result import Result

CSS = """
body{font-family:-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:24px;color:#222;background:#fafafa}
h1{font-size:22px;margin:0 0 4px} .meta{color:#666;margin-bottom:16px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
.card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:22px}
.controls{margin:14px 0;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #e5e5e5;padding:8px;vertical-align:top;text-align:left}
th{cursor:pointer;background:#f0f0f0;position:sticky;top:0}
.text{white-space:pre-wrap;max-width:640px;line-height:1.45}
.score{font-weight:bold;font-size:18px}
.v-rewrite{color:#b71c1c}.v-borderline{color:#b26a00}.v-ok{color:#1b5e20}.v-error{color:#555}
mark{padding:0 2px;border-radius:3px}
mark.junk{background:#ffcc80}mark.junk.hard_sell,mark.junk.unreal_promise{background:#ef9a9a}
mark.junk.shouting,mark.junk.hashtag_stuffing{background:#fff176}mark.junk.self_praise{background:#f8bbd0}
mark.junk.follower_chasing{background:#ffe082}mark.junk.urgency{background:#ffab91}
mark.value{background:#c8e6c9}
sup{color:#888;font-size:10px}
ol.reasons{margin:0;padding-left:18px;font-size:13px} ol.reasons li{margin-bottom:4px}
.junkr{color:#b71c1c}.valuer{color:#1b5e20} .tip{color:#555}
.warn{color:#8d5a00;font-size:13px}
.section{font-weight:bold;font-size:13px;margin:2px 0}
details.strengths{font-size:13px;margin-top:4px} details.strengths summary{cursor:pointer;font-weight:bold}
ol.reasons mark{font-size:12px}
td.plan{white-space:nowrap;color:#444;font-size:13px} tr:target{outline:2px solid #1565c0}
"""

# Rows that could not be scored have no data-score: a minimum score hides them, and sorting
# by score always puts them last.
JS = """
const rows=[...document.querySelectorAll('#posts tbody tr')];
function apply(){const v=document.getElementById('verdict').value;
 const m=parseFloat(document.getElementById('minscore').value||'0');
 let shown=0;for(const r of rows){const s=r.dataset.score;
 const ok=(v==='all'||r.dataset.verdict===v)&&(s===''?m<=0:parseFloat(s)>=m);
 r.style.display=ok?'':'none';if(ok)shown++;}document.getElementById('shown').textContent=shown;}
let dir={};function sortBy(key){dir[key]=!dir[key];const tb=document.querySelector('#posts tbody');
 const sign=dir[key]?-1:1;rows.sort((a,b)=>{const x=a.dataset[key],y=b.dataset[key];
 if(x===''||y==='')return(x==='')-(y==='')||a.dataset.row-b.dataset.row;
 return(parseFloat(x)-parseFloat(y))*sign||a.dataset.row-b.dataset.row;});
 for(const r of rows)tb.appendChild(r);}
document.getElementById('verdict').onchange=apply;document.getElementById('minscore').oninput=apply;
document.getElementById('th-score').onclick=()=>sortBy('score');document.getElementById('th-row').onclick=()=>sortBy('row');
apply();
"""


def histogram_svg(scores: list[float], bins: int = 10, width: int = 420, height: int = 140) -> str:
    counts = [0] * bins
    for s in scores:
        counts[min(int(s // (100 / bins)), bins - 1)] += 1
    top = max(counts) or 1
    bar = width / bins
    parts = [f'<svg width="{width}" height="{height + 30}" '
             f'role="img" aria-label="Гистограмма оценок">']
    for i, c in enumerate(counts):
        h = height * c / top
        color = "#1b5e20" if i < 3 else "#f9a825" if i < 6 else "#c62828"
        parts.append(f'<rect x="{i * bar + 2:.1f}" y="{height - h:.1f}" width="{bar - 4:.1f}" height="{h:.1f}" '
                     f'fill="{color}"><title>{i * 10}–{(i + 1) * 10}: {c}</title></rect>')
        parts.append(f'<text x="{i * bar + bar / 2:.1f}" y="{height + 14}" font-size="10" text-anchor="middle">'
                     f'{i * 10}</text>')
        if c:
            parts.append(f'<text x="{i * bar + bar / 2:.1f}" y="{max(height - h - 3, 10):.1f}" font-size="10" '
                         f'text-anchor="middle">{c}</text>')
    parts.append(f'<text x="{width / 2}" y="{height + 28}" font-size="11" text-anchor="middle">'
                 "оценка рекламности</text>")
    parts.append("</svg>")
    return "".join(parts)


def _highlighted(text: str, views: list[ReasonView]) -> str:
    out = []
    for seg in segments(text, views):
        if seg.reason is None:
            out.append(escape(seg.text))
        else:
            out.append(f'<mark class="{seg.side} {seg.category}">{escape(seg.text)}</mark><sup>{seg.reason}</sup>')
    return "".join(out)


def _reason_items(views: list[ReasonView]) -> str:
    items = []
    for r in views:
        css = "junkr" if r.side == JUNK else "valuer"
        quotes = " ".join(f'<mark class="{r.side} {r.category}">{escape(q)}</mark>' for q in r.quotes[:3])
        label = "Как переписать" if r.side == JUNK else "Совет"
        items.append(f'<li value="{r.number}"><span class="{css}"><b>{escape(r.title)}</b> '
                     f'({escape(r.points)})</span> {quotes}<br><span class="tip">{label}: {escape(r.tip)}</span></li>')
    return f'<ol class="reasons">{"".join(items)}</ol>'


def _reasons(result: Result, views: list[ReasonView]) -> str:
    """«Что мешает» (reasons adding points), then «Что уже работает», folded, then the ad warning."""
    problems, strengths = split_sides(views)
    parts = [f'<div class="tip">{escape(balance_text(result))}</div>']
    if problems:
        parts.append(f'<div class="section junkr">Что мешает</div>{_reason_items(problems)}')
    else:
        parts.append('<div class="section valuer">Явных признаков рекламного мусора нет.</div>')
    if strengths:
        parts.append(f'<details class="strengths"><summary class="valuer">Что уже работает ({len(strengths)})'
                     f'</summary>{_reason_items(strengths)}</details>')
    if result.ad_marking.warning:
        parts.append(f'<div class="warn">⚠ {escape(result.ad_marking.warning)}</div>')
    return "".join(parts)


def render_plan(outcome: BatchOutcome) -> str:
    scores = [row.cell.score for row in outcome.rows if row.cell.score is not None]
    body = []
    for row in outcome.rows:
        cell = row.cell
        start = f'<tr id="r{row.sheet_row}" data-row="{row.number}" data-verdict="{cell.verdict or ERROR}" '
        plan = "".join(f'<td class="plan">{escape(value)}</td>' for value in row.plan)
        if not cell.scored:
            body.append(
                f'{start}data-score=""><td>{row.sheet_row}</td>{plan}'
                f'<td class="v-error">—</td><td class="text">{escape(row.text)}</td>'
                f'<td class="v-error">Не оценено: {escape(cell.error)}</td></tr>'
            )
            continue
        result = cell.result
        views = reason_views(result.reasons)
        body.append(
            f'{start}data-score="{cell.score}"><td>{row.sheet_row}</td>{plan}'
            f'<td><span class="score v-{cell.verdict}">{cell.score:.0f}</span><br>'
            f'<span class="v-{cell.verdict}">{escape(VERDICTS[cell.verdict])}</span></td>'
            f'<td class="text">{_highlighted(row.text, views)}</td><td>{_reasons(result, views)}</td></tr>'
        )
    plan_heads = "".join(f'<th class="plan">{escape(name)}</th>' for name in outcome.plan_columns)
    cards = "".join(
        f'<div class="card v-{v}"><b>{outcome.counts.get(v, 0)}</b>{escape(VERDICTS[v])}</div>' for v in VERDICT_ORDER
    )
    cards += f'<div class="card"><b>{outcome.unmarked_ads}</b>похожи на рекламу без маркировки или с неполной</div>'
    if outcome.counts.get(ERROR):
        cards += f'<div class="card v-error"><b>{outcome.counts[ERROR]}</b>не оценены</div>'
    posts = count(outcome.n_rows, "пост", "поста", "постов")
    options = "".join(f'<option value="{v}">{escape(VERDICTS[v])}</option>' for v in VERDICT_ORDER)
    return f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>postcheck: {escape(str(outcome.source))}</title><style>{CSS}{health_html.CSS}</style></head>
<body>
<h1>Проверка контент-плана: {escape(str(outcome.source))}</h1>
<div class="meta">{posts}; колонка «{escape(outcome.text_column)}». Оценка 0–100 — насколько пост
похож на рекламный мусор. Жёлто-красным выделено то, что мешает, зелёным — то, что работает.</div>
{health_html.panel(outcome)}
<div class="cards">{cards}</div>
{histogram_svg(scores)}
<div class="controls"><label>Вердикт: <select id="verdict"><option value="all">все</option>{options}
<option value="error">ошибки</option></select></label>
<label>Оценка от: <input id="minscore" type="number" min="0" max="100" value="0" style="width:60px"></label>
<span>Показано: <b id="shown">{len(outcome.rows)}</b></span>
<span class="meta">Клик по заголовку «Строка» или «Оценка» — сортировка.</span></div>
<table id="posts"><thead><tr><th id="th-row">Строка</th>{plan_heads}<th id="th-score">Оценка</th><th>Пост</th>
<th>Что мешает и что работает</th></tr></thead>
<tbody>{"".join(body)}</tbody></table>
<script>{JS}</script>
</body></html>
"""
