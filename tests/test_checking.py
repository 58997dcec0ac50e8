"""The plain functions behind `postcheck check`: option checks, config fallback, input split, exit codes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from classifier.actions import DraftOutcome
from classifier.checking import (
    EXIT_ERROR,
    EXIT_FLAGGED,
    EXIT_OK,
    CheckOptions,
    DraftsChecked,
    TableChecked,
    UsageProblem,
    exit_code,
    merge_exit_codes,
    prepare_check,
    split_inputs,
)
from classifier.io.config import Config
from classifier.scoring.plan import BatchOutcome
from classifier.scoring.result import AdMarking, Result
from classifier.scoring.settings import Settings

NO_CONFIG = Config(Settings())


@pytest.mark.parametrize(
    ("files", "drafts", "tables"),
    [
        (["a.txt"], ["a.txt"], []),
        (["-"], ["-"], []),
        (["plan.csv", "a.md", "b.XLSX", "c.jsonl", "d.tsv"], ["a.md"], ["plan.csv", "b.XLSX", "c.jsonl", "d.tsv"]),
        (["./train", "notes"], ["./train", "notes"], []),  # no table suffix: a draft
    ],
)
def test_inputs_are_split_into_drafts_and_tables_in_order(files, drafts, tables):
    assert split_inputs(files) == (drafts, [Path(t) for t in tables])


@pytest.mark.parametrize(
    ("files", "options", "message"),
    [
        (["a.txt"], CheckOptions(output_format="xml"), "--format"),
        (["a.txt"], CheckOptions(fail_on="always"), "--fail-on"),
        (["a.txt"], CheckOptions(output=Path("out.csv")), "только для таблиц"),
        (["a.txt"], CheckOptions(report=Path("r.html")), "только для таблиц"),
        (["a.txt", "-"], CheckOptions(in_place=True), "только для таблиц"),
        (["a.csv", "b.csv"], CheckOptions(output=Path("out.csv")), "одну таблицу"),
        (["a.csv", "b.xlsx"], CheckOptions(report=Path("r.html")), "одну таблицу"),
    ],
)
def test_options_that_do_not_fit_are_a_usage_problem(files, options, message):
    with pytest.raises(UsageProblem, match=message):
        prepare_check(files, options, NO_CONFIG)


@pytest.mark.parametrize(
    ("given", "configured", "used"),
    [(None, None, "rewrite"), (None, "borderline", "borderline"), ("never", "borderline", "never")],
)
def test_fail_on_falls_back_to_the_config_then_to_rewrite(given, configured, used):
    config = Config(Settings(), fail_on=configured)
    request = prepare_check(["a.txt", "plan.csv"], CheckOptions(fail_on=given), config)
    assert request.fail_on == used
    assert request.drafts == ["a.txt"] and request.tables == [Path("plan.csv")]


def test_config_file_is_read_when_not_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "postcheck.toml").write_text('fail_on = "never"\n', encoding="utf-8")
    assert prepare_check(["a.txt"], CheckOptions()).fail_on == "never"


def _result(verdict: str) -> Result:
    return Result(50.0, verdict, [], AdMarking(False, False))


def _drafts(*verdicts: str | None) -> DraftsChecked:
    return DraftsChecked([
        DraftOutcome("x", error="x: файл не найден.") if v is None else DraftOutcome("x", result=_result(v))
        for v in verdicts
    ])


def _table(**counts: int) -> TableChecked:
    return TableChecked(BatchOutcome(Path("p.csv"), ["text"], "text", counts=Counter(counts)))


@pytest.mark.parametrize(
    ("steps", "fail_on", "code"),
    [
        ([], "rewrite", EXIT_OK),
        ([_drafts("ok", "borderline")], "rewrite", EXIT_OK),
        ([_drafts("ok", "borderline")], "borderline", EXIT_FLAGGED),
        ([_drafts("rewrite")], "never", EXIT_OK),
        ([_drafts("rewrite", None)], "rewrite", EXIT_ERROR),  # an unreadable draft wins over a flag
        ([_drafts(None)], "never", EXIT_ERROR),
        ([_table(ok=3, error=2)], "rewrite", EXIT_OK),  # bad rows are kept, not a failed run
        ([_table(ok=3, rewrite=1)], "rewrite", EXIT_FLAGGED),
        ([_drafts("ok"), _table(borderline=1)], "borderline", EXIT_FLAGGED),
        ([_drafts(None), _table(ok=1)], "rewrite", EXIT_ERROR),
    ],
)
def test_exit_code_merges_every_step(steps, fail_on, code):
    assert exit_code(steps, fail_on) == code


@pytest.mark.parametrize(("codes", "merged"), [([], 0), ([0, 0], 0), ([1, 0], 1), ([0, 2, 1], 2)])
def test_merge_exit_codes_keeps_the_worst(codes, merged):
    assert merge_exit_codes(codes) == merged
