"""Train the junk model (imports scikit-learn; never used when scoring).

The model must hold on posts it has never seen, from brands and channels it has never
seen; so every choice is made by cross-validation that crosses those borders.

1. Folds: each source is split into folds by its groups (brands of the written corpus,
   channels of real posts), and fold k of every source is held out together. A setting's
   quality is the mean over sources of the out-of-fold average precision (PR-AUC), less the
   share of written posts whose out-of-fold verdict (with the gate and the floor) contradicts
   their label: junk told `ok`, value told `rewrite`.
2. The grid: C, the weight of the signal block, and each source's share of the training
   weight. Within a source the two classes weigh the same; a source marked
   ``balance_length`` also weighs them the same at every post length, so that length
   cannot stand in for the label.
3. Calibration: Platt scaling on the out-of-fold decisions, every source counted equally and
   the classes reweighted to ``junk_share``: the score is the probability that a post is
   junk in a feed where that share of posts is junk.
4. Thresholds, from the calibrated out-of-fold scores (see :func:`choose_thresholds`).
5. The pipeline is refit on all posts and exported as a numpy-only :class:`JunkModel`.

Everything is seeded and ordered, so training twice on the same data gives the same model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline

from classifier.features.analysis import AnalysedPost
from classifier.model.estimators import PostFeatures
from classifier.model.linear import JunkModel, Thresholds, gated
from classifier.model.signed import SignedLogisticRegression
from classifier.signals.base import JUNK, VALUE
from classifier.signals.registry import BY_ID

C_GRID = (3.0,)  # C = 10 measured the same out of fold (issue 24), at twice the training time
DENSE_WEIGHTS = (0.03, 0.1)
JUNK_SHARE = 0.2  # the 80/20 rule of thumb: at most one post in five sells
LENGTH_BUCKETS = (13, 21, 41, 61, 121, 201)  # word counts where a new length bucket starts
MAX_FALSE_ALARMS = 0.015  # at most this share of a real source's non-junk posts at `rewrite`
OK_MAX_JUNK_SHARE = 0.05  # at most this share of junk posts of a balanced source below `ok`
MIN_BORDERLINE_WIDTH = 15.0
# Chosen by cross-domain validation (bench/evaluate.py prints the comparison; issue 24): lemma
# 1-2-grams and character 3-5-grams of the whole vocabulary (the editor vocabulary of issue 10, which
# left out names, places and dates and asked each n-gram to occur at 3+ brands or channels, cost 0.03
# of real PR-AUC and fell below a plain TF-IDF anchor; explanations still quote sales words only),
# signal counts without densities or length statistics, rows divided by at least a 30-unit norm.
SHIPPED_FEATURES = {"use_chars": True, "vocabulary": "all", "min_groups": 1, "densities": False, "stats": (),
                    "norm_floor": 30.0, "max_lemma_features": 60000, "max_char_features": 150000}
WRITTEN_SHARES = (0.3, 0.45)  # grid of a written source's share of the training weight (real sources: 1)


@dataclass(frozen=True)
class Source:
    """How training treats the posts of one source."""

    name: str
    balance_length: bool = False
    real: bool = True  # posts collected from the wild, not written for the corpus


@dataclass
class TrainSettings:
    c_grid: Sequence[float] = C_GRID
    dense_weights: Sequence[float] = DENSE_WEIGHTS
    # Grid of training-weight shares: source name -> total weight (sources not named weigh 1).
    source_weights: Sequence[Mapping[str, float]] = ({},)
    folds: int = 5
    seed: int = 0
    junk_share: float = JUNK_SHARE
    features: dict = field(default_factory=lambda: dict(SHIPPED_FEATURES))  # PostFeatures parameters


@dataclass(frozen=True)
class Setting:
    c: float
    dense_weight: float
    source_weights: tuple[tuple[str, float], ...]

    @property
    def name(self) -> str:
        shares = ",".join(f"{s}={w:g}" for s, w in self.source_weights)
        return f"C={self.c:g},dense={self.dense_weight:g}" + (f",{shares}" if shares else "")


@dataclass
class Trained:
    model: JunkModel
    pipeline: Pipeline
    oof_scores: np.ndarray  # calibrated out-of-fold scores, 0-100, of the chosen setting
    cv: dict[str, dict[str, float]]  # setting name -> source -> out-of-fold PR-AUC (and "mean")


def make_pipeline(c: float, seed: int, features: dict) -> Pipeline:
    """Features and a sign-constrained logistic regression (its signs are set by :func:`fit_pipeline`)."""
    return Pipeline([
        ("features", PostFeatures(**features)),
        ("clf", SignedLogisticRegression(C=c)),
    ])


def feature_signs(names: Sequence[str]) -> np.ndarray:
    """+1 for a junk signal's feature (it may only raise a score), -1 for a value signal's (it may
    only lower one), 0 for the rest (words pull either way).

    >>> feature_signs(["lemma:скидка", "signal:discount", "signal:advice"]).tolist()
    [0, 1, -1]
    """
    signs = []
    for name in names:
        kind, _, key = str(name).partition(":")
        sig = BY_ID.get(key) if kind in ("signal", "density") else None
        signs.append(0 if sig is None else 1 if sig.polarity == JUNK else -1 if sig.polarity == VALUE else 0)
    return np.array(signs, dtype=int)


def fit_pipeline(pipe: Pipeline, posts: Sequence[AnalysedPost], y: np.ndarray, groups: Sequence[str] | None,
                 weights: np.ndarray) -> Pipeline:
    """Fit the features, then the classifier with the features' signs."""
    feats: PostFeatures = pipe.named_steps["features"]
    x = feats.fit(posts, groups=groups, sample_weight=weights).transform(posts)
    clf = pipe.named_steps["clf"]
    clf.set_params(signs=feature_signs(feats.get_feature_names_out()))
    clf.fit(x, y, sample_weight=weights)
    return pipe


