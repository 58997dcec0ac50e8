"""How a ``check`` run is shown: each step's data goes to the terminal, a pipe or JSON.

Reports go to standard output, errors about single files to standard error, so a pipe
into another tool gets only the reports.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from classifier.reports import json_out, plain
from classifier.reports.draft_view import VERDICTS, build_view


def show_drafts(outcomes: list, output_format: str, model_name: str, color: bool) -> None:  # DraftOutcome
    """Print draft reports (colour when ``color``) or their JSON; errors go to stderr."""
    if output_format == "text":
        _draft_reports(outcomes, color)
        return
    records = [json_out.draft_record(o, model_name) for o in outcomes]
    if output_format == "jsonl":
        for record in records:
            _out(json.dumps(record, ensure_ascii=False))
    else:
        _out(json.dumps(records[0] if len(records) == 1 else records, ensure_ascii=False, indent=2))
    for outcome in outcomes:
        if outcome.error:
            _err(f"postcheck: {outcome.error}")


def _draft_reports(outcomes: list, color: bool) -> None:
    console = None
    if color:
        from rich.console import Console

        console = Console(highlight=False)
    for outcome in outcomes:
        if outcome.error is not None:
            _err(f"postcheck: {outcome.error}")
            continue
        draft = outcome.draft
        view = build_view(outcome.source, outcome.result, draft.text, draft.warnings)
        if console is not None:
            from classifier.reports.terminal import render_draft

            render_draft(view, console)
        else:
            _out(plain.render_draft(view))
        _out("")
    if len(outcomes) > 1:
        _out("Итого:")
        for o in outcomes:
            verdict = VERDICTS.get(o.result.verdict) if o.result else None
            _out("  " + plain.summary_line(o.source, o.result.score if o.result else None, verdict, o.error))


def show_table(outcome, output_format: str) -> None:  # noqa: ANN001 - BatchOutcome
    """Print the summary of a scored content plan, as text or JSON."""
    from classifier.reports import batch_report

    if output_format == "text":
        _out(batch_report.summary_text(outcome))
    else:
        _out(json.dumps(batch_report.summary_record(outcome), ensure_ascii=False,
                        indent=None if output_format == "jsonl" else 2))


def _out(text: str, stream: TextIO | None = None) -> None:
    print(text, file=stream or sys.stdout, flush=True)


def _err(text: str) -> None:
    _out(text, sys.stderr)
