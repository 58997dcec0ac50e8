"""Content-plan health as pure computation: dates, plan columns, runs, near duplicates,
shares against the norms, schedule and rubrics. No model involved: rows are built by hand."""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest

from classifier.scoring.cells import CellScore
from classifier.scoring.health import texts
from classifier.scoring.health.assess import PlanData, assess, longest_run
from classifier.scoring.health.collector import PlanCollector
from classifier.scoring.health.columns import find_plan_columns
from classifier.scoring.health.dates import parse_date
from classifier.scoring.health.duplicates import DuplicateFinder
from classifier.scoring.health.model import UnreadableDate
from classifier.scoring.health.norms import PlanNorms
from classifier.scoring.health.rows import PlanRow, is_selling
from classifier.signals import junk, value


@pytest.mark.parametrize(
    ("cell", "serials", "expected"),
    [
        ("03.03.2025", False, datetime(2025, 3, 3)),
        ("3.3.25", False, datetime(2025, 3, 3)),
        ("03/03/2025 18:45", False, datetime(2025, 3, 3, 18, 45)),
        ("2025-03-03", False, datetime(2025, 3, 3)),
        ("2025-03-03T09:30:00+03:00", False, datetime(2025, 3, 3, 9, 30)),
        ("2025-03-03 00:00:00", False, datetime(2025, 3, 3)),  # an Excel date cell as openpyxl reads it
        ("3 марта 2025", False, datetime(2025, 3, 3)),
        ("пт, 7 мар. 2025 г., 10:00", False, datetime(2025, 3, 7, 10, 0)),
        ("15 мая 2025 года", False, datetime(2025, 5, 15)),
        ("45719", True, datetime(2025, 3, 3)),  # an Excel serial day number in a date column
        ("45719", False, None),  # ... but in an unnamed column it is just a number
        ("31.02.2025", False, None),
        ("32.13.2025", False, None),
        ("завтра", False, None),
        ("03.03", False, None),
        ("", False, None),
        ("10:00", False, None),
    ],
)
def test_dates_in_the_formats_plans_use(cell, serials, expected):
    assert parse_date(cell, serials=serials) == expected


@pytest.mark.parametrize(
    ("header", "rows", "expected"),
    [
        # by name; «Время» with times only is not the date
        (["Время", "Дата публикации", "Текст", "Рубрика", "Автор", "Площадка"],
         [["10:00", "03.03.2025", "…", "польза", "Аня", "vk"], ["12:00", "2025-03-04", "…", "акция", "Петя", "tg"]],
         {"date": 1, "rubric": 3, "author": 4, "platform": 5}),
        # by values alone: a column with no telling name that holds only dates
        (["id", "когда-нибудь", "post"],
         [["1", "03.03.2025", "…"], ["2", "04.03.2025", "…"], ["3", "5 марта 2025", "…"]],
         {"date": 1, "rubric": None}),
        # a «Дата» column that holds no dates, and ids that look like Excel serials, are not dates
        (["Дата", "id", "text"], [["скоро", "45719", "…"], ["потом", "45720", "…"], ["?", "45721", "…"]],
         {"date": None}),
        # a «Тема» column holding whole texts is not a rubric
        (["Тема", "text"], [["x" * 200, "…"], ["y" * 200, "…"]], {"rubric": None}),
        # no plan columns at all
        (["text"], [["…"]], {"date": None, "rubric": None, "author": None, "platform": None}),
    ],
)
def test_plan_columns_by_name_and_by_values(header, rows, expected):
    text_index = next(i for i, h in enumerate(header) if h.lower() in ("текст", "text", "post"))
    found = find_plan_columns(header, rows, text_index)
    assert {key: getattr(found, key) for key in expected} == expected


def _rows(pattern: str) -> list[PlanRow]:
    """'S' a selling post, 'o' an ok one, 'e' a row that could not be scored."""
    verdict = {"S": "rewrite", "o": "ok", "e": None}
    return [PlanRow(i, verdict[c], selling=c == "S") for i, c in enumerate(pattern, 1)]


@pytest.mark.parametrize(
    ("pattern", "length", "rows"),
    [
        ("oSSoSSSo", 3, (6, 7, 8)),
        ("SSoSS", 2, (2, 3)),  # the first of equal runs
        ("SSeSo", 3, (2, 3, 5)),  # an unscored row neither counts nor breaks the run
        ("oooo", 0, ()),
        ("", 0, ()),
    ],
)
def test_longest_run_in_plan_order(pattern, length, rows):
    scored = [r for r in _rows(pattern) if r.scored]
    run = longest_run(scored)
    assert (run.length, run.rows) == (length, rows)


