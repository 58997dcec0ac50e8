"""The ``check`` command as plain functions: options in, data out; the CLI only parses and renders.

:func:`prepare_check` validates the options, falls back to the configuration file for
``--fail-on`` and splits drafts from tables; :func:`run_check` scores them (drafts first,
then each table) and yields what each step produced; :func:`exit_code` merges the results
into the process exit code (0 nothing flagged, 1 something flagged, 2 an input error,
4 a content plan failed a plan-health check named by ``--fail-on-plan``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from classifier.errors import PostcheckError
from classifier.io.config import Config, load_config
from classifier.io.outputs import check_outputs
from classifier.io.tables import table_kind
from classifier.scoring.health.gate import UnknownCheck, failed, parse_checks
from classifier.scoring.result import FAIL_LEVELS, flagged

if TYPE_CHECKING:
    from classifier.actions import DraftOutcome
    from classifier.scoring.health.norms import PlanNorms
    from classifier.scoring.plan import BatchOutcome
    from classifier.scoring.scorer import Scorer

EXIT_OK, EXIT_FLAGGED, EXIT_ERROR, EXIT_PLAN = 0, 1, 2, 4
# The run's exit code is the most serious of its steps: an input error, then a plan that
# failed its health checks (--fail-on-plan), then a flagged draft or row.
SEVERITY = (EXIT_OK, EXIT_FLAGGED, EXIT_PLAN, EXIT_ERROR)
FORMATS = ("text", "json", "jsonl")
STDIN = "-"


class UsageProblem(PostcheckError):
    """Arguments that do not fit together (exit code 2)."""


@dataclass(frozen=True)
class CheckOptions:
    """The options of ``postcheck check`` as the user gave them (None: not given)."""

    output_format: str = "text"
    fail_on: str | None = None
    threshold: float | None = None
    model: str | None = None
    config: Path | None = None
    column: str | None = None
    sheet: str | None = None
    output: Path | None = None
    in_place: bool = False
    report: Path | None = None
    jobs: int = 1
    fail_on_plan: str | None = None  # plan-health checks that fail the run: «selling,duplicates», any, never


@dataclass(frozen=True)
class CheckRequest:
    """A validated ``check`` run: what to read and how to judge it."""

    drafts: list[str]
    tables: list[Path]
    fail_on: str
    config: Config
    options: CheckOptions
    fail_on_plan: tuple[str, ...] = ()


def split_inputs(files: Sequence[str]) -> tuple[list[str], list[Path]]:
    """Drafts (and «-») apart from tables, each in the order given.

    >>> split_inputs(["черновик.txt", "план.csv", "-", "план.xlsx"])
    (['черновик.txt', '-'], [PosixPath('план.csv'), PosixPath('план.xlsx')])
    """
    drafts, tables = [], []
    for name in files:
        if name != STDIN and table_kind(Path(name)):
            tables.append(Path(name))
        else:
            drafts.append(name)
    return drafts, tables


def prepare_check(files: Sequence[str], options: CheckOptions, config: Config | None = None) -> CheckRequest:
    """Validate the options and read the settings; UsageProblem (exit 2) when they do not fit.

    ``config`` is read from ``options.config`` (or found upward) when not given.
    """
    if options.output_format not in FORMATS:
        raise UsageProblem(f"--format: допустимо {', '.join(FORMATS)}, а не «{options.output_format}».")
    if options.jobs < 1:
        raise UsageProblem(f"--jobs: нужно целое число от 1, а не {options.jobs}.")
    config = config if config is not None else load_config(options.config)
    fail_on = options.fail_on or config.fail_on or "rewrite"
    if fail_on not in FAIL_LEVELS:
        raise UsageProblem(f"--fail-on: допустимо rewrite, borderline, never, а не «{fail_on}».")
    drafts, tables = split_inputs(files)
    if (options.output or options.in_place or options.report) and not tables:
        raise UsageProblem("-o/--output, --in-place и --report нужны только для таблиц (.csv, .tsv, .xlsx, .jsonl).")
    if len(tables) > 1 and (options.output or options.report):
        raise UsageProblem("с -o/--report указывайте одну таблицу за запуск.")
    for table in tables:  # before any work: never replace the input, never fail at the end
        check_outputs(table, options.output, options.in_place, options.report)
    try:
        fail_on_plan = parse_checks(options.fail_on_plan) if options.fail_on_plan is not None else (
            config.fail_on_plan or ())
    except UnknownCheck as err:
        raise UsageProblem(f"--fail-on-plan: {err}") from None
    return CheckRequest(drafts, tables, fail_on, config, options, fail_on_plan)


@dataclass
class DraftsChecked:
    """Every draft of the run, read and scored (or with its error)."""

    outcomes: list[DraftOutcome] = field(default_factory=list)


@dataclass
class TableChecked:
    """One content plan, scored; ``report`` is the HTML report written, if asked for."""

    outcome: BatchOutcome
    report: Path | None = None


Checked = DraftsChecked | TableChecked


def run_check(scorer: Scorer, request: CheckRequest, progress: bool = False) -> Iterator[Checked]:
    """Score the drafts, then each table, yielding each step's data as soon as it is ready."""
    from classifier import actions

    if request.drafts:
        yield DraftsChecked(actions.check_drafts(scorer, request.drafts))
    for table in request.tables:
        yield check_table(scorer, table, request.options, progress, request.config.plan)


