"""Check where a run will write, before it reads or scores anything.

A scored table (``-o``/``--in-place``) and an HTML report (``--report``) must not land on
the input, on each other, in a missing or read-only folder, or on a folder: each case is
refused with a Russian message, so a long run never fails at its very end and never
replaces what the user gave.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from classifier.errors import InputError
from classifier.io.writers import OUTPUT_SUFFIXES, output_kind

REPORT_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class Outputs:
    """Where a scored plan goes: the table (None: not written) and the HTML report."""

    table: Path | None = None
    report: Path | None = None


def check_outputs(source: Path, output: Path | None = None, in_place: bool = False,
                  report: Path | None = None) -> Outputs:
    """The checked output paths of scoring ``source``; InputError when one cannot be used.

    >>> check_outputs(Path("plan.csv"), report=Path("plan.csv"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    classifier.errors.InputError: plan.csv: это входная таблица — отчёт её заменил бы...
    """
    source = Path(source)
    if in_place:
        if output is not None and not _same(Path(output), source):
            raise InputError("укажите либо -o/--output, либо --in-place, но не оба.")
        output = source
    elif output is not None and _same(Path(output), source):
        raise InputError(f"{output}: это входной файл. Чтобы перезаписать его, добавьте --in-place.")
    if output is not None:
        output = Path(output)
        _check_target(output)
        if output_kind(output) is None:
            raise InputError(f"{output}: результат можно записать в {', '.join(OUTPUT_SUFFIXES)}.")
    if report is not None:
        report = Path(report)
        if _same(report, source):
            raise InputError(f"{report}: это входная таблица — отчёт её заменил бы. "
                             "Укажите другой файл, например отчёт.html.")
        if output is not None and _same(report, output):
            raise InputError(f"{report}: сюда уже записывается оценённая таблица (-o). Укажите для отчёта "
                             "другой файл, например отчёт.html.")
        _check_target(report)
        if report.suffix.lower() not in REPORT_SUFFIXES:
            raise InputError(f"{report}: отчёт — это страница HTML, укажите файл .html (например, отчёт.html).")
    return Outputs(output, report)


def _same(a: Path, b: Path) -> bool:
    """The same file: the same path after resolving links, or the same existing file."""
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _check_target(path: Path) -> None:
    if path.is_dir():
        raise InputError(f"{path}: это папка, укажите имя файла.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: папки {folder} нет.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"{path}: в папку {folder} нельзя записывать (нет прав).")
