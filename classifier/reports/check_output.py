"""How a ``check`` run is shown: each step's data goes to the terminal, a pipe or JSON.

Reports go to standard output, errors about single files to standard error, so a pipe
into another tool gets only the reports.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from classifier.reports import json_out, plain
from classifier.reports.draft_view import VERDICTS, build_view
from classifier.reports.toned import Line, Piece, plain_lines
from classifier.scoring.plan import BatchOutcome


@dataclass(frozen=True)
class Display:
    """How to show reports: the format, colour, compact or full form, and wrapping."""

    output_format: str = "text"
    color: bool = False
    brief: bool = False  # score, verdict and the strongest three reasons, one line each
    fold_strengths: bool = False  # «Что уже работает» in one line
    width: int | None = None  # wrap plain text to a terminal this wide; None: no wrapping


def show_drafts(outcomes: list, display: Display, model_name: str) -> None:  # list[DraftOutcome]
    """Print draft reports (or their JSON); errors about single files go to stderr."""
    if display.output_format == "text":
        _draft_reports(outcomes, display)
        return
    records = [json_out.draft_record(o, model_name) for o in outcomes]
    if display.output_format == "jsonl":
        for record in records:
            _out(json.dumps(record, ensure_ascii=False))
    else:
        _out(json.dumps(records[0] if len(records) == 1 else records, ensure_ascii=False, indent=2))
    for outcome in outcomes:
        if outcome.error:
            _err(f"postcheck: {outcome.error}")


def _console():  # noqa: ANN202 - a rich Console, imported only when colour is on
    from rich.console import Console

    return Console(highlight=False)


def _draft_reports(outcomes: list, display: Display) -> None:
    console = _console() if display.color else None
    for outcome in outcomes:
        if outcome.error is not None:
            _err(f"postcheck: {outcome.error}")
            continue
        draft = outcome.draft
        view = build_view(outcome.label, outcome.result, draft.text, draft.warnings)
        if console is not None:
            from classifier.reports import terminal

            if display.brief:
                terminal.render_brief(view, console)
            else:
                terminal.render_draft(view, console, display.fold_strengths)
        elif display.brief:
            _out(plain.render_brief(view))
        else:
            _out(plain.render_draft(view, display.width, display.fold_strengths))
        if not display.brief:
            _out("")
    if len(outcomes) > 1 and not display.brief:  # a brief report is already one block per draft
        _show_lines(drafts_summary(outcomes), console)


def drafts_summary(outcomes: list) -> list[Line]:  # list[DraftOutcome]
    """«Итого»: one line per draft, its score and verdict (or its error)."""
    lines: list[Line] = [[Piece("Итого:", "strong")]]
    for o in outcomes:
        name = o.label
        if o.result is None:
            problem = (o.error or "").removeprefix(f"{name}: ")
            lines.append([Piece(f"  {name}: "), Piece(f"ошибка — {problem}", "error")])
        else:
            verdict = o.result.verdict
            lines.append([Piece(f"  {name}: "),
                          Piece(f"{plain.score_text(o.result.score)} — {VERDICTS[verdict]}", verdict)])
    return lines


def show_table(outcome: BatchOutcome, display: Display, report: Path | None = None) -> None:
    """Print the summary of a scored content plan, as text (coloured on a terminal) or JSON."""
    from classifier.reports import batch_report

    if display.output_format == "text":
        _show_lines(batch_report.summary_lines(outcome, report), _console() if display.color else None)
    else:
        _out(json.dumps(batch_report.summary_record(outcome), ensure_ascii=False,
                        indent=None if display.output_format == "jsonl" else 2))


def _show_lines(lines: list[Line], console) -> None:  # noqa: ANN001 - a rich Console or None
    if console is None:
        _out(plain_lines(lines))
    else:
        from classifier.reports.terminal import render_lines

        render_lines(lines, console)


def _out(text: str, stream: TextIO | None = None) -> None:
    print(text, file=stream or sys.stdout, flush=True)


def _err(text: str) -> None:
    _out(text, sys.stderr)
