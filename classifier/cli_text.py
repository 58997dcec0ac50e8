"""Russian for the words the command-line library prints itself: help headings and errors.

typer writes its help headings and usage errors in English; the help is translated when it
is built, and an error message is translated by :func:`error_message` before it is shown.
"""

from __future__ import annotations

import re

HELP_WORDS = (
    ("Usage: ", "Использование: "),
    ("[OPTIONS]", "[ПАРАМЕТРЫ]"),
    ("COMMAND [ARGS]...", "КОМАНДА [АРГУМЕНТЫ]..."),
    ("Options:", "Параметры:"),
    ("Commands:", "Команды:"),
    ("Arguments:", "Аргументы:"),
    ("Show this message and exit.", "Показать эту справку и выйти."),
    ("[required]", "[обязательно]"),
    ("[default: ", "[по умолчанию: "),
    ("<list[Path]>", ""),
    ("<list[str]>", ""),
    ("<path>", "<путь>"),
    ("<str>", "<текст>"),
    ("<float>", "<число>"),
    ("<int>", "<целое>"),
    ("<integer>", "<целое>"),
    ("<boolean>", ""),
)

ERRORS = (
    (r"\(Possible options: (.+)\)", r"(возможно, вы имели в виду: \1)"),
    (r"Did you mean (.+)\?", r"возможно, вы имели в виду \1?"),
    (r"No such option: ([^ ]+)", r"нет такого параметра: \1"),
    (r"No such command '?(.+?)'?\.?$", r"нет такой команды: \1"),
    (r"Got unexpected extra arguments? ?\(?s?\)? \((.+)\)", r"лишние аргументы: \1"),
    (r"Missing argument '?(.+?)'?\.?$", r"не указан аргумент \1"),
    (r"Missing option '?(.+?)'?\.?$", r"не указан обязательный параметр \1"),
    (r"Option '?(.+?)'? requires an argument\.?", r"параметру \1 нужно значение"),
    (r"Option '?(.+?)'? requires (\d+) arguments\.?", r"параметру \1 нужно значений: \2"),
    (r"Invalid value for (.+?): '?(.+?)'? is not a valid (float|integer|number)\.?",
     r"неверное значение \1: «\2» — не число"),
    (r"Invalid value for (.+?): Input should be a valid (number|integer).*", r"неверное значение \1: нужно число"),
    (r"Invalid value for (.+?): (.+?) is not in the range (.+)\.?", r"неверное значение \1: \2 вне диапазона \3"),
    (r"Invalid value for (.+?): (.+)", r"неверное значение \1: \2"),
    (r"Missing command\.?", "не указана команда"),
)


def translate_help(text: str) -> str:
    for english, russian in HELP_WORDS:
        text = text.replace(english, russian)
    return text


def error_message(message: str) -> str:
    """A typer/click usage error in Russian (unknown messages pass through unchanged).

    >>> error_message("No such option: --foo")
    'нет такого параметра: --foo'
    """
    for pattern, russian in ERRORS:
        message = re.sub(pattern, russian, message, count=1)
    return message