def settings_for(sources: Mapping[str, Source]) -> TrainSettings:
    """The grid for these sources: each written source's weight share is searched too."""
    written = [name for name, info in sources.items() if not info.real]
    grid = [{name: share for name in written} for share in WRITTEN_SHARES] if written and len(sources) > 1 else [{}]
    return TrainSettings(source_weights=tuple(grid), folds=6 if len(sources) > 1 else 5)


# --- folds and weights ------------------------------------------------------------------------

def joint_folds(y: np.ndarray, groups: Sequence[str], sources: Sequence[str], folds: int, seed: int) -> list:
    """Fold k holds out the k-th group fold of every source at once."""
    per_source = []
    for name in dict.fromkeys(sources):
        index = np.flatnonzero(np.asarray(sources) == name)
        g = np.asarray(groups)[index]
        if len(set(g.tolist())) >= folds:
            splits = GroupKFold(n_splits=folds).split(index, groups=g)
        else:
            k = max(2, min(folds, int(np.bincount(y[index], minlength=2).min())))
            splits = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed).split(index, y[index])
        per_source.append([index[test] for _, test in splits])
    k = min(len(p) for p in per_source)
    out = []
    for fold in range(k):
        test = np.sort(np.concatenate([p[fold] for p in per_source]))
        train = np.setdiff1d(np.arange(len(y)), test)
        out.append((train, test))
    return out


def training_weights(y: np.ndarray, sources: Sequence[str], words: np.ndarray, info: Mapping[str, Source],
                     shares: Mapping[str, float]) -> np.ndarray:
    """Sample weights: each source weighs its share, split evenly between its classes (and,
    for a ``balance_length`` source, evenly between the classes of each length bucket)."""
    sources = np.asarray(sources)
    weights = np.zeros(len(y))
    for name in dict.fromkeys(sources.tolist()):
        in_source = sources == name
        cells = np.digitize(words, LENGTH_BUCKETS) if info.get(name, Source(name)).balance_length else np.zeros(len(y))
        for cell in np.unique(cells[in_source]):
            in_cell = in_source & (cells == cell)
            present = [c for c in (0, 1) if np.any(in_cell & (y == c))]
            for c in present:
                chosen = in_cell & (y == c)
                weights[chosen] = in_cell.sum() / in_source.sum() / len(present) / chosen.sum()
        weights[in_source] *= shares.get(name, 1.0) / weights[in_source].sum()
    return weights * len(y) / weights.sum()


