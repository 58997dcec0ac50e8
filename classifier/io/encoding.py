"""Decode the bytes of a user's file: UTF-8 (with or without BOM), UTF-16, cp1251.

Russian users save text from Word, Excel and old Windows editors, so cp1251 and UTF-16
are common. Decoding never guesses silently: the caller learns which encoding was used.
"""

from __future__ import annotations

from dataclasses import dataclass

from classifier.errors import InputError


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a name a user recognises: "UTF-8", "UTF-8 с BOM", "UTF-16", "cp1251"


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside a UTF-16 text, or many control characters, mean a binary file."""
    sample = data[:4096]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(sample) and controls / len(sample) > 0.1


def decode(data: bytes, name: str = "файл") -> Decoded:
    """Decode text bytes, trying UTF-8, UTF-16 (by BOM) and cp1251 in that order.

    >>> decode("Скидка".encode("cp1251")).encoding
    'cp1251'
    >>> decode("\\ufeffПривет".encode("utf-8"))
    Decoded(text='Привет', encoding='UTF-8 с BOM')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(_strict(data[3:], "utf-8", name), "UTF-8 с BOM")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(_strict(data, "utf-16", name), "UTF-16")
    if looks_binary(data):
        raise InputError(f"{name}: это двоичный файл, а не текст. Сохраните пост как .txt или .md.")
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    text = _strict(data, "cp1251", name)
    if not _mostly_readable(text):
        raise InputError(
            f"{name}: не удалось определить кодировку (не UTF-8, не UTF-16 и не похоже на "
            "cp1251). Пересохраните файл в UTF-8."
        )
    return Decoded(text, "cp1251")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name}: байты в позиции {err.start} не читаются как {encoding}. "
            "Пересохраните файл в UTF-8."
        ) from None


def _mostly_readable(text: str) -> bool:
    """cp1251 decodes any byte; real Russian text in it is mostly letters and spaces."""
    if not text:
        return True
    sample = text[:4000]
    good = sum(1 for ch in sample if ch.isalnum() or ch.isspace() or ch in ".,!?-—:;«»\"'()%№#@/+*")
    return good / len(sample) > 0.85
