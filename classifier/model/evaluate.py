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
    reliability: list[dict] = field(default_factory=list)  # bins: lo, hi, n, mean_score, junk_share
    groups: dict[str, dict] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def reliability_bins(scores: np.ndarray, y: np.ndarray, bins: int = 10) -> list[dict]:
    edges = np.linspace(0, 100, bins + 1)
    out = []
    for i in range(bins):
        lo, hi = edges[i], edges[i + 1]
        mask = (scores >= lo) & ((scores < hi) if i < bins - 1 else (scores <= hi))
        if mask.any():
            out.append({"lo": float(lo), "hi": float(hi), "n": int(mask.sum()),
                        "mean_score": round(float(scores[mask].mean()), 2),
                        "junk_share": round(float(y[mask].mean() * 100), 2)})
    return out


def _safe(metric, y: np.ndarray, s: np.ndarray) -> float | None:  # noqa: ANN001
    return round(float(metric(y, s)), 4) if len(set(y.tolist())) == 2 else None


def evaluate(name: str, scores: Sequence[float], labels: Sequence[bool], threshold: float,
             groups: Sequence[str] | None = None) -> Evaluation:
    """Metrics of calibrated scores (0-100) against junk labels."""
    s = np.asarray(scores, dtype=float)
    y = np.array([1 if x else 0 for x in labels])
    pred = (s >= threshold).astype(int)
    p, r, f, sup = precision_recall_fscore_support(y, pred, labels=[0, 1], zero_division=0)
    result = Evaluation(
        name=name, n=len(y), n_junk=int(y.sum()), threshold=threshold,
        junk=ClassMetrics(round(float(p[1]), 4), round(float(r[1]), 4), round(float(f[1]), 4), int(sup[1])),
        value=ClassMetrics(round(float(p[0]), 4), round(float(r[0]), 4), round(float(f[0]), 4), int(sup[0])),
        roc_auc=_safe(roc_auc_score, y, s), pr_auc=_safe(average_precision_score, y, s),
        brier=round(float(brier_score_loss(y, s / 100.0)), 4),
        confusion=confusion_matrix(y, pred, labels=[0, 1]).tolist(),
        reliability=reliability_bins(s, y),
    )
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