def check_table(scorer: Scorer, path: Path, options: CheckOptions, progress: bool = False,
                norms: PlanNorms | None = None) -> TableChecked:
    """Score one table; write the scored table (``-o``/``--in-place``) and the HTML report."""
    from classifier import batch
    from classifier.io import atomic
    from classifier.reports import html

    outcome = batch.score_table(
        scorer, path, column=options.column, sheet=options.sheet, output=options.output,
        in_place=options.in_place, jobs=options.jobs, progress=progress,
        keep_results=options.report is not None, norms=norms,
    )
    if options.report is not None:
        atomic.write_text(options.report, html.render_plan(outcome))
    return TableChecked(outcome, options.report)


def step_exit_code(step: Checked, fail_on: str, fail_on_plan: Sequence[str] = ()) -> int:
    """2 when a draft could not be checked, 4 when a plan fails one of the ``fail_on_plan``
    health checks, 1 when a draft or a row is flagged (by its verdict, or by missing ad marking
    with ``ad_marking = "require"``), else 0."""
    if isinstance(step, DraftsChecked):
        if any(o.error is not None for o in step.outcomes):
            return EXIT_ERROR
        verdicts = [o.result.verdict for o in step.outcomes if o.result is not None]
        marking = any(o.result is not None and o.result.ad_marking.flagged for o in step.outcomes)
    else:
        if failed(step.outcome.health, fail_on_plan):
            return EXIT_PLAN
        verdicts = list(step.outcome.counts)
        marking = step.outcome.marking_flagged > 0
    return EXIT_FLAGGED if marking or any(flagged(v, fail_on) for v in verdicts) else EXIT_OK


def exit_code(steps: Sequence[Checked], fail_on: str, fail_on_plan: Sequence[str] = ()) -> int:
    """The run's exit code: the most serious step wins (an error, a failed plan, a flag, nothing).

    >>> merge_exit_codes([EXIT_OK, EXIT_FLAGGED]), merge_exit_codes([EXIT_ERROR, EXIT_FLAGGED, EXIT_PLAN])
    (1, 2)
    """
    return merge_exit_codes([step_exit_code(s, fail_on, fail_on_plan) for s in steps])


def merge_exit_codes(codes: Sequence[int]) -> int:
    """The most serious of the codes (see SEVERITY); 0 when there are none."""
    return max(codes, key=SEVERITY.index, default=EXIT_OK)
