"""What an editor sees in a report: sections by sign, merged highlights, readable numbers,
matching colours, wrapped indents, the brief and folded forms, the coloured plan summary,
Russian numbers, and the HTML report's reason sections."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rich.console import Console
from rich.style import Style

from classifier.cli import main
from classifier.reports import plain, terminal
from classifier.reports.batch_report import summary_lines, summary_text
from classifier.reports.draft_view import AGAINST_HABIT, JUNK, VALUE, build_view, points_text, reason_views
from classifier.reports.html import render_plan
from classifier.reports.toned import plain_lines
from classifier.scoring.cells import CellScore, cell_score
from classifier.scoring.plan import BatchOutcome, ScoredRow, WorstRow
from classifier.scoring.result import AdMarking, Reason, Result, TextSpan

ROOT = Path(__file__).resolve().parent.parent
JUNK_DRAFT = ROOT / "examples" / "draft_junk.txt"
USEFUL_DRAFT = ROOT / "examples" / "draft_useful.txt"
TEXT = "Получилось у вас с первого раза? Скидка 50% только сегодня!!! Звоните."


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def span(phrase: str, text: str = TEXT, nth: int = 0) -> TextSpan:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return TextSpan(start, start + len(phrase), phrase)


def reason(signal: str, polarity: str, weight: float, *phrases: str, category: str = "urgency",
           title: str | None = None) -> Reason:
    return Reason(signal=signal, category=category, polarity=polarity, title=title or signal,
                  why=f"почему {signal}", tip=f"совет {signal}", weight=weight,
                  spans=tuple(span(p) for p in phrases), mistake=None)


# A value signal that adds points here, a junk signal that takes some away, a zero-point reason.
MIXED = [
    reason("urgency", "junk", 24.0, "только сегодня", title="Срочность"),
    reason("howto", "value", 0.9, "Получилось", category="howto", title="Советы"),
    reason("discount", "junk", -2.0, "Скидка 50%", category="price_promo", title="Скидки"),
    reason("dialogue", "value", -6.5, "у вас с первого", category="dialogue", title="Диалог"),
    reason("model:text_shape", "junk", 0.04, category="text_shape", title="Объём и форма текста"),
    reason("exclamations", "junk", 3.0, "!!!", category="shouting", title="Восклицания"),
]


def mixed_result() -> Result:
    return Result(80.0, "rewrite", list(MIXED), AdMarking(False, True, "нужна маркировка"), [], "тест 1")


@pytest.mark.parametrize(
    ("weight", "text"),
    [(12.04, "+12 баллов"), (-3.5, "−3,5 балла"), (21, "+21 балл"), (1.0, "+1 балл"), (2, "+2 балла"),
     (5, "+5 баллов"), (11, "+11 баллов"), (22.4, "+22,4 балла"), (-1.25, "−1,2 балла"), (0.04, "0 баллов")],
)
def test_points_in_russian(weight, text):
    assert points_text(weight) == text


@pytest.mark.parametrize(
    ("title", "side", "own_texts"),
    [("Срочность", JUNK, True), ("Восклицания", JUNK, True), ("Советы", JUNK, False),
     ("Диалог", VALUE, True), ("Скидки", VALUE, False)],
)
def test_a_reason_sits_in_the_section_its_sign_says_with_a_fitting_tip(title, side, own_texts):
    views = {v.title: v for v in reason_views(MIXED)}
    view = views[title]
    assert view.side == side
    if own_texts:
        assert view.tip.startswith("совет ")
    else:
        assert (view.why, view.tip) == AGAINST_HABIT[side]


def test_zero_point_reasons_are_hidden_and_junk_comes_first():
    views = reason_views(MIXED)
    assert "Объём и форма текста" not in {v.title for v in views}
    assert [v.side for v in views] == [JUNK, JUNK, JUNK, VALUE, VALUE]
    assert [v.number for v in views] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("spans", "marked"),
    [
        # overlapping: «Получилось» (weak), «Получилось у вас» (strong), «у вас с первого раза»
        ([("a", 1.0, "Получилось"), ("b", 5.0, "Получилось у вас"), ("c", 2.0, "у вас с первого раза")],
         ["⟨Получилось у вас с первого раза⟩²"]),
        # touching spans merge too
        ([("a", 4.0, "Скидка"), ("b", 2.0, " 50%")], ["⟨Скидка 50%⟩¹"]),
        # separate spans stay separate
        ([("a", 4.0, "Скидка"), ("b", 2.0, "Звоните")], ["⟨Скидка⟩¹", "⟨Звоните⟩²"]),
        # nested: the outer, stronger one gives the number
        ([("a", 1.0, "50%"), ("b", 3.0, "Скидка 50% только")], ["⟨Скидка 50% только⟩²"]),
    ],
)
def test_overlapping_highlights_make_one_mark_with_the_strongest_reason(spans, marked):
    reasons = [reason(sig, "value", -w, phrase, category="howto") for sig, w, phrase in spans]
    result = Result(10.0, "ok", reasons, AdMarking(False, False))
    text = plain.highlighted_text(build_view("x", result, TEXT))
    assert re.findall(r"⟨[^⟩]*⟩\S?", text) == marked


def _console(width: int = 100) -> Console:
    return Console(width=width, force_terminal=True, color_system="256", record=True, highlight=False)


def test_reason_numbers_are_coloured_superscripts_matching_their_mark():
    view = build_view("x", mixed_result(), TEXT)
    text = terminal.highlighted(view)
    plain_text = text.plain
    assert not re.search(r"[А-Яа-я!%]\d", plain_text), "a number glued to a word"
    marks = [s for s in text.spans if Style.parse(str(s.style)).bgcolor is not None]
    numbers = [s for s in text.spans if Style.parse(str(s.style)).bgcolor is None]
    assert marks and len(marks) == len(numbers)
    for mark, number in zip(marks, numbers):
        assert number.start == mark.end
        assert set(plain_text[number.start:number.end]) <= set("⁰¹²³⁴⁵⁶⁷⁸⁹")
        assert Style.parse(str(number.style)).color == Style.parse(str(mark.style)).bgcolor


def test_quote_chips_have_the_colour_of_the_phrase_in_the_text():
    view = build_view("x", mixed_result(), TEXT)
    in_text = {}
    body = terminal.highlighted(view)
    for s in body.spans:
        in_text.setdefault(body.plain[s.start:s.end], str(s.style))
    for r in view.problems + view.strengths:
        head = terminal.reason_line(r)
        for quote in r.quotes:
            chip = next(s for s in head.spans if head.plain[s.start:s.end].strip() == quote)
            assert str(chip.style) == terminal.chip_style(r.side, r.category)
            if quote in in_text and any(seg.text == quote and seg.reason == r.number for seg in view.segments):
                assert in_text[quote] == str(chip.style)
    # the categories differ, so the chips are not all one colour
    assert len({terminal.chip_style(r.side, r.category) for r in view.problems}) > 1


def test_wrapped_why_and_tip_lines_keep_their_indent():
    long = Reason("urgency", "urgency", "junk", "Срочность", "очень длинное объяснение " * 8,
                  "очень длинный совет " * 8, 24.0, (span("только сегодня"),))
    view = build_view("x", Result(80.0, "rewrite", [long], AdMarking(False, False)), TEXT)
    console = _console(width=60)
    terminal.render_draft(view, console)
    lines = console.export_text().splitlines()
    why = next(i for i, line in enumerate(lines) if "Почему:" in line)
    tip = next(i for i, line in enumerate(lines) if "Как переписать:" in line)
    column = lines[why].index("очень")
    assert lines[tip].index("очень") == column
    for line in lines[why + 1:tip] + lines[tip + 1:tip + 3]:
        inner = line.strip("│ ")
        if inner:
            assert line.index(inner[:5]) == column, line
    text = plain.render_draft(view, width=60)
    plain_lines_ = text.splitlines()
    why = next(i for i, line in enumerate(plain_lines_) if line.startswith("    Почему:"))
    assert re.match(r"^ {12}\S", plain_lines_[why + 1]), plain_lines_[why + 1]
    assert all(len(line) <= 60 for line in plain_lines_ if "⟦" not in line)


def test_brief_is_score_verdict_and_three_reasons_a_line_each(capsys):
    code, out, _ = run(["--brief", "--no-color", JUNK_DRAFT], capsys)
    lines = out.strip().splitlines()
    assert code == 1
    assert "draft_junk.txt:" in lines[0] and "/100" in lines[0] and "переписать" in lines[0]
    reasons = [line for line in lines if re.match(r"  \d+\. ", line)]
    assert len(reasons) == 3 and all("«" in line for line in reasons)
    assert len(lines) <= 5
    console = _console(width=50)
    view = build_view("x", mixed_result(), TEXT)
    terminal.render_brief(view, console)
    assert len(console.export_text().splitlines()) == 1 + 3 + 1  # head, three reasons, marking


def test_full_report_shows_value_points_after_junk_and_folds_them(capsys):
    _, out, _ = run(["--no-color", JUNK_DRAFT], capsys)
    assert out.index("Что мешает:") < out.index("Что уже работает:")
    _, out, _ = run(["--no-color", USEFUL_DRAFT], capsys)
    full = out.count("Совет:")
    assert full >= 2 and "±" not in out
    _, folded, _ = run(["--no-color", "--fold-strengths", USEFUL_DRAFT], capsys)
    line = next(line for line in folded.splitlines() if line.startswith("Что уже работает ("))
    assert "балл" in line and folded.count("Совет:") == 0
    assert len(folded.splitlines()) < len(out.splitlines()) - full


def test_no_reason_in_a_report_has_zero_points_or_a_wrong_sign(capsys):
    for draft in (JUNK_DRAFT, USEFUL_DRAFT):
        _, out, _ = run(["--no-color", draft], capsys)
        assert "±" not in out and "(0 баллов)" not in out
        problems, _, strengths = out.partition("Что уже работает:")
        problems = problems.split("Что мешает")[1]
        assert "(−" not in problems
        assert "(+" not in strengths


def _outcome(results: list[Result | None]) -> BatchOutcome:
    rows, counts = [], Counter()
    for i, result in enumerate(results, 1):
        if result is None:
            rows.append(ScoredRow(i, "", CellScore.failed("текст пустой.")))
            counts["error"] += 1
        else:
            rows.append(ScoredRow(i, TEXT, cell_score(result, keep_result=True)))
            counts[result.verdict] += 1
    return BatchOutcome(Path("план.csv"), ["text"], "text", n_rows=len(results), counts=counts,
                        worst=[WorstRow(80.0, 1, "Получилось у вас", "rewrite")], unmarked_ads=1,
                        rows=rows, seconds=0.234)


def test_html_report_puts_reasons_in_sections_by_sign_and_hides_zero_points():
    page = render_plan(_outcome([mixed_result()]))
    cell = page.split('<div class="section junkr">Что мешает</div>')[1]
    problems, _, strengths = cell.partition("<details")
    assert "Срочность" in problems and "Советы" in problems and "Восклицания" in problems
    assert "Диалог" not in problems and "Скидки" not in problems
    assert "Диалог" in strengths.split("</details>")[0] and "Скидки" in strengths.split("</details>")[0]
    assert "Что уже работает (2)" in strengths
    assert "Объём и форма текста" not in page
    assert AGAINST_HABIT[JUNK][1] in problems  # the value signal adding points gets a junk-side tip
    assert "±" not in page


def test_html_highlights_are_merged_and_chips_share_their_colour():
    page = render_plan(_outcome([mixed_result()]))
    marks = re.findall(r'<mark class="([^"]+)">([^<]+)</mark><sup>(\d+)</sup>', page)
    assert marks == [("junk howto", "Получилось", "2"), ("value dialogue", "у вас с первого", "5"),
                     ("value price_promo", "Скидка 50%", "4"), ("junk urgency", "только сегодня!!!", "1")]
    chips = re.findall(r'</b> \([^)]*\)</span> <mark class="([^"]+)">([^<]+)</mark>', page)
    assert ("junk urgency", "только сегодня") in chips and ("value dialogue", "у вас с первого") in chips


@pytest.mark.parametrize(("rows", "phrase"), [(1, "1 строка"), (3, "3 строки"), (11, "11 строк"), (21, "21 строка")])
def test_plan_summary_agrees_numbers_and_uses_a_decimal_comma(rows, phrase):
    outcome = _outcome([mixed_result()] * rows)
    text = summary_text(outcome, Path("out/plan.html"))
    assert f": {phrase} (" in text
    assert "Время: 0,2 с" in text and "HTML-отчёт: out/plan.html" in text


def test_plan_summary_in_colour_uses_the_report_palette():
    outcome = _outcome([mixed_result(), None])
    console = _console()
    terminal.render_lines(summary_lines(outcome), console)
    styled = console.export_text(styles=True, clear=False)
    assert plain_lines(summary_lines(outcome)) == console.export_text(clear=False).rstrip("\n")
    for verdict in ("rewrite", "ok", "error"):
        tone = Style.parse(terminal.VERDICT_STYLES[verdict])
        assert tone.color.name in {s.color.name for s in _styles(console) if s.color}, verdict
    assert "\x1b[" in styled


def _styles(console: Console) -> list[Style]:
    return [seg.style for seg in console._record_buffer if seg.style]  # noqa: SLF001 - recorded output


def test_several_drafts_summary_is_coloured_on_a_terminal():
    from classifier.actions import DraftOutcome
    from classifier.reports.check_output import drafts_summary

    lines = drafts_summary([DraftOutcome("a.txt", result=mixed_result()),
                            DraftOutcome("-", error="стандартный ввод: пусто.")])
    assert [p.tone for p in lines[1] if p.tone] == ["rewrite"]
    assert plain_lines(lines).splitlines()[2] == "  стандартный ввод: ошибка — пусто."


# --- input names and messages ------------------------------------------------------------

class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = __import__("io").BytesIO(data)


def test_standard_input_is_named_in_russian(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", _Stdin("Только сегодня скидка 50%! Успейте купить!!!".encode()))
    _, out, _ = run(["--no-color", "-"], capsys)
    assert out.startswith("═══ стандартный ввод ═══")
    monkeypatch.setattr("sys.stdin", _Stdin(b"  \n"))
    code, _, err = run(["-"], capsys)
    assert code == 2 and "стандартный ввод: пусто" in err and "файл" not in err


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".XLS"])
def test_other_spreadsheets_are_told_to_save_as_xlsx_or_csv(tmp_path, capsys, suffix):
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(200))
    code, _, err = run([path], capsys)
    assert code == 2 and ".xlsx" in err and ".csv" in err and ".txt" not in err


@pytest.mark.parametrize(("args", "option"), [([], "--column"), (["signals", "--report"], "--text-column")])
def test_missing_column_message_names_a_real_option(tmp_path, capsys, args, option):
    path = tmp_path / "plan.csv"
    path.write_text("дата;площадка\n01.03;vk\n", encoding="utf-8")
    code, _, err = run([*args, path], capsys)
    assert code == 2 and f"{option} «дата»" in err
    other = {"--column", "--text-column"} - {option}
    assert not any(o in err for o in other)


def test_readme_states_the_shipped_models_thresholds():
    from classifier.actions import default_thresholds
    from classifier.language.numerals import short_number

    found = default_thresholds()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ok, rewrite = short_number(found.ok), short_number(found.rewrite)
    assert f"`ok` below {ok}, `rewrite` from {rewrite}" in readme, (
        f"README must state the model's thresholds ({ok} / {rewrite}): update «Exit codes and thresholds»")
    assert f"ok_threshold = {ok} " in readme and f"rewrite_threshold = {rewrite} " in readme


@pytest.mark.parametrize(("posts", "phrase"), [(1, "на 1 посте"), (2, "на 2 постах"), (21, "на 21 посте"),
                                               (1200, "на 1\u00a0200 постах")])
def test_training_summary_agrees_numbers_and_uses_a_decimal_comma(posts, phrase):
    from types import SimpleNamespace

    from classifier.model.linear import Thresholds
    from classifier.reports.tables import training_text

    model = SimpleNamespace(thresholds=Thresholds(38.5, 66.0), meta={"C": 0.25, "dense_weight": 1.5})
    text = training_text(posts, "m.npz", "m.md", model)
    assert f"Модель обучена {phrase}: m.npz" in text
    assert "ok < 38,5, rewrite ≥ 66;" in text and "C = 0,25" in text and "вес сигналов = 1,5" in text
