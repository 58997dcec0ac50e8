"""The ``postcheck`` command. Each command parses arguments, calls a plain function from
:mod:`classifier.actions` and hands the data to a renderer in :mod:`classifier.reports`.

``postcheck FILE...`` runs the default command ``check``. A file named like a subcommand
is checked with a path prefix: ``postcheck ./train`` (or ``postcheck check train``).

Exit codes: 0 nothing flagged, 1 a draft or a row flagged, 2 a usage or input error,
4 a content plan failed a health check named by ``--fail-on-plan``.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

import click
import typer

from classifier import __version__
from classifier.cli_text import RussianCommand, RussianGroup, russian_messages
from classifier.errors import PostcheckError

EXIT_OK, EXIT_ERROR = 0, 2

SHORT_USAGE = """\
postcheck — проверка постов брендов: польза для читателя или рекламный мусор, и почему.

Чаще всего:
  postcheck черновик.txt            проверить черновик поста (.txt, .md, «-» — ввод)
  postcheck план.xlsx -o оценки.xlsx --report план.html
                                    проверить контент-план (.csv, .tsv, .xlsx, .jsonl)
  postcheck explain discount        что значит причина из отчёта

Все команды и параметры: postcheck --help"""

app = typer.Typer(
    cls=RussianGroup,
    add_completion=False,
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


def _terminal_width() -> int | None:
    """Plain reports wrap (keeping indents) only on a terminal."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


class CheckCommand(RussianCommand):
    """``check``: its help states the thresholds of the shipped model, read when help is shown."""

    def help_values(self) -> dict[str, str]:
        from classifier.actions import default_thresholds
        from classifier.language.numerals import short_number

        found = default_thresholds()
        if found is None:
            return {"ok": "(модель не найдена)", "rewrite": "(модель не найдена)"}
        return {"ok": short_number(found.ok), "rewrite": short_number(found.rewrite)}


@app.command("check", cls=CheckCommand, help="Проверить черновики и контент-планы (команда по умолчанию).")
def check(
    files: list[str] = typer.Argument(
        ..., metavar="ФАЙЛ...",
        help="Черновики .txt, .md или «-» (стандартный ввод); таблицы .csv, .tsv, .xlsx, .jsonl.",
    ),
    output_format: str = typer.Option("text", "--format", "-f", metavar="ФОРМАТ",
                                      help="text, json или jsonl."),
    no_color: bool = typer.Option(False, "--no-color", help="Без цвета (также при NO_COLOR и выводе не в терминал)."),
    brief: bool = typer.Option(False, "--brief", "-b",
                               help="Коротко: оценка, вердикт и три главные причины, по строке на каждую."),
    fold_strengths: bool = typer.Option(False, "--fold-strengths",
                                        help="Свернуть «Что уже работает» в одну строку."),
    fail_on: str = typer.Option(
        None, "--fail-on", metavar="ВЕРДИКТ",
        help="Когда код выхода 1: rewrite (по умолчанию), borderline или never (никогда).",
    ),
    threshold: float = typer.Option(
        None, "--threshold", metavar="ЧИСЛО",
        help="Порог вердикта «переписать», 0–100. По умолчанию — порог модели: {rewrite} "
             "(ниже {ok} — «можно публиковать»; свои пороги — в postcheck.toml).",
    ),
    model: str = typer.Option(None, "--model", metavar="ФАЙЛ", help="Файл модели (.npz) вместо встроенной."),
    config: Path = typer.Option(None, "--config", metavar="ФАЙЛ",
                                help="Файл настроек вместо найденного автоматически (postcheck.toml)."),
    column: str = typer.Option(None, "--column", metavar="КОЛОНКА", help="Колонка с текстом в таблице."),
    sheet: str = typer.Option(None, "--sheet", metavar="ЛИСТ", help="Лист XLSX (по умолчанию первый)."),
    output: Path = typer.Option(None, "--output", "-o", metavar="ФАЙЛ",
                                help="Куда записать оценённую таблицу (.csv, .tsv, .xlsx, .jsonl)."),
    in_place: bool = typer.Option(False, "--in-place", help="Дописать оценки в саму входную таблицу."),
    report: Path = typer.Option(None, "--report", metavar="ФАЙЛ", help="Куда записать HTML-отчёт по контент-плану."),
    jobs: int = typer.Option(1, "--jobs", "-j", metavar="N", help="Процессов для больших таблиц."),
    fail_on_plan: str = typer.Option(
        None, "--fail-on-plan", metavar="ПРОВЕРКИ",
        help="Код выхода 4, если контент-план не прошёл эти проверки здоровья: через запятую selling, "
             "selling_run, duplicates, giveaways, questions, busy_days, silences, rubrics; any — любая; never.",
    ),
) -> int:
    from classifier import actions, checking
    from classifier.reports import check_output

    options = checking.CheckOptions(
        output_format=output_format, fail_on=fail_on, threshold=threshold, model=model, config=config,
        column=column, sheet=sheet, output=output, in_place=in_place, report=report, jobs=jobs,
        fail_on_plan=fail_on_plan,
    )
    request = checking.prepare_check(files, options)
    loaded = actions.load_scorer(model, request.config, threshold)
    for note in loaded.notes:
        typer.echo(f"postcheck: {note}", err=True)
    display = check_output.Display(output_format, _use_color(no_color), brief, fold_strengths, _terminal_width())
    steps = []
    for step in checking.run_check(loaded.scorer, request, progress=sys.stderr.isatty()):
        if isinstance(step, checking.DraftsChecked):
            check_output.show_drafts(step.outcomes, display, loaded.scorer.model_name)
        else:
            check_output.show_table(step.outcome, display, step.report)
        steps.append(step)
    return checking.exit_code(steps, request.fail_on, request.fail_on_plan)