def test_longest_run_follows_the_dates_when_there_are_dates():
    # In plan order the selling posts alternate; by date, data rows 4, 6 and 2 come one after another.
    days = [1, 5, 2, 3, 6, 4]
    rows = [PlanRow(i, "rewrite" if i % 2 == 0 else "ok", selling=i % 2 == 0, when=datetime(2025, 3, d))
            for i, d in enumerate(days, 1)]
    health = assess(PlanData(rows, date_column="Дата"), PlanNorms())
    assert health.selling_run.by_date
    assert health.selling_run.rows == (5, 7, 3)  # spreadsheet rows of data rows 4, 6, 2, in date order
    run = next(f for f in health.findings if f.id == texts.SELLING_RUN)
    assert run.problem and "по датам" in run.summary
    plan_order = assess(PlanData(rows), PlanNorms())
    assert plan_order.selling_run.length == 1


@pytest.mark.parametrize(
    ("signals", "verdict", "selling"),
    [
        ((junk.discount.id, value.advice.id), "ok", True),  # a calm post led by a discount still sells
        ((value.advice.id, junk.price.id), "ok", False),  # a price deep in a useful post does not
        ((junk.caps.id,), "rewrite", True),  # every «rewrite» counts
        ((), "borderline", False),
    ],
)
def test_what_counts_as_a_selling_post(signals, verdict, selling):
    assert is_selling(CellScore(50.0, verdict, signals=signals)) is selling


SHOP = ("Шиномонтаж со скидкой 50% только до конца недели. Успейте записаться, мест почти нет! "
        "Звоните +7 (812) 555-10-10, ждём вас на Ленинском проспекте")


def test_near_duplicates_are_grouped_and_distinct_posts_are_not():
    rng = random.Random(7)
    vocabulary = [f"слово{i}" for i in range(3000)]
    distinct = [" ".join(rng.choices(vocabulary, k=rng.randint(8, 60))) for _ in range(3000)]
    planted = {
        3001: SHOP,
        3002: SHOP.replace("50%", "40%").replace("недели", "месяца") + " 🔥🔥",  # small edits
        3003: "Кстати! " + SHOP,
        3004: distinct[10],  # an exact copy of an earlier post
    }
    finder = DuplicateFinder(PlanNorms().duplicate_similarity)
    numbers = list(range(1, 3001)) + list(planted)
    texts_ = distinct + list(planted.values())
    for start in range(0, len(numbers), 500):
        finder.add_many(numbers[start:start + 500], texts_[start:start + 500])
    groups = [(g.numbers, g.exact) for g in finder.groups()]
    assert groups == [((11, 3004), True), ((3001, 3002, 3003), False)]


def test_a_post_is_not_a_duplicate_of_a_different_post_with_the_same_footer():
    footer = "\n\n❤ [Подписаться](https://t.me/shop_news) | [Прислать новость](https://t.me/shop_news_bot)"
    posts = ["Открыли второй зал на Садовой", "Кадры с ночной смены склада", "Новые часы работы в праздники"]
    finder = DuplicateFinder(0.6)
    finder.add_many([1, 2, 3], [p + footer for p in posts])
    assert finder.groups() == []


def _dated(day: int, verdict: str = "ok", number: int = 0, **flags) -> PlanRow:
    return PlanRow(number, verdict, when=datetime(2025, 3, day, 10), **flags)


def test_schedule_busy_days_silences_and_unreadable_dates():
    days = [1, 1, 1, 1, 2, 3, 20, 21]  # four posts on the 1st; 16 days of silence after the 3rd
    rows = [_dated(d, number=i) for i, d in enumerate(days, 1)]
    rows.append(PlanRow(9, None))  # a row that could not be scored, without a date
    norms = PlanNorms(max_posts_per_day=3, max_silence_days=7)
    data = PlanData(rows, date_column="Дата", unreadable=[UnreadableDate(10, "32.03.2025")], undated=1)
    health = assess(data, norms)
    schedule = health.schedule
    assert [(d.day, d.posts) for d in schedule.busy] == [(date(2025, 3, 1), 4)]
    assert [(s.last, s.next, s.days, s.rows) for s in schedule.silences] == [
        (date(2025, 3, 3), date(2025, 3, 20), 16, (7, 8))]
    assert "строка 10: «32.03.2025»" in schedule.note and "без даты строк: 1" in schedule.note
    found = {f.id: f for f in health.findings}
    assert found[texts.BUSY_DAYS].problem and found[texts.BUSY_DAYS].rows == (2, 3, 4, 5)
    assert found[texts.SILENCES].problem and "16 дней без постов" in found[texts.SILENCES].summary
    calm = assess(PlanData(rows[4:6], date_column="Дата"), norms)
    assert not any(f.problem for f in calm.findings if f.id in (texts.BUSY_DAYS, texts.SILENCES))


