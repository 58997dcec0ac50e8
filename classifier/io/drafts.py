"""Read drafts: .txt and .md files, or standard input, in any usual encoding.

Markdown markup (heading marks, emphasis, link brackets, code fences) is replaced by
spaces of the same length, so it is not counted as text while every character offset
still points into the file as the user wrote it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from classifier.errors import InputError
from classifier.io.encoding import decode
from classifier.language.numerals import count, number
from classifier.scoring.scorer import MAX_TEXT_CHARS

MAX_CHARS = MAX_TEXT_CHARS  # a post is a few thousand characters; beyond this only the start is scored


@dataclass
class Draft:
    source: str  # file name as given, or "-" for standard input
    text: str  # what is scored (Markdown masked, size capped)
    original: str  # the file's text as written
    encoding: str
    warnings: list[str] = field(default_factory=list)


STDIN = "-"
STDIN_LABEL = "стандартный ввод"
# Spreadsheets postcheck does not read: the user should save them in a format it does.
OTHER_SPREADSHEETS = (".xls", ".xlsm", ".xlsb", ".ods", ".numbers")


def source_label(name: str) -> str:
    """A draft's source as people read it.

    >>> source_label("-"), source_label("пост.txt")
    ('стандартный ввод', 'пост.txt')
    """
    return STDIN_LABEL if name == STDIN else name


def read_draft(name: str) -> Draft:
    """Read one draft; InputError with a Russian message when it cannot be used."""
    if name == STDIN:
        data = sys.stdin.buffer.read()
        path = None
    else:
        path = Path(name)
        if path.suffix.lower() in OTHER_SPREADSHEETS:
            raise InputError(f"{name}: таблицы {path.suffix.lower()} postcheck не читает. Сохраните её как .xlsx "
                             "или .csv («Файл → Сохранить как») и проверьте снова.")
        if not path.exists():
            raise InputError(f"{name}: файл не найден.")
        if path.is_dir():
            raise InputError(f"{name}: это папка. Укажите файл поста (.txt или .md).")
        try:
            data = path.read_bytes()
        except OSError as err:
            raise InputError(f"{name}: не удалось прочитать файл ({err.strerror}).") from None
    label = source_label(name)
    decoded = decode(data, label)
    original = decoded.text
    if not original.strip():
        if path is None:
            raise InputError(f"{label}: пусто — на вход не пришло текста поста.")
        raise InputError(f"{label}: файл пустой — в нём нет текста поста.")
    warnings = []
    if decoded.encoding != "UTF-8":
        warnings.append(f"Файл прочитан в кодировке {decoded.encoding} (не UTF-8): проверьте, что текст "
                        "ниже выглядит правильно.")
    text = original
    if len(text) > MAX_CHARS:
        warnings.append(f"Файл очень большой ({count(len(text), 'символ', 'символа', 'символов')}): "
                        f"оценены первые {number(MAX_CHARS)}.")
        text = text[:MAX_CHARS]
    if path is not None and path.suffix.lower() in (".md", ".markdown"):
        text = mask_markdown(text)
    return Draft(name, text, original, decoded.encoding, warnings)


_FENCE = re.compile(r"^(```|~~~).*$", re.MULTILINE)
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?= )", re.MULTILINE)
_QUOTE = re.compile(r"^ {0,3}(>+)", re.MULTILINE)
# Each pattern stops scanning at the next bracket or delimiter of its own kind, so masking takes
# time in proportion to the text (a run of «[» or «*a *a *a…» used to take quadratic time).
_LINK = re.compile(r"(!?\[)([^\[\]\n]*)(\]\()([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(\))")  # (a_(b)) too
_EMPHASIS = [re.compile(rf"({mark})(?=\S)([^{char}\n]+?)(?<=\S){mark}")
             for mark, char in ((r"\*\*", r"*"), ("__", "_"), (r"\*", r"*"), ("_", "_"), ("~~", "~"), ("`", "`"))]


def mask_markdown(text: str) -> str:
    """Replace Markdown markup with spaces, keeping the length.

    >>> mask_markdown("## Совет\\n**Важно**: [тут](https://x.ru)")
    '   Совет\\n  Важно  :  тут  https://x.ru '
    """
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    for m in _FENCE.finditer(text):
        blank(m.start(), m.end())
    for pattern in (_HEADING, _QUOTE):
        for m in pattern.finditer(text):
            blank(m.start(1), m.end(1))
    for m in _LINK.finditer(text):
        blank(m.start(1), m.end(1))
        blank(m.start(3), m.end(3))
        blank(m.start(5), m.end(5))
    for pattern in _EMPHASIS:
        for m in pattern.finditer(text):
            if m.group(1) == "_" and _inside_word(text, m.start(), m.end()):
                continue  # snake_case_words are not emphasis
            blank(m.start(1), m.end(1))
            blank(m.end(2), m.end())
    return "".join(chars)


def _inside_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or after.isalnum()
