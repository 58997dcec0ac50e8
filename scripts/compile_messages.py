"""Compile the Russian message catalogue (``postcheck.po``) into the ``postcheck.mo`` postcheck reads.

Run after editing the ``.po`` file: ``make messages``. The ``.mo`` is checked in, so an
installed postcheck needs no compiler; tests/test_messages.py fails when the two differ.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).resolve().parent.parent / "classifier" / "locale" / "ru" / "LC_MESSAGES" / "postcheck.po"


def compile_catalogue(po: Path = CATALOGUE) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file."""
    with po.open("rb") as fh:
        catalog = read_po(fh, locale="ru")
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def main() -> None:
    target = CATALOGUE.with_suffix(".mo")
    target.write_bytes(compile_catalogue())
    print(f"{target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target}")


if __name__ == "__main__":
    main()
