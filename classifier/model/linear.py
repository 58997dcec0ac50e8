"""The fitted junk model as plain numpy: feature blocks, weights, calibration, thresholds.

A post's decision value is a sum of per-feature contributions (weight times feature
value) plus an intercept; the calibrated probability of junk is
``sigmoid(a * decision + b)``. Because the decision is a sum, every part of a score can
be traced back to features, and the features to spans of the text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from classifier.features.analysis import AnalysedPost
from classifier.features.vectorize import DenseBlock, NgramBlock, Rows


def sigmoid(x: np.ndarray | float) -> np.ndarray | float:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -35, 35)))


def logistic(x: float) -> float:
    """Scalar logistic function (math, not numpy: it runs for every reason of every post)."""
    x = max(-35.0, min(35.0, float(x)))
    return 1.0 / (1.0 + math.exp(-x))


@dataclass
class Thresholds:
    """Score cut-offs (0-100): below ``ok`` is fine, from ``rewrite`` up needs a rewrite."""

    ok: float
    rewrite: float

    def verdict(self, score: float) -> str:
        if score >= self.rewrite:
            return "rewrite"
        if score >= self.ok:
            return "borderline"
        return "ok"


def ceiling(rewrite: float) -> float:
    """The highest score a post without a push may have: just below `rewrite`.

    >>> ceiling(55.0)
    54.9
    """
    return round(rewrite - 0.1, 1)


def gated(scores: np.ndarray, opens: np.ndarray, floored: np.ndarray, rewrite: float) -> np.ndarray:
    """Scores as the gate and the floor leave them (classifier.scoring.selling says when each
    applies): without a push (``opens`` false) at most :func:`ceiling`; ``floored`` at least
    ``rewrite``.

    >>> gated(np.array([97.3, 12.0, 20.0]), np.array([False, True, True]), np.array([False, False, True]), 55.0)
    array([54.9, 12. , 55. ])
    """
    scores = np.where(opens, scores, np.minimum(scores, ceiling(rewrite)))
    return np.where(floored, np.maximum(scores, rewrite), scores)


@dataclass
class Contributions:
    """One post's decision, split by feature: block name -> (feature indices, contributions)."""

    parts: dict[str, tuple[np.ndarray, np.ndarray]]
    intercept: float

    @property
    def decision(self) -> float:
        return self.intercept + float(sum(v.sum() for _, v in self.parts.values()))


@dataclass
class JunkModel:
    lemmas: NgramBlock | None
    chars: NgramBlock | None
    dense: DenseBlock | None
    lemma_coef: np.ndarray
    char_coef: np.ndarray
    dense_coef: np.ndarray
    intercept: float
    calibration: tuple[float, float]  # a, b of sigmoid(a * decision + b)
    thresholds: Thresholds
    meta: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.meta.get("name", "postcheck"))

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "?"))

    def transform(self, posts: Sequence[AnalysedPost]) -> Features:
        """Feature values of many posts, block by block."""
        return Features(
            lemmas=self.lemmas.transform(posts) if self.lemmas is not None else None,
            chars=self.chars.transform(posts) if self.chars is not None else None,
            dense=self.dense.transform(posts) if self.dense is not None else None,
            n=len(posts),
        )

    def decision(self, features: Features) -> np.ndarray:
        """Decision values of many posts at once (vectorised per block)."""
        total = np.full(features.n, self.intercept, dtype=np.float64)
        if features.lemmas is not None:
            total += features.lemmas.dot(self.lemma_coef)
        if features.chars is not None:
            total += features.chars.dot(self.char_coef)
        if features.dense is not None and features.n:
            total += features.dense @ self.dense_coef
        return total

    def probability(self, decision: np.ndarray | float) -> np.ndarray | float:
        a, b = self.calibration
        return sigmoid(a * np.asarray(decision) + b)

    def scores(self, posts: Sequence[AnalysedPost]) -> np.ndarray:
        """Calibrated probability of junk, 0-100, for many posts."""
        return 100.0 * self.probability(self.decision(self.transform(posts)))

    def contributions(self, features: Features, i: int) -> Contributions:
        """Per-feature contributions to the decision value of post ``i``."""
        parts: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for name, rows, coef in (("lemma", features.lemmas, self.lemma_coef),
                                 ("char", features.chars, self.char_coef)):
            if rows is not None:
                idx, val = rows.row(i)
                parts[name] = (idx, val * coef[idx])
        if features.dense is not None:
            values = features.dense[i] * self.dense_coef
            parts["dense"] = (np.arange(len(values)), values)
        return Contributions(parts, self.intercept)


@dataclass
class Features:
    lemmas: Rows | None
    chars: Rows | None
    dense: np.ndarray | None
    n: int