def prior_weights(y: np.ndarray, sources: Sequence[str], junk_share: float) -> np.ndarray:
    """Weights under which every source counts the same and holds ``junk_share`` junk."""
    sources = np.asarray(sources)
    weights = np.zeros(len(y))
    for name in dict.fromkeys(sources.tolist()):
        for c, share in ((1, junk_share), (0, 1.0 - junk_share)):
            chosen = (sources == name) & (y == c)
            if chosen.any():
                weights[chosen] = share / chosen.sum()
    return weights * len(y) / weights.sum()


# --- cross-validation -------------------------------------------------------------------------

def out_of_fold(posts: Sequence[AnalysedPost], y: np.ndarray, groups: Sequence[str], sources: Sequence[str],
                info: Mapping[str, Source], splits: list, settings: TrainSettings) -> dict[Setting, np.ndarray]:
    """Out-of-fold decision values for every setting of the grid.

    Features are fitted once per fold (with the first source weighting); the dense weight
    only rescales the dense columns, so each further setting costs one logistic regression.
    """
    features = {**settings.features, "dense_weight": 1.0}
    dense_grid = settings.dense_weights if PostFeatures(**features).use_dense else (1.0,)
    grid = [Setting(c, w, tuple(sorted(shares.items())))
            for c in settings.c_grid for w in dense_grid for shares in settings.source_weights]
    words = np.array([p.n_words for p in posts])
    oof = {s: np.zeros(len(y)) for s in grid}
    for train_idx, test_idx in splits:
        feats = PostFeatures(**features)
        base = training_weights(y[train_idx], np.asarray(sources)[train_idx], words[train_idx], info,
                                dict(grid[0].source_weights))
        x_train = feats.fit([posts[i] for i in train_idx], groups=[groups[i] for i in train_idx],
                            sample_weight=base).transform([posts[i] for i in train_idx]).tocsc()
        x_test = feats.transform([posts[i] for i in test_idx]).tocsc()
        n_dense = len(feats.dense_.names) if feats.dense_ is not None else 0
        signs = feature_signs(feats.get_feature_names_out())
        for setting in grid:
            scale = np.ones(x_train.shape[1])
            if n_dense:
                scale[-n_dense:] = setting.dense_weight
            weights = training_weights(y[train_idx], np.asarray(sources)[train_idx], words[train_idx], info,
                                       dict(setting.source_weights))
            clf = SignedLogisticRegression(C=setting.c, signs=signs)
            clf.fit(x_train @ sp.diags(scale), y[train_idx], sample_weight=weights)
            oof[setting][test_idx] = clf.decision_function(x_test @ sp.diags(scale))
    return oof


def source_quality(decision: np.ndarray, y: np.ndarray, sources: Sequence[str]) -> dict[str, float]:
    """Out-of-fold PR-AUC per source and their mean (the selection criterion)."""
    sources = np.asarray(sources)
    quality = {}
    for name in dict.fromkeys(sources.tolist()):
        chosen = sources == name
        if len(set(y[chosen].tolist())) == 2:
            quality[name] = round(float(average_precision_score(y[chosen], decision[chosen])), 4)
    quality["mean"] = round(float(np.mean(list(quality.values()))), 4) if quality else 0.0
    return quality


