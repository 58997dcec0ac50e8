"""Numbers in Russian text for people: the decimal comma, spaced thousands, plural agreement.

Machine outputs (JSON, CSV cells) keep their own number format; these helpers are for what
a person reads: reports, summaries, messages.
"""

from __future__ import annotations

THOUSANDS = "\u00a0"  # a no-break space: «12 345» never breaks across lines


def plural_form(n: int, one: str, few: str, many: str) -> str:
    """The noun form that agrees with ``n``: one (1, 21), few (2-4, 22-24) or many (0, 5-20, 25).

    >>> [plural_form(n, "строка", "строки", "строк") for n in (1, 3, 5, 11, 21, 22, 111, 0)]
    ['строка', 'строки', 'строк', 'строк', 'строка', 'строки', 'строк', 'строк']
    """
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def count(n: int, one: str, few: str, many: str) -> str:
    """A whole number with its noun in agreement.

    >>> count(1, "строка", "строки", "строк"), count(21, "пост", "поста", "постов")
    ('1 строка', '21 пост')
    >>> count(12500, "строка", "строки", "строк")
    '12\\xa0500 строк'
    """
    return f"{number(n)} {plural_form(n, one, few, many)}"


def number(value: float, digits: int = 0) -> str:
    """A number as Russian text: decimal comma, thousands split by a no-break space.

    >>> number(0.2, 1), number(1234567), number(-3.25, 2), number(87.0, 1)
    ('0,2', '1\\xa0234\\xa0567', '-3,25', '87,0')
    """
    text = f"{value:,.{digits}f}"
    return text.replace(",", THOUSANDS).replace(".", ",")


def short_number(value: float, digits: int = 1) -> str:
    """A number with at most ``digits`` decimals and no trailing zeros.

    >>> short_number(39.0), short_number(65.5), short_number(0.25, 2), short_number(66.04)
    ('39', '65,5', '0,25', '66')
    """
    text = number(value, digits)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def fractional_form(value: float, one: str, few: str, many: str) -> str:
    """The noun form after a number as written: a fraction takes the genitive singular (few).

    >>> [fractional_form(v, "балл", "балла", "баллов") for v in (1, 2.5, 5, 21)]
    ['балл', 'балла', 'баллов', 'балл']
    """
    if round(value) != value:
        return few
    return plural_form(int(value), one, few, many)
