"""The ``postcheck`` command. Each command parses arguments, calls a plain function from
:mod:`classifier.actions` and hands the data to a renderer in :mod:`classifier.reports`.

``postcheck FILE...`` runs the default command ``check``. A file named like a subcommand
is checked with a path prefix: ``postcheck ./train`` (or ``postcheck check train``).

Exit codes: 0 nothing flagged, 1 a draft or a row flagged, 2 a usage or input error.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer
from typer.core import TyperCommand, TyperGroup

from classifier import __version__
from classifier.cli_text import error_message, translate_help
from classifier.errors import PostcheckError
from classifier.scoring.result import FAIL_LEVELS, flagged

EXIT_OK, EXIT_FLAGGED, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "jsonl")


class UsageProblem(PostcheckError):
    """Arguments that do not fit together (exit code 2)."""


class RussianCommand(TyperCommand):
    """A command whose help headings are in Russian."""

    def get_help(self, ctx) -> str:  # noqa: ANN001 - a typer Context
        return translate_help(super().get_help(ctx))


class DefaultCommandGroup(TyperGroup):
    """A command group that runs ``check`` when the first argument is not a command."""

    default_command = "check"

    def parse_args(self, ctx, args: list[str]) -> list[str]:  # noqa: ANN001 - a typer Context
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def get_help(self, ctx) -> str:  # noqa: ANN001 - a typer Context
        return translate_help(super().get_help(ctx))


app = typer.Typer(
    cls=DefaultCommandGroup,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="postcheck — проверка постов брендов: полезный пост или рекламный мусор, и почему.\n\n"
         "postcheck ФАЙЛ... проверяет черновики (.txt, .md, «-» — стандартный ввод) и "
         "контент-планы (.csv, .tsv, .xlsx, .jsonl). Файл с именем как у команды: postcheck ./train",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"postcheck {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Показать версию и выйти."),
) -> None:
    """postcheck — проверка постов брендов."""


def _use_color(no_color: bool) -> bool:
    return not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()


@app.command("check", cls=RussianCommand, help="Проверить черновики и контент-планы (команда по умолчанию).")
def check(
    files: list[str] = typer.Argument(
        ..., metavar="ФАЙЛ...", help="Файлы .txt, .md, .csv, .tsv, .xlsx, .jsonl или «-»."
    ),
    output_format: str = typer.Option("text", "--format", "-f", help="text, json или jsonl."),
    no_color: bool = typer.Option(False, "--no-color", help="Без цвета (также при NO_COLOR и выводе не в терминал)."),
    fail_on: str = typer.Option(
        None, "--fail-on", help="Когда код выхода 1: rewrite (по умолчанию), borderline, never."
    ),
    threshold: float = typer.Option(None, "--threshold", help="Порог «переписать», 0-100."),
    model: str = typer.Option(None, "--model", help="Файл модели вместо встроенной."),
    config: Path = typer.Option(None, "--config", help="Файл настроек вместо найденного автоматически."),
    column: str = typer.Option(None, "--column", help="Колонка с текстом в таблице."),
    sheet: str = typer.Option(None, "--sheet", help="Лист XLSX (по умолчанию первый)."),
    output: Path = typer.Option(None, "--output", "-o", help="Куда записать оценённую таблицу (.csv, .xlsx, .jsonl)."),
    in_place: bool = typer.Option(False, "--in-place", help="Дописать оценки в саму входную таблицу."),
    report: Path = typer.Option(None, "--report", help="HTML-отчёт по контент-плану."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Процессов для больших таблиц."),
) -> int:
    from classifier import actions
    from classifier.io.config import load_config
    from classifier.io.tables import table_kind

    if output_format not in FORMATS:
        raise UsageProblem(f"--format: допустимо {', '.join(FORMATS)}, а не «{output_format}».")
    cfg = load_config(config)
    fail_on = fail_on or cfg.fail_on or "rewrite"
    if fail_on not in FAIL_LEVELS:
        raise UsageProblem(f"--fail-on: допустимо rewrite, borderline, never, а не «{fail_on}».")
    tables = [f for f in files if f != "-" and table_kind(Path(f))]
    drafts = [f for f in files if f not in tables]
    if (output or in_place or report) and not tables:
        raise UsageProblem("-o/--output, --in-place и --report нужны только для таблиц (.csv, .tsv, .xlsx, .jsonl).")
    if len(tables) > 1 and (output or report):
        raise UsageProblem("с -o/--report указывайте одну таблицу за запуск.")
    loaded = actions.load_scorer(model, cfg, threshold)
    for note in loaded.notes:
        typer.echo(f"postcheck: {note}", err=True)
    codes = []
    if drafts:
        codes.append(_check_drafts(loaded.scorer, drafts, output_format, no_color, fail_on))
    for table in tables:
        codes.append(_check_table(loaded.scorer, Path(table), output_format, fail_on, column, sheet,
                                  output, in_place, report, jobs))
    return max(codes) if EXIT_ERROR not in codes else EXIT_ERROR


def _check_drafts(scorer, names: list[str], output_format: str, no_color: bool, fail_on: str) -> int:  # noqa: ANN001
    from classifier import actions
    from classifier.reports import json_out

    outcomes = actions.check_drafts(scorer, names)
    is_flagged = any(o.result is not None and flagged(o.result.verdict, fail_on) for o in outcomes)
    failed = any(o.error is not None for o in outcomes)
    if output_format == "text":
        _print_drafts(outcomes, no_color)
    else:
        records = [json_out.draft_record(o, scorer.model_name) for o in outcomes]
        if output_format == "jsonl":
            for record in records:
                typer.echo(json.dumps(record, ensure_ascii=False))
        else:
            typer.echo(json.dumps(records[0] if len(records) == 1 else records, ensure_ascii=False, indent=2))
        for outcome in outcomes:
            if outcome.error:
                typer.echo(f"postcheck: {outcome.error}", err=True)
    return EXIT_ERROR if failed else EXIT_FLAGGED if is_flagged else EXIT_OK


def _print_drafts(outcomes: list, no_color: bool) -> None:
    from classifier.reports import plain
    from classifier.reports.draft_view import VERDICTS, build_view

    color = _use_color(no_color)
    console = None
    if color:
        from rich.console import Console

        console = Console(highlight=False)
    for outcome in outcomes:
        if outcome.error is not None:
            typer.echo(f"postcheck: {outcome.error}", err=True)
            continue
        draft = outcome.draft
        view = build_view(outcome.source, outcome.result, draft.text, draft.warnings)
        if console is not None:
            from classifier.reports.terminal import render_draft

            render_draft(view, console)
        else:
            typer.echo(plain.render_draft(view))
        typer.echo("")
    if len(outcomes) > 1:
        typer.echo("Итого:")
        for o in outcomes:
            verdict = VERDICTS.get(o.result.verdict) if o.result else None
            typer.echo("  " + plain.summary_line(o.source, o.result.score if o.result else None, verdict, o.error))


def _check_table(scorer, path: Path, output_format: str, fail_on: str, column, sheet, output, in_place,  # noqa: ANN001
                 report, jobs: int) -> int:
    from classifier import batch
    from classifier.reports import batch_report

    outcome = batch.score_table(
        scorer, path, column=column, sheet=sheet, output=output, in_place=in_place, jobs=jobs,
        progress=sys.stderr.isatty(), keep_results=report is not None,
    )
    if report is not None:
        batch_report.write_html(outcome, report)
    if output_format == "text":
        typer.echo(batch_report.summary_text(outcome))
    else:
        typer.echo(json.dumps(batch_report.summary_record(outcome), ensure_ascii=False,
                              indent=None if output_format == "jsonl" else 2))
    return EXIT_FLAGGED if any(flagged(v, fail_on) for v in outcome.counts) else EXIT_OK


@app.command("signals", cls=RussianCommand,
             help="Список сигналов; с --report — их охват и точность на размеченных данных.")
def signals(
    report: Path = typer.Option(None, "--report", help="Размеченный CSV/XLSX/JSONL (текст и метка)."),
    text_column: str = typer.Option(None, "--text-column", help="Колонка с текстом."),
    label_column: str = typer.Option(None, "--label-column", help="Колонка с меткой."),
    strip_ad_labels: bool = typer.Option(
        False, "--strip-ad-labels", help="Убрать пометки «Реклама», erid и т. п. перед проверкой."
    ),
) -> int:
    from classifier.reports import tables
    from classifier.signals.registry import SIGNALS

    if report is None:
        typer.echo(tables.signals_table(SIGNALS))
        return EXIT_OK
    from classifier import actions

    data, rows = actions.signal_report(report, text_column, label_column, strip_ad_labels)
    n_junk = sum(data.labels)
    typer.echo(tables.coverage_table(rows, n_junk, len(data) - n_junk))
    return EXIT_OK


@app.command("explain", cls=RussianCommand, help="Описание сигнала: зачем он, пример и как переписать.")
def explain(signal_id: str = typer.Argument(..., metavar="СИГНАЛ", help="Id сигнала, см. postcheck signals.")) -> int:
    from classifier.reports import tables
    from classifier.signals.registry import BY_ID

    if signal_id not in BY_ID:
        raise PostcheckError(f"нет сигнала «{signal_id}». Список: postcheck signals.")
    typer.echo(tables.explain_signal(BY_ID[signal_id]))
    return EXIT_OK


@app.command("train", cls=RussianCommand, help="Обучить модель на размеченных постах (корпус, CSV, XLSX, JSONL).")
def train(
    data: list[Path] = typer.Argument(..., metavar="ДАННЫЕ...", help="Размеченные файлы."),
    out: Path = typer.Option(..., "--out", help="Куда сохранить модель (.npz); карточка модели — рядом (.md)."),
    text_column: str = typer.Option(None, "--text-column", help="Колонка с текстом."),
    label_column: str = typer.Option(
        None, "--label-column", help="Колонка с меткой (1/0, junk/value, реклама/польза, spam/ham)."
    ),
    split: str = typer.Option("train", "--split", help="Строки с этим split (если колонка есть) или all."),
    sheet: str = typer.Option(None, "--sheet", help="Лист XLSX."),
    evaluate_on: list[Path] = typer.Option([], "--evaluate-on", help="Ещё размеченный набор для карточки модели."),
) -> int:
    from classifier import actions
    from classifier.reports.tables import evaluation_text

    if out.suffix != ".npz":
        raise UsageProblem("--out: файл модели должен иметь расширение .npz.")
    outcome = actions.train_model(data, out, text_column, label_column, split, sheet, evaluate_on)
    m = outcome.model
    typer.echo(f"Модель обучена на {outcome.n_posts} постах: {outcome.model_path}")
    typer.echo(f"Карточка модели: {outcome.card_path}")
    typer.echo(f"Пороги: ok < {m.thresholds.ok:g}, rewrite ≥ {m.thresholds.rewrite:g}; "
               f"C = {m.meta['C']}, вес сигналов = {m.meta['dense_weight']}")
    for ev in outcome.evaluations.values():
        typer.echo("")
        typer.echo(evaluation_text(ev))
    return EXIT_OK


@app.command("evaluate", cls=RussianCommand,
             help="Оценить модель на размеченных данных: метрики, JSON-отчёт и кривая надёжности.")
def evaluate(
    data: Path = typer.Argument(..., metavar="ДАННЫЕ", help="Размеченный файл."),
    model: str = typer.Option(None, "--model", help="Файл модели (по умолчанию встроенная)."),
    text_column: str = typer.Option(None, "--text-column", help="Колонка с текстом."),
    label_column: str = typer.Option(None, "--label-column", help="Колонка с меткой."),
    split: str = typer.Option("test", "--split", help="Строки с этим split (если колонка есть) или all."),
    strip_ad_labels: bool = typer.Option(False, "--strip-ad-labels", help="Убрать пометки «Реклама», erid и т. п."),
    out_dir: Path = typer.Option(Path("reports"), "--out-dir", help="Папка для JSON и PNG."),
) -> int:
    from classifier import actions
    from classifier.reports.tables import evaluation_text

    outcome = actions.evaluate_model(data, model, out_dir, text_column, label_column, split, strip_ad_labels)
    typer.echo(evaluation_text(outcome.evaluation, outcome.model))
    typer.echo(f"\nJSON: {outcome.json_path}\nКривая надёжности: {outcome.png_path}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Console entry point: runs the app and turns every error into a Russian message."""
    try:
        code = app(args=argv, prog_name="postcheck", standalone_mode=False)
        if code == 130:  # typer's answer to Ctrl+C
            typer.echo("postcheck: прервано.", err=True)
    except PostcheckError as err:
        typer.echo(f"postcheck: ошибка: {err}", err=True)
        code = EXIT_ERROR
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("postcheck: прервано.", err=True)
        code = 130
    except typer.Exit as stop:
        code = stop.exit_code
    except Exception as err:  # noqa: BLE001 - the user never sees a traceback
        if hasattr(err, "format_message") and hasattr(err, "exit_code"):  # a usage error
            typer.echo(f"postcheck: ошибка: {error_message(err.format_message())}", err=True)
            typer.echo("Справка: postcheck --help", err=True)
            code = EXIT_ERROR
        elif os.environ.get("POSTCHECK_DEBUG"):
            raise
        else:
            typer.echo(f"postcheck: внутренняя ошибка ({type(err).__name__}: {err}). "
                       "Запустите с POSTCHECK_DEBUG=1 и сообщите разработчикам.", err=True)
            code = 3
    return int(code or 0)