def contradictions(decision: np.ndarray, y: np.ndarray, sources: Sequence[str], info: Mapping[str, Source],
                   junk_share: float, capped: np.ndarray, floored: Sequence[bool] | None) -> float:
    """Share of the written (brand) posts whose verdict, calibrated and gated as scoring does,
    contradicts the label: junk at `ok`, value at `rewrite` (0 without a written source)."""
    sources = np.asarray(sources)
    written = np.array([not info.get(n, Source(n)).real for n in sources.tolist()])
    if not written.any() or len(set(y[written].tolist())) < 2:
        return 0.0
    lifted = np.asarray(floored, dtype=bool) if floored is not None else np.zeros(len(y), dtype=bool)
    scores = calibrated(decision, platt(decision, y, prior_weights(y, sources, junk_share)))
    thresholds = choose_thresholds(scores, y, sources, info, junk_share, capped, lifted)
    shown = gated(scores, ~capped, lifted, thresholds.rewrite)
    wrong = np.where(y == 1, shown < thresholds.ok, shown >= thresholds.rewrite)
    return round(float(wrong[written].mean()), 4)


# --- calibration and thresholds ---------------------------------------------------------------

def platt(decision: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None) -> tuple[float, float]:
    """Fit p = sigmoid(a * decision + b) to labels (Platt scaling)."""
    lr = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    lr.fit(decision.reshape(-1, 1), y, sample_weight=sample_weight)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def calibrated(decision: np.ndarray, calibration: tuple[float, float]) -> np.ndarray:
    a, b = calibration
    return 100.0 / (1.0 + np.exp(-np.clip(a * decision + b, -35, 35)))


def choose_thresholds(scores: np.ndarray, y: np.ndarray, sources: Sequence[str],
                      info: Mapping[str, Source], junk_share: float = JUNK_SHARE,
                      capped: np.ndarray | None = None, floored: np.ndarray | None = None) -> Thresholds:
    """Thresholds read off out-of-fold scores.

    ``rewrite``: the lowest whole score at which no real source (every source, when none is
    real) has more than ``MAX_FALSE_ALARMS`` of its non-junk posts flagged; a post in
    ``capped`` (no push: scoring keeps it below `rewrite`) is never flagged, and a post in
    ``floored`` (a hard push with nothing for the reader) always is.
    ``ok``: below the junk share (a post scoring lower is less likely junk than the average
    post of the feed), and lower still if more than ``OK_MAX_JUNK_SHARE`` of the junk posts of
    the written (brand) sources would fall below it; at most ``rewrite`` minus
    ``MIN_BORDERLINE_WIDTH``, so that `borderline` is a real band.
    """
    sources = np.asarray(sources)
    names = list(dict.fromkeys(sources.tolist()))
    real = [n for n in names if info.get(n, Source(n)).real] or names
    flaggable = ~np.asarray(capped, dtype=bool) if capped is not None else np.ones(len(y), dtype=bool)
    lifted = np.asarray(floored, dtype=bool) if floored is not None else np.zeros(len(y), dtype=bool)
    rewrite = 95.0
    for t in range(5, 96):
        flagged = ((scores >= t) & flaggable) | lifted
        alarms = [np.mean(flagged[(sources == n) & (y == 0)]) for n in real if np.any((sources == n) & (y == 0))]
        if all(a <= MAX_FALSE_ALARMS for a in alarms):
            rewrite = float(t)
            break
    brand = [n for n in names if not info.get(n, Source(n)).real] or real
    junk = scores[np.isin(sources, brand) & (y == 1)]
    ok = 100.0 * junk_share
    if len(junk):
        ok = min(ok, float(np.floor(np.percentile(junk, 100 * OK_MAX_JUNK_SHARE))))
    ok = max(1.0, min(ok, rewrite - MIN_BORDERLINE_WIDTH))
    return Thresholds(ok=ok, rewrite=rewrite)


# --- training -----------------------------------------------------------------------------------