@pytest.mark.parametrize(
    ("norms", "problems"),
    [
        # 3 of 10 sell (30%), 2 of 10 are giveaways (20%), 1 of 10 asks (10%)
        (PlanNorms(), {texts.SELLING, texts.GIVEAWAYS, texts.QUESTIONS}),
        (PlanNorms(max_selling_share=0.3, max_giveaway_share=0.2, min_question_share=0.1), set()),
        (PlanNorms(max_selling_share=0.5, max_giveaway_share=0.5, min_question_share=0.5), {texts.QUESTIONS}),
    ],
)
def test_shares_against_configurable_norms(norms, problems):
    rows = [PlanRow(i, "ok") for i in range(1, 11)]
    rows[0] = PlanRow(1, "rewrite", selling=True)
    rows[4] = PlanRow(5, "rewrite", selling=True)
    rows[8] = PlanRow(9, "borderline", selling=True, giveaway=True)
    rows[9] = PlanRow(10, "ok", giveaway=True)
    rows[2] = PlanRow(3, "ok", asks=True)
    rows.append(PlanRow(11, None))  # unscored: not part of any share
    health = assess(PlanData(rows), norms)
    assert (health.selling.count, health.selling.total) == (3, 10)
    assert health.selling.rows == (2, 6, 10)
    assert {f.id for f in health.problems} == problems
    for finding in health.findings:
        assert finding.title and finding.why and finding.tip and finding.summary
        assert finding.mistake in (1, 2, 3, 4, 5)


def test_verdicts_per_rubric():
    rubric = ["акция", "акция", "акция", "польза", "польза", "", "акция"]
    verdicts = ["rewrite", "rewrite", "ok", "ok", "rewrite", "ok", None]
    rows = [PlanRow(i, v, selling=v == "rewrite", rubric=r) for i, (v, r) in enumerate(zip(verdicts, rubric), 1)]
    health = assess(PlanData(rows, rubric_column="Рубрика"), PlanNorms())
    table = {r.rubric: (r.counts, r.selling) for r in health.rubrics}
    assert table == {
        "акция": ({"rewrite": 2, "ok": 1, "error": 1}, 2),
        "польза": ({"ok": 1, "rewrite": 1}, 1),
        "": ({"ok": 1}, 0),
    }
    finding = next(f for f in health.findings if f.id == texts.RUBRICS)
    assert finding.problem and "«акция» (2 из 3)" in finding.summary and finding.rows == (2, 3)


def test_no_date_column_means_no_schedule_checks():
    health = assess(PlanData(_rows("SSSo")), PlanNorms())
    assert health.schedule is None
    assert {f.id for f in health.findings} == {texts.SELLING, texts.SELLING_RUN, texts.DUPLICATES,
                                               texts.GIVEAWAYS, texts.QUESTIONS}


def test_a_plan_with_nothing_scored_has_no_findings():
    health = assess(PlanData(_rows("ee")), PlanNorms())
    assert (health.posts, health.scored, health.findings) == (2, 0, [])


def test_collector_reads_excel_serials_and_lists_broken_dates():
    header = ["Дата", "Рубрика", "Текст"]
    values = [["45719", "акция", "Скидка 50%"], ["2025-03-04 00:00:00", "акция", "Как выбрать шины"],
              ["вчера", "польза", "Совет"], ["", "польза", "Ещё совет"]]
    cells = [CellScore(90.0, "rewrite", signals=(junk.discount.id,)), CellScore(5.0, "ok"),
             CellScore(5.0, "ok"), CellScore.failed("текст пустой.")]
    collector = PlanCollector(header, text_index=2, norms=PlanNorms())
    collector.add(1, values, cells)
    health = collector.finish()
    assert [(d.day, d.counts) for d in health.schedule.days] == [
        (date(2025, 3, 3), {"rewrite": 1}), (date(2025, 3, 4), {"ok": 1})]
    assert [(u.row, u.value) for u in health.schedule.unreadable] == [(4, "вчера")]
    assert health.schedule.undated == 1
    assert health.rubric_column == "Рубрика" and health.posts == 4 and health.scored == 3
