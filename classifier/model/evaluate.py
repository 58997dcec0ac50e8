"""Quality numbers for a model on labelled posts (imports scikit-learn; not used in scoring).

Per-class precision, recall and F1 at the model's ``rewrite`` threshold, ROC-AUC, PR-AUC
(average precision), the Brier score, the confusion matrix, a reliability curve (mean
predicted against observed junk share per score bin) and a breakdown per group (industry)
when the data has one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    confusion_matrix,
    precision_recall_fscore_support,
    roc_auc_score,
)


@dataclass
class ClassMetrics:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Evaluation:
    name: str
    n: int
    n_junk: int
    threshold: float
    junk: ClassMetrics
    value: ClassMetrics
    roc_auc: float | None
    pr_auc: float | None
    brier: float
    confusion: list[list[int]]  # rows: true value, true junk; columns: predicted value, junk
    reliability: list[dict] = field(default_factory=list)  # bins: lo, hi, n, weight, mean_score, junk_share
    groups: dict[str, dict] = field(default_factory=dict)
    calibration_error: float | None = None  # ECE in score points, on the (weighted) bins
    junk_share: float | None = None  # the share of junk the Brier score and bins are reweighted to

    def to_dict(self) -> dict:
        return asdict(self)


def reliability_bins(scores: np.ndarray, y: np.ndarray, bins: int = 10,
                     weights: np.ndarray | None = None) -> list[dict]:
    """Mean score and observed junk share (both 0-100) per score bin, optionally weighted."""
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
    edges = np.linspace(0, 100, bins + 1)
    out = []
    for i in range(bins):
        lo, hi = edges[i], edges[i + 1]
        mask = (scores >= lo) & ((scores < hi) if i < bins - 1 else (scores <= hi))
        if mask.any():
            out.append({"lo": float(lo), "hi": float(hi), "n": int(mask.sum()), "weight": float(w[mask].sum()),
                        "mean_score": round(float(np.average(scores[mask], weights=w[mask])), 2),
                        "junk_share": round(float(np.average(y[mask], weights=w[mask]) * 100), 2)})
    return out


def calibration_error(bins: list[dict]) -> float:
    """Expected calibration error, in score points: the weighted mean gap between a bin's
    mean score and its observed junk share."""
    total = sum(b["weight"] for b in bins)
    return round(sum(b["weight"] * abs(b["mean_score"] - b["junk_share"]) for b in bins) / total, 2) if total else 0.0


def prior_weights(labels: Sequence[bool], junk_share: float) -> np.ndarray:
    """Weights that make junk ``junk_share`` of the posts (the share the score is calibrated for).

    >>> prior_weights([True, False, False, False], 0.5).tolist()
    [2.0, 0.6666666666666666, 0.6666666666666666, 0.6666666666666666]
    """
    y = np.array([1 if x else 0 for x in labels])
    n, junk = len(y), int(y.sum())
    if junk in (0, n):
        return np.ones(n)
    return np.where(y == 1, junk_share * n / junk, (1 - junk_share) * n / (n - junk))


def _safe(metric, y: np.ndarray, s: np.ndarray) -> float | None:  # noqa: ANN001
    return round(float(metric(y, s)), 4) if len(set(y.tolist())) == 2 else None


def evaluate(name: str, scores: Sequence[float], labels: Sequence[bool], threshold: float,
             groups: Sequence[str] | None = None, junk_share: float | None = None) -> Evaluation:
    """Metrics of calibrated scores (0-100) against junk labels.

    With ``junk_share``, the Brier score, the reliability bins and the calibration error are
    computed with the posts reweighted to that share of junk: a score calibrated for a feed
    with 20% junk is checked against such a feed, not against the set's own share.
    """
    s = np.asarray(scores, dtype=float)
    y = np.array([1 if x else 0 for x in labels])
    w = prior_weights(labels, junk_share) if junk_share is not None else None
    pred = (s >= threshold).astype(int)
    p, r, f, sup = precision_recall_fscore_support(y, pred, labels=[0, 1], zero_division=0)
    result = Evaluation(
        name=name, n=len(y), n_junk=int(y.sum()), threshold=threshold,
        junk=ClassMetrics(round(float(p[1]), 4), round(float(r[1]), 4), round(float(f[1]), 4), int(sup[1])),
        value=ClassMetrics(round(float(p[0]), 4), round(float(r[0]), 4), round(float(f[0]), 4), int(sup[0])),
        roc_auc=_safe(roc_auc_score, y, s), pr_auc=_safe(average_precision_score, y, s),
        brier=round(float(brier_score_loss(y, s / 100.0, sample_weight=w)), 4),
        confusion=confusion_matrix(y, pred, labels=[0, 1]).tolist(),
        reliability=reliability_bins(s, y, weights=w), junk_share=junk_share,
    )
    result.calibration_error = calibration_error(result.reliability)
    if groups is not None:
        for group in sorted(set(groups)):
            mask = np.array([g == group for g in groups])
            gy, gs = y[mask], s[mask]
            gp = (gs >= threshold).astype(int)
            _, _, gf, _ = precision_recall_fscore_support(gy, gp, labels=[0, 1], zero_division=0)
            result.groups[group] = {
                "n": int(mask.sum()), "n_junk": int(gy.sum()),
                "accuracy": round(float((gp == gy).mean()), 4), "junk_f1": round(float(gf[1]), 4),
                "roc_auc": _safe(roc_auc_score, gy, gs),
            }
    return result


def plot_reliability(evaluations: Sequence[Evaluation], path: Path) -> None:
    """Reliability curve PNG: predicted score against observed junk share, per evaluation."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 5.5), dpi=110)
    ax.plot([0, 100], [0, 100], linestyle="--", color="grey", label="идеальная калибровка")
    for ev in evaluations:
        xs = [b["mean_score"] for b in ev.reliability]
        ys = [b["junk_share"] for b in ev.reliability]
        ax.plot(xs, ys, marker="o", label=f"{ev.name} (Brier {ev.brier:.3f})")
    ax.set_xlabel("Средняя оценка в корзине, баллы")
    ax.set_ylabel("Доля рекламы в корзине, %")
    ax.set_title("Кривая надёжности postcheck")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