@app.command("archive", cls=RussianCommand,
             help="Оценить архив постов (Parquet, CSV, JSONL) на кластере Dask; результат — папка Parquet. "
                  "Нужно дополнение: pip install 'postcheck[dask]'.")
def archive(
    source: Path = typer.Argument(..., metavar="АРХИВ", help="Файл или папка Parquet, .csv, .tsv или .jsonl."),
    output: Path = typer.Option(..., "--output", "-o", metavar="ПАПКА",
                                help="Новая папка для оценённого архива (Parquet)."),
    scheduler: str = typer.Option(None, "--scheduler", metavar="АДРЕС",
                                  help="Планировщик Dask (tcp://host:8786); без него — локальный кластер."),
    jobs: int = typer.Option(None, "--jobs", "-j", metavar="N",
                             help="Обработчиков локального кластера (по умолчанию — по числу ядер)."),
    column: str = typer.Option(None, "--column", metavar="КОЛОНКА", help="Колонка с текстом."),
    date_column: str = typer.Option(None, "--date-column", metavar="КОЛОНКА",
                                    help="Колонка с датой (для доли продающих постов по месяцам)."),
    model: str = typer.Option(None, "--model", metavar="ФАЙЛ", help="Файл модели (.npz) вместо встроенной."),
    config: Path = typer.Option(None, "--config", metavar="ФАЙЛ",
                                help="Файл настроек вместо найденного автоматически (postcheck.toml)."),
    threshold: float = typer.Option(None, "--threshold", metavar="ЧИСЛО", help="Порог вердикта «переписать», 0–100."),
) -> int:
    from classifier.archive import require_dask
    from classifier.io.config import load_config
    from classifier.reports import archive_report

    require_dask()
    from classifier.archive.run import score_archive

    progress = archive_report.ProgressLine(sys.stderr) if sys.stderr.isatty() else None
    try:
        outcome = score_archive(source, output, scheduler, jobs, column, date_column, model, load_config(config),
                                threshold, progress)
    finally:
        if progress is not None:
            progress.close()
    for note in outcome.notes:
        typer.echo(f"postcheck: {note}", err=True)
    typer.echo(archive_report.summary_text(outcome))
    return EXIT_OK


@app.command("signals", cls=RussianCommand,
             help="Список сигналов; с --report — их охват и точность на размеченных данных.")
