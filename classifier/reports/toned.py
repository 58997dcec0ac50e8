"""Report text as toned pieces: drawn plain (tones dropped) or in colour (tones styled).

A tone says what a piece is, not how it looks: a verdict ("ok", "borderline", "rewrite"),
"error", "warn", "muted" or "strong". The colour renderer maps tones to styles.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    text: str
    tone: str | None = None


Line = list[Piece]


def plain_lines(lines: list[Line]) -> str:
    """The lines as plain text.

    >>> plain_lines([[Piece("Итого: "), Piece("2", "rewrite")], [Piece("готово  ", "muted")]])
    'Итого: 2\\nготово'
    """
    return "\n".join("".join(p.text for p in line).rstrip() for line in lines)