def train(
    posts: Sequence[AnalysedPost],
    labels: Sequence[bool],
    groups: Sequence[str] | None = None,
    settings: TrainSettings | None = None,
    meta: dict | None = None,
    sources: Sequence[str] | None = None,
    source_info: Mapping[str, Source] | None = None,
    capped: Sequence[bool] | None = None,
    floored: Sequence[bool] | None = None,
) -> Trained:
    """Fit the model; see the module docstring for the steps. ``capped`` marks the posts that
    scoring keeps below `rewrite` whatever their score (no push), ``floored`` those it always
    flags (a hard push with nothing for the reader)."""
    settings = settings or TrainSettings()
    posts = list(posts)
    y = np.array([1 if x else 0 for x in labels])
    if len(set(y.tolist())) < 2:
        raise ValueError("нужны посты обоих классов: и реклама, и польза")
    sources = list(sources) if sources is not None else ["data"] * len(y)
    info = dict(source_info or {})
    grouped = groups is not None and all(groups)
    groups = list(groups) if grouped else [str(i) for i in range(len(y))]
    splits = joint_folds(y, groups, sources, settings.folds, settings.seed)
    oof = out_of_fold(posts, y, groups, sources, info, splits, settings)
    quality = {s: source_quality(decision, y, sources) for s, decision in oof.items()}
    if capped is not None:
        for s, decision in oof.items():
            quality[s]["contradicts"] = contradictions(decision, y, sources, info, settings.junk_share,
                                                       np.asarray(capped, dtype=bool), floored)
    best = max(quality, key=lambda s: (quality[s]["mean"] - quality[s].get("contradicts", 0.0), -s.c,
                                       -s.dense_weight))
    calibration = platt(oof[best], y, prior_weights(y, sources, settings.junk_share))
    oof_scores = calibrated(oof[best], calibration)
    thresholds = choose_thresholds(oof_scores, y, sources, info, settings.junk_share,
                                   np.asarray(capped, dtype=bool) if capped is not None else None,
                                   np.asarray(floored, dtype=bool) if floored is not None else None)
    features = {**settings.features, "dense_weight": best.dense_weight}
    words = np.array([p.n_words for p in posts])
    weights = training_weights(y, sources, words, info, dict(best.source_weights))
    pipe = fit_pipeline(make_pipeline(best.c, settings.seed, features), posts, y, groups if grouped else None,
                        weights)
    cv = {s.name: q for s, q in quality.items()}
    model = export(pipe, calibration, thresholds, {
        **(meta or {}), "C": best.c, "dense_weight": best.dense_weight,
        "source_weights": dict(best.source_weights), "junk_share": settings.junk_share,
        "cv": cv, "cv_oof": _oof_summary(oof[best], oof_scores, y, sources),
        "folds": len(splits), "grouped_cv": grouped,
    })
    return Trained(model, pipe, oof_scores, cv)


def _oof_summary(decision: np.ndarray, scores: np.ndarray, y: np.ndarray, sources: Sequence[str]) -> dict:
    sources = np.asarray(sources)
    summary = {}
    for name in dict.fromkeys(sources.tolist()):
        chosen = sources == name
        if len(set(y[chosen].tolist())) < 2:
            continue
        summary[name] = {
            "n": int(chosen.sum()), "n_junk": int(y[chosen].sum()),
            "roc_auc": round(float(roc_auc_score(y[chosen], decision[chosen])), 4),
            "pr_auc": round(float(average_precision_score(y[chosen], decision[chosen])), 4),
        }
    return summary


def export(pipe: Pipeline, calibration: tuple[float, float], thresholds: Thresholds, meta: dict) -> JunkModel:
    """The numpy-only model equivalent to a fitted pipeline."""
    feats: PostFeatures = pipe.named_steps["features"]
    clf: SignedLogisticRegression = pipe.named_steps["clf"]
    coef = clf.coef_[0].astype(np.float64)
    sizes = [len(b.names) if b is not None else 0 for b in (feats.lemmas_, feats.chars_, feats.dense_)]
    lemma_coef, char_coef, dense_coef = np.split(coef, np.cumsum(sizes)[:2])
    return JunkModel(
        lemmas=feats.lemmas_, chars=feats.chars_, dense=feats.dense_,
        lemma_coef=lemma_coef, char_coef=char_coef, dense_coef=dense_coef,
        intercept=float(clf.intercept_[0]), calibration=calibration, thresholds=thresholds,
        meta={**meta, "n_features": int(coef.size)},
    )
