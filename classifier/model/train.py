"""Train the junk model (imports scikit-learn; never used when scoring).

1. Cross-validation grouped by brand (a brand's posts never sit on both sides) picks the
   regularisation strength C and gives out-of-fold decision values for every post.
2. Platt scaling on the out-of-fold decisions calibrates probabilities.
3. Two thresholds are read off the calibrated out-of-fold scores (see
   :func:`choose_thresholds`).
4. The pipeline is refit on all posts and exported as a numpy-only :class:`JunkModel`.

Everything is seeded and ordered, so training twice on the same data gives the same model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline

from classifier.features.analysis import AnalysedPost
from classifier.model.estimators import PostFeatures
from classifier.model.linear import JunkModel, Thresholds

C_GRID = (3.0, 10.0, 30.0, 100.0)
DENSE_WEIGHTS = (0.05, 0.1, 0.2)
OK_MAX_JUNK_SHARE = 0.01  # at most this share of junk posts may score below «ok»
F1_TOLERANCE = 0.005


@dataclass
class TrainSettings:
    c_grid: Sequence[float] = C_GRID
    dense_weights: Sequence[float] = DENSE_WEIGHTS
    folds: int = 5
    seed: int = 0
    features: dict = field(default_factory=dict)  # PostFeatures parameters


@dataclass
class Trained:
    model: JunkModel
    pipeline: Pipeline
    oof_scores: np.ndarray  # calibrated out-of-fold scores, 0-100
    cv: dict[str, float]  # out-of-fold ROC-AUC per "C=..,dense=.." setting


def make_pipeline(c: float, seed: int, features: dict) -> Pipeline:
    return Pipeline([
        ("features", PostFeatures(**features)),
        ("clf", LogisticRegression(C=c, solver="liblinear", class_weight="balanced",
                                   max_iter=2000, random_state=seed)),
    ])


def _splits(y: np.ndarray, groups: Sequence[str] | None, folds: int, seed: int) -> list:
    if groups is not None and len(set(groups)) >= folds:
        return list(GroupKFold(n_splits=folds).split(np.zeros(len(y)), y, groups))
    folds = max(2, min(folds, int(np.bincount(y).min())))
    return list(StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y))


def out_of_fold(
    posts: Sequence[AnalysedPost], y: np.ndarray, splits: list, settings: TrainSettings
) -> dict[tuple[float, float], np.ndarray]:
    """Out-of-fold decision values for every (C, dense weight) setting.

    Features are fitted once per fold; the dense weight only rescales the dense columns,
    so the grid costs one logistic regression per setting and fold.
    """
    grid = [(c, w) for c in settings.c_grid for w in settings.dense_weights]
    if not PostFeatures(**settings.features).use_dense:
        grid = [(c, 1.0) for c in settings.c_grid]
    oof = {g: np.zeros(len(y)) for g in grid}
    for train_idx, test_idx in splits:
        feats = PostFeatures(**{**settings.features, "dense_weight": 1.0})
        x_train = feats.fit_transform([posts[i] for i in train_idx]).tocsc()
        x_test = feats.transform([posts[i] for i in test_idx]).tocsc()
        n_dense = len(feats.dense_.names) if feats.dense_ is not None else 0
        for c, w in grid:
            scale = np.ones(x_train.shape[1])
            if n_dense:
                scale[-n_dense:] = w
            clf = make_pipeline(c, settings.seed, settings.features).named_steps["clf"]
            clf.fit(x_train @ sp.diags(scale), y[train_idx])
            oof[(c, w)][test_idx] = clf.decision_function(x_test @ sp.diags(scale))
    return oof


def platt(decision: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Fit p = sigmoid(a * decision + b) to labels (Platt scaling)."""
    lr = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    lr.fit(decision.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def calibrated(decision: np.ndarray, calibration: tuple[float, float]) -> np.ndarray:
    a, b = calibration
    return 100.0 / (1.0 + np.exp(-np.clip(a * decision + b, -35, 35)))


def choose_thresholds(scores: np.ndarray, y: np.ndarray) -> Thresholds:
    """Thresholds read off held-out (out-of-fold) scores.

    ``rewrite``: the highest integer score whose junk F1 is within ``F1_TOLERANCE`` of the
    best, i.e. the fewest false alarms at no real cost in F1. ``ok``: the highest score
    below which at most ``OK_MAX_JUNK_SHARE`` of the junk posts fall.
    """
    f1 = {}
    for t in range(5, 96):
        pred = scores >= t
        tp = float(np.sum(pred & (y == 1)))
        denominator = pred.sum() + (y == 1).sum()
        f1[t] = 2 * tp / denominator if denominator else 0.0
    best = max(f1.values())
    rewrite = float(max(t for t, v in f1.items() if v >= best - F1_TOLERANCE))
    junk_scores = scores[y == 1]
    ok = float(np.floor(np.percentile(junk_scores, 100 * OK_MAX_JUNK_SHARE))) if len(junk_scores) else rewrite / 2
    return Thresholds(ok=max(1.0, min(ok, rewrite - 1)), rewrite=rewrite)


def _brier(scores: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((scores / 100.0 - y) ** 2))


def train(
    posts: Sequence[AnalysedPost],
    labels: Sequence[bool],
    groups: Sequence[str] | None = None,
    settings: TrainSettings | None = None,
    meta: dict | None = None,
) -> Trained:
    """Fit the model; see the module docstring for the steps."""
    settings = settings or TrainSettings()
    posts = list(posts)
    y = np.array([1 if x else 0 for x in labels])
    if len(set(y.tolist())) < 2:
        raise ValueError("нужны посты обоих классов: и реклама, и польза")
    splits = _splits(y, groups, settings.folds, settings.seed)
    oof = out_of_fold(posts, y, splits, settings)
    quality = {}
    for key, decision in oof.items():
        scores = calibrated(decision, platt(decision, y))
        quality[key] = (round(float(roc_auc_score(y, decision)), 4), -_brier(scores, y))
    best_c, best_w = max(quality, key=lambda k: (quality[k], -k[0], -k[1]))
    calibration = platt(oof[(best_c, best_w)], y)
    oof_scores = calibrated(oof[(best_c, best_w)], calibration)
    thresholds = choose_thresholds(oof_scores, y)
    features = {**settings.features, "dense_weight": best_w}
    pipe = make_pipeline(best_c, settings.seed, features).fit(posts, y)
    cv = {f"C={c:g},dense={w:g}": q[0] for (c, w), q in quality.items()}
    model = export(pipe, calibration, thresholds, {
        **(meta or {}), "C": best_c, "dense_weight": best_w, "cv_roc_auc": cv,
        "cv_oof": {"roc_auc": quality[(best_c, best_w)][0], "brier": round(-quality[(best_c, best_w)][1], 4)},
        "folds": len(splits), "grouped_cv": groups is not None and len(set(groups)) >= settings.folds,
    })
    return Trained(model, pipe, oof_scores, cv)


def export(pipe: Pipeline, calibration: tuple[float, float], thresholds: Thresholds, meta: dict) -> JunkModel:
    """The numpy-only model equivalent to a fitted pipeline."""
    feats: PostFeatures = pipe.named_steps["features"]
    clf: LogisticRegression = pipe.named_steps["clf"]
    coef = clf.coef_[0].astype(np.float64)
    sizes = [len(b.names) if b is not None else 0 for b in (feats.lemmas_, feats.chars_, feats.dense_)]
    lemma_coef, char_coef, dense_coef = np.split(coef, np.cumsum(sizes)[:2])
    return JunkModel(
        lemmas=feats.lemmas_, chars=feats.chars_, dense=feats.dense_,
        lemma_coef=lemma_coef, char_coef=char_coef, dense_coef=dense_coef,
        intercept=float(clf.intercept_[0]), calibration=calibration, thresholds=thresholds,
        meta={**meta, "n_features": int(coef.size)},
    )
