"""Write a file whole or not at all: a temporary file beside the target, renamed at the end.

A run that fails, is interrupted (Ctrl+C, SIGTERM) or is stopped by an error leaves neither
half a file nor a stray temporary one: the temporary file is removed on every exit path and
the target, if it existed, is untouched. The new file gets the mode of the file it replaces
(so ``--in-place`` keeps the input's permissions), or the usual mode for a new file (0666
less the umask), not the 0600 of a temporary file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

from classifier.errors import InputError


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path to write to; it replaces ``path`` when the block ends without error.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with atomic_path(folder / "отчёт.html") as tmp:
    ...     _ = tmp.write_text("<p>готово</p>", encoding="utf-8")
    >>> sorted(p.name for p in folder.iterdir())
    ['отчёт.html']
    """
    tmp = create_temporary(Path(path))
    try:
        yield tmp
        commit(tmp, Path(path))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def create_temporary(path: Path) -> Path:
    """An empty new file beside ``path`` (a hidden name ending in .tmp), created with the mode
    ``path`` has, or with 0666 less the umask."""
    folder = path.parent if str(path.parent) else Path(".")
    mode = _mode_of(path)
    for _ in range(100):
        tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as err:
            raise InputError(f"{path}: не удалось создать файл в папке {folder} ({err.strerror}).") from None
        try:
            if mode is not None:
                os.fchmod(fd, mode)
        finally:
            os.close(fd)
        return tmp
    raise InputError(f"{path}: не удалось создать временный файл в папке {folder}.")


def commit(tmp: Path, path: Path) -> None:
    """Move the finished temporary file into place."""
    try:
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise InputError(f"{path}: не удалось записать файл ({err.strerror}).") from None


def write_text(path: Path, text: str) -> None:
    """Write a UTF-8 text file whole (see :func:`atomic_path`)."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None  # a new file: os.open applied the umask to 0666
