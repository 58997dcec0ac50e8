"""Length-preserving normalisation of post text before analysis.

Every function here maps one character to exactly one character, so a character offset
in the normalised text is the same offset in the original. Reports slice the original
text with offsets found on the normalised one.

Two things are folded:

* ``ё`` to ``е`` (Russian writers use both, dictionaries and rules use ``е``);
* Latin and Greek look-alike letters inside Cyrillic words (chat spam writes ``cкидкa``
  with Latin ``c`` and ``a`` to slip past filters) to their Cyrillic twins.
"""

from __future__ import annotations

import re

_YO = str.maketrans({"ё": "е", "Ё": "Е"})

# Latin and Greek letters that look like a Cyrillic letter, in either case.
_CONFUSABLES = {
    # Latin
    "a": "а", "A": "А", "B": "В", "c": "с", "C": "С", "e": "е", "E": "Е", "H": "Н",
    "K": "К", "k": "к", "M": "М", "m": "м", "o": "о", "O": "О", "p": "р", "P": "Р",
    "T": "Т", "x": "х", "X": "Х", "y": "у", "Y": "У", "u": "и", "n": "п", "r": "г",
    "b": "ь",
    # Greek
    "α": "а", "Α": "А", "Β": "В", "ε": "е", "Ε": "Е", "Η": "Н", "κ": "к", "Κ": "К",
    "Μ": "М", "ο": "о", "Ο": "О", "ρ": "р", "Ρ": "Р", "τ": "т", "Τ": "Т", "χ": "х",
    "Χ": "Х", "γ": "у", "υ": "и", "π": "п",
}
_HOMOGLYPHS = str.maketrans(_CONFUSABLES)

# A run of letters and digits holding both a Cyrillic letter and a Latin or Greek one.
_CYR = "а-яА-ЯёЁ"
_FOREIGN = "a-zA-Z\u0370-\u03ff"
_MIXED_HINT = re.compile(f"[{_CYR}][{_FOREIGN}]|[{_FOREIGN}][{_CYR}]")
_WORD = re.compile(f"[{_CYR}{_FOREIGN}0-9]+")
_FOREIGN_LETTER = re.compile(f"[{_FOREIGN}]")
_CYR_LETTER = re.compile(f"[{_CYR}]")


def fold_yo(text: str) -> str:
    """Replace ё with е, keeping the case.

    >>> fold_yo("Ёлка ждёт")
    'Елка ждет'
    """
    return text.translate(_YO)


def _fix_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if not _CYR_LETTER.search(word) or not _FOREIGN_LETTER.search(word):
        return word
    foreign = _FOREIGN_LETTER.findall(word)
    if any(ch not in _CONFUSABLES for ch in foreign):
        return word  # a real Latin fragment such as "iPhone-чехол"
    return word.translate(_HOMOGLYPHS)


def unmask_homoglyphs(text: str) -> str:
    """Turn look-alike Latin/Greek letters inside Cyrillic words into Cyrillic.

    Words made only of Latin letters, and mixed words holding a Latin letter that has no
    Cyrillic twin, stay as they are.

    >>> unmask_homoglyphs("cкидкa 50% на iPhone")
    'скидка 50% на iPhone'
    """
    if not _MIXED_HINT.search(text):
        return text
    return _WORD.sub(_fix_word, text)

