"""The worker side: one scorer per Dask worker process, and scoring one partition with it.

:class:`ScorerPlugin` is registered once per run; Dask sends it (the model file's bytes and
the settings, a few hundred kilobytes) to every worker, also to one that joins or restarts
later, and its ``setup`` builds the scorer there once. A task carries only the plugin's
name: the scorer is looked up on the worker, never pickled with a task.
"""

from __future__ import annotations

import gc
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
from distributed import WorkerPlugin, get_worker

from classifier.actions import load_scorer
from classifier.batch import ADDED, GC_YOUNG
from classifier.errors import PostcheckError
from classifier.io.config import Config
from classifier.scoring.cells import Cell, CellScore, CellScorer

# The content plan's added columns, typed: the score a float, the reasons a list of signal ids.
ADDED_TYPES = dict(zip(ADDED, (pa.float64(), pa.string(), pa.list_(pa.string()), pa.string(), pa.string())))


@dataclass(frozen=True)
class ScorerSpec:
    """What a worker needs to build the same scorer as the driver."""

    model: bytes | None  # the model file as read by the driver; None: signals only
    config: Config
    threshold: float | None = None


class ScorerPlugin(WorkerPlugin):
    """Builds the scorer once when a worker starts (or when the plugin is registered).

    ``cells`` is the content plan's per-row scoring (:class:`CellScorer`): the same text
    gets the same outcome, errors included, whichever path scores it.
    """

    def __init__(self, spec: ScorerSpec) -> None:
        self.spec = spec
        self.cells: CellScorer | None = None
        self.lock = threading.Lock()  # a worker with several threads scores one partition at a time

    def setup(self, worker) -> None:  # noqa: ANN001 - a distributed Worker
        spec = self.spec
        with tempfile.TemporaryDirectory(dir=worker.local_directory) as folder:
            path = None
            if spec.model is not None:
                path = Path(folder) / "postcheck-model.npz"
                path.write_bytes(spec.model)
            self.cells = CellScorer(load_scorer(str(path) if path else None, spec.config, spec.threshold).scorer)
        # as in the content-plan path: scoring makes many short-lived containers
        thresholds = gc.get_threshold()
        gc.set_threshold(max(thresholds[0], GC_YOUNG), *thresholds[1:])

    def teardown(self, worker) -> None:  # noqa: ANN001
        self.cells = None

    def __getstate__(self) -> dict:  # the lock stays behind; each worker makes its own
        return {"spec": self.spec}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["spec"])


def score_partition(frame: pd.DataFrame, text_column: str, plugin: str) -> pd.DataFrame:
    """The partition with the ``postcheck_*`` columns added, scored by this worker's scorer."""
    loaded = get_worker().plugins.get(plugin)
    if not isinstance(loaded, ScorerPlugin) or loaded.cells is None:
        raise PostcheckError("на обработчике Dask нет модели postcheck (плагин не загрузился).")
    cells = [Cell(_text(value)) for value in frame[text_column].tolist()]
    with loaded.lock:
        scores = loaded.cells(cells)
    columns = {name: _arrow_series(values, ADDED_TYPES[name], frame.index)
               for name, values in zip(ADDED, zip(*map(_added_values, scores)) if scores else [[]] * len(ADDED))}
    return frame.assign(**columns)


def _added_values(cell: CellScore) -> tuple:
    """The added columns of one row; nulls where the row could not be scored."""
    marking = cell.marking_text if cell.scored else None
    return cell.score, cell.verdict, list(cell.signals), marking, cell.error


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
