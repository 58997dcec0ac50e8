"""The ``plan_health`` object of ``--format json`` for a content plan (a stable schema, see the README).

Rows are spreadsheet rows (the header is row 1); shares are fractions (0.2 = 20 %); dates
are ISO (``2025-03-03``); a part that does not apply is ``null`` (``schedule`` without a
date column, ``rubrics`` without a rubric column).
"""

from __future__ import annotations

from dataclasses import asdict

from classifier.scoring.health.model import ERROR, Day, PlanHealth, Share
from classifier.scoring.health.norms import SELLING_RULE
from classifier.scoring.plan import VERDICT_ORDER, sheet_row

VERDICT_KEYS = (*VERDICT_ORDER, ERROR)


def health_record(health: PlanHealth) -> dict:
    """The plan_health object."""
    return {
        "norms": {"rule": SELLING_RULE, **asdict(health.norms)},
        "posts": health.posts,
        "scored": health.scored,
        "selling": _share(health.selling),
        "selling_run": {"length": health.selling_run.length,
                        "order": "date" if health.selling_run.by_date else "plan",
                        "rows": list(health.selling_run.rows)},
        "giveaways": _share(health.giveaways),
        "questions": _share(health.questions),
        "duplicates": [{"rows": [sheet_row(n) for n in g.numbers], "exact": g.exact} for g in health.duplicates],
        "schedule": _schedule(health),
        "rubrics": _rubrics(health),
        "findings": [
            {"id": f.id, "problem": f.problem, "title": f.title, "mistake": f.mistake, "summary": f.summary,
             "why": f.why, "tip": f.tip, "rows": list(f.rows)}
            for f in health.findings
        ],
        "problems": [f.id for f in health.problems],
    }


def _share(share: Share) -> dict:
    return {"count": share.count, "total": share.total, "share": round(share.share, 4), "limit": share.limit,
            "rows": list(share.rows)}


def _day(day: Day) -> dict:
    return {"date": day.day.isoformat(), "posts": day.posts, **{v: day.counts.get(v, 0) for v in VERDICT_KEYS},
            "rows": list(day.rows)}


def _schedule(health: PlanHealth) -> dict | None:
    schedule = health.schedule
    if schedule is None:
        return None
    return {
        "column": schedule.column,
        "first": schedule.days[0].day.isoformat() if schedule.days else None,
        "last": schedule.days[-1].day.isoformat() if schedule.days else None,
        "days": [_day(d) for d in schedule.days],
        "busy_days": [_day(d) for d in schedule.busy],
        "silences": [{"after": s.last.isoformat(), "before": s.next.isoformat(), "days": s.days,
                      "rows": list(s.rows)} for s in schedule.silences],
        "unreadable": [{"row": u.row, "value": u.value} for u in schedule.unreadable],
        "undated": schedule.undated,
        "note": schedule.note,
    }


def _rubrics(health: PlanHealth) -> dict | None:
    if health.rubric_column is None:
        return None
    return {
        "column": health.rubric_column,
        "rubrics": [{"rubric": r.rubric, "posts": r.posts, **{v: r.counts.get(v, 0) for v in VERDICT_KEYS},
                     "selling": r.selling} for r in health.rubrics],
    }
