"""Find the column a user meant: by the name they gave, or by a list of usual names."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from classifier.errors import InputError


def _key(name: str) -> str:
    return name.strip().lower().replace("ё", "е")


def find_column(
    columns: Sequence[str],
    wanted: str | None,
    usual: Sequence[str],
    path: Path | str,
    what: str,
    option: str = "--column",
) -> int:
    """Index of the column named ``wanted`` or, if None, of the first usual name found.

    Names compare case-insensitively. The error lists the columns the file has and names
    ``option``, the command's own option for choosing the column.

    >>> find_column(["ID", "Текст поста", "Текст"], None, ("text", "текст"), "plan.csv", "текстом")
    2
    """
    keys = [_key(c) for c in columns]
    if wanted is not None:
        if _key(wanted) in keys:
            return keys.index(_key(wanted))
        raise InputError(f"{path}: нет колонки «{wanted}». Колонки в файле: {_listing(columns)}.")
    for name in usual:
        if _key(name) in keys:
            return keys.index(_key(name))
    for name in usual:  # a looser match: «Текст поста», «post_text»
        for i, key in enumerate(keys):
            if name in key.replace("_", " ").split():
                return i
    raise InputError(
        f"{path}: не нашлась колонка с {what}. Колонки в файле: {_listing(columns)}. "
        f"Укажите нужную явно: {option} «{columns[0] if columns else 'название'}»."
    )


def _listing(columns: Sequence[str]) -> str:
    return ", ".join(f"«{c}»" for c in columns) if columns else "(нет ни одной)"


GENERATED = "колонка_{}"  # the name of a column without a header, by its number (1-based)


def unique_names(header: Sequence[str], width: int) -> list[str]:
    """Names for ``width`` columns: the header as written, made unique and complete.

    A column without a name (an empty header cell, or cells beyond the header) is called
    «колонка_N», N being its number; a repeated name gets «_2», «_3»... in order.

    >>> unique_names(["id", "text", "TEXT", ""], 5)
    ['id', 'text', 'TEXT_2', 'колонка_4', 'колонка_5']
    """
    names = [h.strip() if i < len(header) else "" for i, h in enumerate([*header, *[""] * width][:width])]
    taken: set[str] = set()
    out = []
    for i, name in enumerate(names):
        base = name or GENERATED.format(i + 1)
        candidate, n = base, 1
        while _key(candidate) in taken or (not name and _key(candidate) in map(_key, names[i + 1:])):
            n += 1
            candidate = f"{base}_{n}"
        taken.add(_key(candidate))
        out.append(candidate)
    return out
