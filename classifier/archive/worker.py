"""The worker side: one scorer per Dask worker process, and scoring one partition with it.

:class:`ScorerPlugin` is registered once per run; Dask sends it (the model file's bytes and
the settings, a few hundred kilobytes) to every worker, also to one that joins or restarts
later, and its ``setup`` builds the scorer there once. A task carries only the plugin's
name: the scorer is looked up on the worker, never pickled with a task.
"""

from __future__ import annotations

import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
from distributed import WorkerPlugin, get_worker

from classifier import batch
from classifier.actions import load_scorer
from classifier.errors import PostcheckError
from classifier.io.config import Config
from classifier.scoring.scorer import Scorer

ADDED_TYPES = {
    "postcheck_score": pa.float64(),
    "postcheck_verdict": pa.string(),
    "postcheck_reasons": pa.list_(pa.string()),
    "postcheck_ad_marking": pa.string(),
    "postcheck_error": pa.string(),
}


@dataclass(frozen=True)
class ScorerSpec:
    """What a worker needs to build the same scorer as the driver."""

    model: bytes | None  # the model file as read by the driver; None: signals only
    config: Config
    threshold: float | None = None


class ScorerPlugin(WorkerPlugin):
    """Builds the scorer once when a worker starts (or when the plugin is registered)."""

    def __init__(self, spec: ScorerSpec) -> None:
        self.spec = spec
        self.scorer: Scorer | None = None
        self.lock = threading.Lock()  # a worker with several threads scores one partition at a time

    def setup(self, worker) -> None:  # noqa: ANN001 - a distributed Worker
        spec = self.spec
        with tempfile.TemporaryDirectory(dir=worker.local_directory) as folder:
            path = None
            if spec.model is not None:
                path = Path(folder) / "postcheck-model.npz"
                path.write_bytes(spec.model)
            self.scorer = load_scorer(str(path) if path else None, spec.config, spec.threshold).scorer

    def teardown(self, worker) -> None:  # noqa: ANN001
        self.scorer = None

    def __getstate__(self) -> dict:  # the lock stays behind; each worker makes its own
        return {"spec": self.spec}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["spec"])


def score_partition(frame: pd.DataFrame, text_column: str, plugin: str) -> pd.DataFrame:
    """The partition with the ``postcheck_*`` columns added, scored by this worker's scorer."""
    loaded = get_worker().plugins.get(plugin)
    if not isinstance(loaded, ScorerPlugin) or loaded.scorer is None:
        raise PostcheckError("на обработчике Dask нет модели postcheck (плагин не загрузился).")
    texts = [_text(value) for value in frame[text_column].tolist()]
    with loaded.lock:
        outcomes = _score_texts(loaded.scorer, texts)
    added = {
        "postcheck_score": [o.score for o in outcomes],
        "postcheck_verdict": [o.verdict for o in outcomes],
        "postcheck_reasons": [o.signals for o in outcomes],
        "postcheck_ad_marking": [o.marking for o in outcomes],
        "postcheck_error": [o.error for o in outcomes],
    }
    columns = {name: _arrow_series(values, ADDED_TYPES[name], frame.index) for name, values in added.items()}
    return frame.assign(**columns)


def empty_added(frame: pd.DataFrame) -> pd.DataFrame:
    """The dataframe's meta with the added columns: what :func:`score_partition` returns."""
    columns = {name: _arrow_series([], kind, frame.index[:0]) for name, kind in ADDED_TYPES.items()}
    return frame.iloc[:0].assign(**columns)


def _text(value: object) -> str:
    """A cell as text; a null (None, NaN, pd.NA) is an empty text, which the batch path reports."""
    if isinstance(value, str):
        return value
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _arrow_series(values: list, kind: pa.DataType, index: pd.Index) -> pd.Series:
    return pd.Series(pd.arrays.ArrowExtensionArray(pa.array(values, type=kind)), index=index)


# --- temporary adapter, replaced by the batch path's named row outcomes ---------------------
@dataclass
class _Outcome:
    score: float | None
    verdict: str | None
    signals: list[str]
    marking: str | None
    error: str | None


def _score_texts(scorer: Scorer, texts: list[str]) -> list[_Outcome]:
    batch._WORKER = (scorer, True)
    try:
        packed = batch._score_chunk([(t, None) for t in texts])
    finally:
        batch._WORKER = None
    out = []
    for p in packed:
        if len(p) == 1:
            out.append(_Outcome(None, None, [], None, p[0]))
        else:
            score, verdict, _, marking, result = p
            junk = [r.signal for r in result.junk_reasons[:3]]
            value = [r.signal for r in result.value_reasons[:2]]
            out.append(_Outcome(score, verdict, junk + value, batch.MARKING_TEXT[marking], None))
    return out