def signals(
    report: Path = typer.Option(None, "--report", metavar="ФАЙЛ", help="Размеченный CSV/XLSX/JSONL (текст и метка)."),
    text_column: str = typer.Option(None, "--text-column", metavar="КОЛОНКА", help="Колонка с текстом."),
    label_column: str = typer.Option(None, "--label-column", metavar="КОЛОНКА", help="Колонка с меткой."),
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


@app.command("explain", cls=RussianCommand,
             help="Что значит причина из отчёта: зачем она, пример и как переписать.")
def explain(
    reason_id: str = typer.Argument(..., metavar="ПРИЧИНА",
                                    help="Id из отчёта: сигнал (postcheck signals), model:…, custom:…, ad_marking."),
    config: Path = typer.Option(None, "--config", metavar="ФАЙЛ", help="Настройки с фразами для custom:…"),
) -> int:
    from classifier import actions
    from classifier.reports import tables

    typer.echo(tables.explain_text(actions.explain_reason(reason_id, config)))
    return EXIT_OK


@app.command("train", cls=RussianCommand, help="Обучить модель на размеченных постах (корпус, CSV, XLSX, JSONL).")
def train(
    data: list[Path] = typer.Argument(..., metavar="ДАННЫЕ...",
                                      help="Размеченные файлы или папка корпуса со списком источников sources.toml."),
    out: Path = typer.Option(..., "--out", metavar="ФАЙЛ",
                             help="Куда сохранить модель (.npz); карточка модели — рядом (.md)."),
    text_column: str = typer.Option(None, "--text-column", metavar="КОЛОНКА", help="Колонка с текстом."),
    label_column: str = typer.Option(
        None, "--label-column", metavar="КОЛОНКА", help="Колонка с меткой (1/0, junk/value, реклама/польза, spam/ham)."
    ),
    split: str = typer.Option("train", "--split", metavar="ЧАСТЬ",
                              help="Строки с этим split (если колонка есть) или all."),
    sheet: str = typer.Option(None, "--sheet", metavar="ЛИСТ", help="Лист XLSX."),
    evaluate_on: list[Path] = typer.Option([], "--evaluate-on", metavar="ФАЙЛ",
                                           help="Ещё размеченный набор для карточки модели."),
) -> int:
    from classifier import actions
    from classifier.reports import tables
    from classifier.reports.tables import evaluation_text

    outcome = actions.train_model(data, out, text_column, label_column, split, sheet, evaluate_on)
    m = outcome.model
    typer.echo(tables.training_text(outcome.n_posts, outcome.model_path, outcome.card_path, m))
    for ev in outcome.evaluations.values():
        typer.echo("")
        typer.echo(evaluation_text(ev))
    return EXIT_OK


@app.command("evaluate", cls=RussianCommand,
             help="Оценить модель на размеченных данных: метрики, JSON-отчёт и кривая надёжности.")
def evaluate(
    data: Path = typer.Argument(..., metavar="ДАННЫЕ", help="Размеченный файл."),
    model: str = typer.Option(None, "--model", metavar="ФАЙЛ", help="Файл модели (по умолчанию встроенная)."),
    text_column: str = typer.Option(None, "--text-column", metavar="КОЛОНКА", help="Колонка с текстом."),
    label_column: str = typer.Option(None, "--label-column", metavar="КОЛОНКА", help="Колонка с меткой."),
    split: str = typer.Option("test", "--split", metavar="ЧАСТЬ",
                              help="Строки с этим split (если колонка есть) или all."),
    strip_ad_labels: bool = typer.Option(False, "--strip-ad-labels", help="Убрать пометки «Реклама», erid и т. п."),
    out_dir: Path = typer.Option(Path("reports"), "--out-dir", metavar="ПАПКА", help="Папка для JSON и PNG."),
) -> int:
    from classifier import actions
    from classifier.reports.tables import evaluation_text

    outcome = actions.evaluate_model(data, model, out_dir, text_column, label_column, split, strip_ad_labels)
    typer.echo(evaluation_text(outcome.evaluation, outcome.model))
    typer.echo(f"\nJSON: {outcome.json_path}\nКривая надёжности: {outcome.png_path}")
    return EXIT_OK


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so that it unwinds like Ctrl+C (temporary files removed)."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    """Console entry point: runs the app and turns every error into a Russian message.

    Without arguments it prints a short usage (the three most common commands) and exits 0.
    """
    args = sys.argv[1:] if argv is None else [str(a) for a in argv]
    if not args:
        typer.echo(SHORT_USAGE)
        return EXIT_OK
    with russian_messages():
        previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            return _run(args)
        finally:
            signal.signal(signal.SIGTERM, previous)


def _run(args: list[str]) -> int:
    try:
        code = app(args=args, prog_name="postcheck", standalone_mode=False)
        if code == 130:  # typer's answer to Ctrl+C
            typer.echo("postcheck: прервано.", err=True)
    except PostcheckError as err:
        typer.echo(f"postcheck: ошибка: {err}", err=True)
        code = EXIT_ERROR
    except (click.Abort, KeyboardInterrupt):
        typer.echo("postcheck: прервано.", err=True)
        code = 130
    except Terminated:
        typer.echo("postcheck: остановлено (SIGTERM).", err=True)
        code = 128 + signal.SIGTERM
    except click.exceptions.Exit as stop:
        code = stop.exit_code
    except click.ClickException as err:  # a usage error, already in Russian (cli_text)
        typer.echo(f"postcheck: ошибка: {err.format_message()}", err=True)
        where = err.ctx.command_path if getattr(err, "ctx", None) is not None else "postcheck"
        typer.echo(f"Справка: {where} --help", err=True)
        code = EXIT_ERROR
    except Exception as err:  # noqa: BLE001 - the user never sees a traceback
        if os.environ.get("POSTCHECK_DEBUG"):
            raise
        typer.echo(f"postcheck: внутренняя ошибка ({type(err).__name__}: {err}). "
                   "Запустите с POSTCHECK_DEBUG=1 и сообщите разработчикам.", err=True)
        code = 3
    return int(code or 0)
