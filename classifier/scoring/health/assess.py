"""Plan health from the rows of a scored plan: pure functions, data in, findings out.

>>> from classifier.scoring.health.norms import PlanNorms
>>> rows = [PlanRow(1, "rewrite", selling=True), PlanRow(2, "rewrite", selling=True),
...         PlanRow(3, "rewrite", selling=True), PlanRow(4, "ok", asks=True)]
>>> health = assess(PlanData(rows), PlanNorms())
>>> [(f.id, f.problem) for f in health.findings]
[('selling', True), ('selling_run', True), ('duplicates', False), ('giveaways', False), ('questions', False)]
>>> health.selling_run.rows
(2, 3, 4)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from classifier.language.numerals import count, number, short_number
from classifier.scoring.health import texts
from classifier.scoring.health.duplicates import DuplicateGroup
from classifier.scoring.health.model import (
    ERROR,
    Day,
    Finding,
    PlanHealth,
    RubricVerdicts,
    Run,
    Schedule,
    Share,
    Silence,
    UnreadableDate,
)
from classifier.scoring.health.norms import SELLING_RULE, PlanNorms
from classifier.scoring.health.rows import REWRITE, PlanRow
from classifier.scoring.plan import sheet_row

MIN_RUBRIC_POSTS = 2  # a rubric is judged from this many scored posts
MIN_GIVEAWAYS = 2  # «giveaway after giveaway»: one giveaway alone is never a problem


@dataclass
class PlanData:
    """What the batch gathered for plan health."""

    rows: Sequence[PlanRow]
    duplicates: list[DuplicateGroup] = field(default_factory=list)  # by 1-based data row numbers
    date_column: str | None = None
    unreadable: list[UnreadableDate] = field(default_factory=list)
    undated: int = 0
    rubric_column: str | None = None


def assess(data: PlanData, norms: PlanNorms) -> PlanHealth:
    """Every check of the plan against the norms."""
    scored = [r for r in data.rows if r.scored]
    schedule = _schedule(data, norms) if data.date_column is not None else None
    ordered = _by_date(scored) if schedule is not None and schedule.days else scored
    health = PlanHealth(
        norms=norms,
        posts=len(data.rows),
        scored=len(scored),
        selling=_share(scored, lambda r: r.selling, norms.max_selling_share),
        selling_run=longest_run(ordered, by_date=ordered is not scored),
        giveaways=_share(scored, lambda r: r.giveaway, norms.max_giveaway_share),
        questions=_share(scored, lambda r: r.asks, norms.min_question_share),
        duplicates=data.duplicates,
        schedule=schedule,
        rubric_column=data.rubric_column,
        rubrics=rubric_verdicts(data.rows) if data.rubric_column is not None else [],
    )
    if scored:
        health.findings.extend(findings(health))
    return health


def _share(rows: Sequence[PlanRow], counted: Callable[[PlanRow], bool], limit: float) -> Share:
    found = tuple(r.sheet_row for r in rows if counted(r))
    return Share(len(found), len(rows), limit, found)


def _by_date(rows: Sequence[PlanRow]) -> list[PlanRow]:
    return sorted((r for r in rows if r.when is not None), key=lambda r: (r.when, r.number))


def longest_run(rows: Sequence[PlanRow], by_date: bool = False) -> Run:
    """The longest run of consecutive selling posts (the first of equal ones).

    >>> longest_run([PlanRow(1, "ok"), PlanRow(2, "rewrite", selling=True), PlanRow(3, "ok")]).rows
    (3,)
    """
    best_start, best_length, start = 0, 0, 0
    for i, row in enumerate(rows):
        if not row.selling:
            start = i + 1
        elif i + 1 - start > best_length:
            best_start, best_length = start, i + 1 - start
    return Run(best_length, tuple(r.sheet_row for r in rows[best_start:best_start + best_length]), by_date)


def _schedule(data: PlanData, norms: PlanNorms) -> Schedule:
    per_day: dict[date, list[PlanRow]] = {}
    for row in sorted((r for r in data.rows if r.when is not None), key=lambda r: (r.when, r.number)):
        per_day.setdefault(row.when.date(), []).append(row)
    days = [Day(day, dict(Counter(r.verdict or ERROR for r in rows)), tuple(r.sheet_row for r in rows))
            for day, rows in sorted(per_day.items())]
    silences = [
        Silence(a.day, b.day, (a.rows[-1], b.rows[0]))
        for a, b in zip(days, days[1:]) if (b.day - a.day).days - 1 > norms.max_silence_days
    ]
    busy = [d for d in days if d.posts > norms.max_posts_per_day]
    return Schedule(data.date_column, days, busy, silences, data.unreadable, data.undated)


def rubric_verdicts(rows: Sequence[PlanRow]) -> list[RubricVerdicts]:
    """Verdicts per rubric, the largest rubric first."""
    counts: dict[str, Counter] = {}
    selling: Counter = Counter()
    rewrite: dict[str, list[int]] = {}
    for row in rows:
        counts.setdefault(row.rubric, Counter())[row.verdict or ERROR] += 1
        selling[row.rubric] += row.selling
        if row.verdict == REWRITE:
            rewrite.setdefault(row.rubric, []).append(row.sheet_row)
    found = [RubricVerdicts(rubric, dict(c), selling[rubric], tuple(rewrite.get(rubric, ())))
             for rubric, c in counts.items()]
    return sorted(found, key=lambda r: (-r.posts, r.rubric))


def rewrite_rubrics(rubrics: Sequence[RubricVerdicts]) -> list[RubricVerdicts]:
    """Named rubrics where more than half of the scored posts are «rewrite»."""
    return [r for r in rubrics
            if r.rubric and r.scored >= MIN_RUBRIC_POSTS and r.counts.get(REWRITE, 0) * 2 > r.scored]


# --- findings -------------------------------------------------------------------------

def percent(share: float) -> str:
    """A share for people: «44%», «4,5%».

    >>> percent(0.4444), percent(0.045), percent(0.2), percent(0)
    ('44%', '4,5%', '20%', '0%')
    """
    value = 100 * share
    return f"{short_number(value, 1 if value < 10 else 0)}%"


def _day(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def finding(check: str, problem: bool, summary: str, rows: Sequence[int] = ()) -> Finding:
    text = texts.CHECKS[check]
    return Finding(check, text.title, text.mistake, text.why, text.tip, problem, summary, tuple(rows))


def findings(health: PlanHealth) -> list[Finding]:
    """The findings of a plan with at least one scored post, in report order.

    A summary is the measurement that follows the check's title: «Доля продающих постов: 44% …».
    """
    norms = health.norms
    found = [
        _share_finding(texts.SELLING, health.selling, f"не больше {percent(norms.max_selling_share)} "
                                                      f"(правило {SELLING_RULE})"),
        _run(health.selling_run, norms),
        _duplicates(health.duplicates),
        _share_finding(texts.GIVEAWAYS, health.giveaways, f"не больше {percent(norms.max_giveaway_share)} "
                                                          "(один розыгрыш в плане допустим всегда)",
                       min_count=MIN_GIVEAWAYS),
        _share_finding(texts.QUESTIONS, health.questions, f"не меньше {percent(norms.min_question_share)}",
                       at_least=True),
    ]
    if health.schedule is not None:
        found += [_busy(health.schedule, norms), _silences(health.schedule, norms)]
    if health.rubric_column is not None:
        found.append(_rubrics(health.rubric_column, health.rubrics))
    return found


def _share_finding(check: str, share: Share, norm: str, at_least: bool = False, min_count: int = 0) -> Finding:
    """«44% (4 из 9); норма — не больше 20% (правило 80/20)»."""
    if at_least:
        problem = share.share < share.limit
    else:
        problem = share.share > share.limit and share.count >= min_count
    summary = f"{percent(share.share)} ({number(share.count)} из {number(share.total)}); норма — {norm}."
    return finding(check, problem, summary, share.rows)


def _run(run: Run, norms: PlanNorms) -> Finding:
    if not run.length:
        return finding(texts.SELLING_RUN, False, "продающих постов нет.")
    order = "по датам" if run.by_date else "в порядке плана"
    summary = (f"самое большее {count(run.length, 'пост', 'поста', 'постов')} подряд ({order}); "
               f"норма — не больше {norms.max_selling_run}.")
    return finding(texts.SELLING_RUN, run.length > norms.max_selling_run, summary, run.rows)


def _duplicates(groups: list[DuplicateGroup]) -> Finding:
    if not groups:
        return finding(texts.DUPLICATES, False, "не найдены.")
    posts = sum(len(g.numbers) for g in groups)
    exact = sum(g.exact for g in groups)
    summary = (f"{count(len(groups), 'группа', 'группы', 'групп')} почти одинаковых постов, "
               f"{count(posts, 'пост', 'поста', 'постов')} в них"
               + (f"; точные копии — в {number(exact)} из них." if exact else "."))
    rows = sorted(sheet_row(n) for g in groups for n in g.numbers)
    return finding(texts.DUPLICATES, True, summary, rows)


def _busy(schedule: Schedule, norms: PlanNorms) -> Finding:
    limit = count(norms.max_posts_per_day, "поста", "постов", "постов")
    if not schedule.busy:
        return finding(texts.BUSY_DAYS, False, f"ни в один день не больше {limit}.")
    worst = sorted(schedule.busy, key=lambda d: (-d.posts, d.day))[:5]
    shown = ", ".join(f"{_day(d.day)} — {number(d.posts)}" for d in worst)
    summary = (f"{count(len(schedule.busy), 'день', 'дня', 'дней')} больше {limit} ({shown}"
               + (", …)." if len(schedule.busy) > len(worst) else ")."))
    return finding(texts.BUSY_DAYS, True, summary, [r for d in schedule.busy for r in d.rows])


def _silences(schedule: Schedule, norms: PlanNorms) -> Finding:
    limit = count(norms.max_silence_days, "дня", "дней", "дней")
    if not schedule.silences:
        return finding(texts.SILENCES, False, f"пауз дольше {limit} нет.")
    longest = max(schedule.silences, key=lambda s: s.days)
    summary = (f"{count(len(schedule.silences), 'пауза', 'паузы', 'пауз')} дольше {limit}; самая долгая — "
               f"{count(longest.days, 'день', 'дня', 'дней')} без постов после {_day(longest.last)}.")
    return finding(texts.SILENCES, True, summary, [r for s in schedule.silences for r in s.rows])


def _rubrics(column: str, rubrics: list[RubricVerdicts]) -> Finding:
    bad = rewrite_rubrics(rubrics)
    if not bad:
        return finding(texts.RUBRICS, False, f"нет рубрик, где больше половины постов надо переписать "
                                             f"(колонка «{column}»).")
    shown = ", ".join(f"«{r.rubric}» ({number(r.counts.get(REWRITE, 0))} из {number(r.scored)})" for r in bad[:5])
    return finding(texts.RUBRICS, True, f"больше половины постов надо переписать в рубриках {shown}"
                   + (", …" if len(bad) > 5 else "") + ".", sorted(n for r in bad for n in r.rewrite_rows))
