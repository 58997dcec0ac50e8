"""Score an archive of millions of posts on a Dask cluster (``postcheck archive``).

The archive (Parquet, CSV or JSONL) becomes a Dask dataframe; every partition is scored on
a worker by the same per-row path as a content plan (:mod:`classifier.batch`), with one
scorer per worker process, and written as Parquet to a temporary folder that is renamed
into place at the end. Dask and pyarrow come with the optional extra ``postcheck[dask]``.
"""

from __future__ import annotations

from importlib.util import find_spec

from classifier.errors import PostcheckError

EXTRA_MODULES = ("dask", "distributed", "pandas", "pyarrow")


class MissingExtra(PostcheckError):
    """Dask or pyarrow is not installed."""


def require_dask() -> None:
    """Raise a Russian message naming what to install when the ``dask`` extra is missing."""
    missing = [name for name in EXTRA_MODULES if find_spec(name) is None]
    if missing:
        raise MissingExtra(
            "для команды archive нужны Dask и pyarrow (нет: " + ", ".join(missing) + "). "
            "Установите дополнение: pip install 'postcheck[dask]'."
        )
