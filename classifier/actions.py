"""Plain functions behind the commands: arguments in, data out; no printing here.

Heavy imports (spaCy, scikit-learn) happen inside the functions that need them, so each
command loads only what it uses: checking a draft never imports scikit-learn.
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import platform
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from classifier import __version__
from classifier.errors import InputError, PostcheckError
from classifier.io.config import Config
from classifier.language.numerals import short_number

if TYPE_CHECKING:
    from classifier.io.drafts import Draft
    from classifier.io.labelled import LabelledPosts
    from classifier.model.evaluate import Evaluation
    from classifier.model.linear import JunkModel, Thresholds
    from classifier.model.train import Source
    from classifier.scoring.glossary import ReasonInfo
    from classifier.scoring.result import Result
    from classifier.scoring.scorer import Scorer
    from classifier.signals.coverage import SignalCoverage

MODEL_FILE = "postcheck-model.npz"
MODEL_NAME = "postcheck-ru"


def default_model_path() -> Path:
    """The shipped model: inside the installed package, or models/ of a source checkout."""
    try:
        from importlib.resources import files

        candidate = Path(str(files("postcheck_models").joinpath(MODEL_FILE)))
        if candidate.is_file():
            return candidate
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "models" / MODEL_FILE


def default_thresholds(model_path: str | Path | None = None) -> Thresholds | None:
    """The verdict thresholds of a model (the shipped one by default); None if it cannot be read.

    Cheap: only the thresholds are read, so ``check --help`` can state them.
    """
    from classifier.model.artifact import load_thresholds

    try:
        return load_thresholds(Path(model_path) if model_path else default_model_path())
    except PostcheckError:
        return None


# --- scoring -----------------------------------------------------------------------------

@dataclass
class Loaded:
    scorer: Scorer
    notes: list[str] = field(default_factory=list)


def load_scorer(model_path: str | None, config: Config, threshold: float | None = None) -> Loaded:
    """Build the pipeline once and load the model; without a shipped model, signals only."""
    from dataclasses import replace

    from classifier.language.pipeline import build_pipeline
    from classifier.model.artifact import load_model
    from classifier.scoring.scorer import Scorer

    notes = []
    chosen = model_path or config.model
    model: JunkModel | None
    if chosen is not None:
        model = load_model(Path(chosen))
    else:
        path = default_model_path()
        if path.is_file():
            model = load_model(path)
        else:
            model = None
            notes.append("Модель не найдена (соберите её: make model) — оценка только по сигналам.")
    # The model's vocabulary is a few hundred thousand long-lived objects; keep the
    # garbage collector from walking them again on every collection.
    gc.freeze()
    settings = config.settings
    if threshold is not None:
        if not 0 <= threshold <= 100:
            raise InputError(f"--threshold должен быть от 0 до 100, а не {short_number(threshold, 4)}.")
        ok = settings.ok_threshold
        base_ok = model.thresholds.ok if model is not None else None
        ok = min(ok if ok is not None else (base_ok if base_ok is not None else threshold), threshold)
        settings = replace(settings, rewrite_threshold=threshold, ok_threshold=ok)
    return Loaded(Scorer(build_pipeline(), model, settings), notes)


@dataclass
class DraftOutcome:
    source: str  # as given: a file name or «-»
    draft: Draft | None = None
    result: Result | None = None
    error: str | None = None

    @property
    def label(self) -> str:
        """The source as people read it: «стандартный ввод» for «-»."""
        from classifier.io.drafts import source_label

        return source_label(self.source)


def check_drafts(scorer: Scorer, names: Sequence[str]) -> list[DraftOutcome]:
    """Read and score drafts; a draft that cannot be read gets an error, the rest go on."""
    from classifier.io.drafts import read_draft, source_label
    from classifier.scoring.scorer import text_problem

    outcomes = []
    for name in names:
        try:
            draft = read_draft(name)
        except PostcheckError as err:
            outcomes.append(DraftOutcome(name, error=str(err)))
            continue
        problem = text_problem(draft.text)
        if problem is not None:
            outcomes.append(DraftOutcome(name, draft, error=f"{source_label(name)}: {problem}"))
        else:
            outcomes.append(DraftOutcome(name, draft))
    ready = [o for o in outcomes if o.error is None]
    for outcome, result in zip(ready, scorer.score_many([o.draft.text for o in ready])):
        outcome.result = result
    return outcomes


# --- explanations ---------------------------------------------------------------------

def explain_reason(reason_id: str, config_path: Path | None = None) -> ReasonInfo:
    """Explain any id a report can show; the settings are read only for ``custom:`` phrases."""
    from classifier.io.config import load_config
    from classifier.scoring.glossary import CUSTOM_PREFIX, explain_reason

    phrases = {}
    if reason_id.strip().lower().startswith(CUSTOM_PREFIX):
        phrases = load_config(config_path).settings.extra_phrases
    return explain_reason(reason_id, phrases)


# --- signals -----------------------------------------------------------------------------

def signal_report(path: Path, text_column: str | None, label_column: str | None,
                  strip_labels: bool = False) -> tuple[LabelledPosts, list[SignalCoverage]]:
    from classifier.io.labelled import read_labelled
    from classifier.language.pipeline import build_pipeline
    from classifier.signals.coverage import signal_coverage
    from classifier.signals.engine import SignalEngine
    from classifier.signals.marking import strip_ad_labels

    data = read_labelled(path, text_column, label_column)
    texts = [strip_ad_labels(t) for t in data.texts] if strip_labels else data.texts
    nlp = build_pipeline()
    return data, signal_coverage(nlp, SignalEngine(nlp), texts, data.labels)


# --- training and evaluation ---------------------------------------------------------------

TRAINING_PACKAGES = {"sklearn": "scikit-learn", "scipy": "scipy", "matplotlib": "matplotlib"}


def require_training_packages() -> None:
    """InputError saying what to install when the ``train`` extra is missing.

    Checking posts needs none of these; training and evaluating a model need all of them.
    """
    missing = []
    for module, package in TRAINING_PACKAGES.items():
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(package)
    if missing:
        raise InputError(
            f"для обучения и оценки модели нужны пакеты, которые не установлены: {', '.join(missing)}. "
            "Установите дополнение train: pip install 'postcheck[train]' "
            "(в папке проекта: .venv/bin/pip install -e '.[train]')."
        )


def _hash_files(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def _libraries() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for dist in ("spacy", "pymorphy3", "pymorphy3-dicts-ru", "scikit-learn", "numpy", "scipy"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "не установлен"
    return versions


def _groups(data: LabelledPosts) -> list[str] | None:
    for column in ("brand_id", "brand", "channel"):
        values = data.column(column)
        if values is not None and all(values):
            return values
    return None


@dataclass
class TrainOutcome:
    model_path: Path
    card_path: Path
    model: JunkModel
    n_posts: int
    evaluations: dict[str, Evaluation]


def read_many(paths: Sequence[Path], text_column: str | None, label_column: str | None,
              sheet: str | None = None) -> LabelledPosts:
    from classifier.io.labelled import LabelledPosts, read_labelled

    return LabelledPosts.concat([read_labelled(p, text_column, label_column, sheet) for p in paths])


@dataclass
class TrainingData:
    """Labelled posts with the columns ``source``, ``group`` and ``split``, and how each source
    is treated in training."""

    posts: LabelledPosts
    sources: dict[str, Source]
    files: list[Path]


def read_training_data(paths: Sequence[Path], text_column: str | None = None, label_column: str | None = None,
                       sheet: str | None = None) -> TrainingData:
    """A corpus manifest (``corpora/`` or its ``sources.toml``), or labelled files (each a source)."""
    from classifier.io.corpus import is_manifest, read_corpus
    from classifier.io.labelled import LabelledPosts
    from classifier.model.train import Source

    if len(paths) == 1 and is_manifest(Path(paths[0])):
        corpus = read_corpus(Path(paths[0]))
        info = {n: Source(n, s.balance_length, real=not s.written) for n, s in corpus.sources.items()}
        return TrainingData(corpus.posts, info, corpus.files)
    parts = []
    for path in paths:
        part = read_many([path], text_column, label_column, sheet)
        groups = _groups(part)
        part.extra["source"] = [Path(path).name] * len(part)
        part.extra["group"] = groups if groups is not None else [""] * len(part)
        part.extra.setdefault("split", ["train"] * len(part))
        parts.append(part)
    posts = LabelledPosts.concat(parts)
    return TrainingData(posts, {Path(p).name: Source(Path(p).name) for p in paths}, [Path(p) for p in paths])


def train_model(
    paths: Sequence[Path],
    out: Path,
    text_column: str | None = None,
    label_column: str | None = None,
    split: str = "train",
    sheet: str | None = None,
    evaluate_on: Sequence[Path] = (),
    strip_labels: bool = True,
) -> TrainOutcome:
    """Train on a corpus manifest or labelled files and save the model with its card.

    Rows whose ``split`` is not ``split`` are held out and reported in the card (the written
    corpus keeps its test brands out); every source is also reported out of fold, each fold
    holding out whole brands or channels.
    """
    if out.suffix != ".npz":
        raise InputError("--out: файл модели должен иметь расширение .npz.")
    require_training_packages()
    from classifier.features.analysis import analyse
    from classifier.language.pipeline import build_pipeline
    from classifier.model.artifact import save_model
    from classifier.model.card import strongest_ngrams, write_card
    from classifier.model.train import settings_for, train
    from classifier.scoring.selling import as_scored, floored, sells
    from classifier.signals.engine import SignalEngine

    data = read_training_data(paths, text_column, label_column, sheet)
    train_rows = data.posts.with_split(split) if split != "all" else data.posts
    if len(set(train_rows.labels)) < 2:
        raise InputError("для обучения нужны посты обоих классов: и реклама, и польза.")
    nlp = build_pipeline()
    engine = SignalEngine(nlp)
    posts = list(analyse(nlp, engine, train_rows.texts))
    digest = _hash_files(data.files)
    meta = {
        "name": MODEL_NAME,
        "version": f"{__version__}+{digest[:8]}",
        "data": {
            "sources": [Path(p).as_posix() for p in paths], "files": [f.as_posix() for f in data.files],
            "sha256": digest, "split": split, "n_posts": len(train_rows),
            "n_junk": sum(train_rows.labels), "n_value": len(train_rows) - sum(train_rows.labels),
            "per_source": _source_counts(train_rows),
        },
        "libraries": _libraries(),
    }
    sources = train_rows.column("source")
    trained = train(posts, train_rows.labels, train_rows.column("group"), settings_for(data.sources), meta,
                    sources, data.sources, capped=[not sells(p) for p in posts],
                    floored=[floored(p) for p in posts])
    model = trained.model
    oof = as_scored(trained.oof_scores, posts, model.thresholds.rewrite)
    evaluations = _out_of_fold_evaluations(model, oof, train_rows, data.sources)
    held_out = data.posts.subset([s != split for s in data.posts.column("split")]) if split != "all" else None
    if held_out is not None and len(held_out):
        evaluations["written test split"] = _evaluate_rows(nlp, engine, model, held_out, "written test split")
    for extra in evaluate_on:
        rows = read_many([extra], None, None)
        name = Path(extra).parent.name or Path(extra).stem
        evaluations[name] = _evaluate_rows(nlp, engine, model, rows, name, strip_labels)
    model.meta.update({
        "calibration": list(model.calibration),
        "thresholds": {"ok": model.thresholds.ok, "rewrite": model.thresholds.rewrite},
        "evaluations": {k: _summary(v) for k, v in evaluations.items()},
        "verdicts": _verdict_shares(model, oof, train_rows),
        "classes": _class_shares(model, oof, train_rows),
        "top_ngrams": strongest_ngrams(model, 50),
    })
    save_model(model, out)
    card = out.with_suffix(".md")
    write_card(model.meta, card)
    return TrainOutcome(out, card, model, len(train_rows), evaluations)


def _source_counts(rows: LabelledPosts) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for source, label in zip(rows.column("source"), rows.labels):
        entry = counts.setdefault(source, {"n": 0, "junk": 0})
        entry["n"] += 1
        entry["junk"] += int(label)
    return counts


def _out_of_fold_evaluations(model: JunkModel, scores, rows: LabelledPosts,  # noqa: ANN001 - numpy array
                             sources: dict[str, Source]) -> dict[str, Evaluation]:
    """Each source's out-of-fold scores (its brands or channels held out), as an Evaluation."""
    from classifier.model.evaluate import evaluate

    out = {}
    names = rows.column("source")
    for name in sources:
        chosen = [i for i, n in enumerate(names) if n == name]
        labels = [rows.labels[i] for i in chosen]
        if len(set(labels)) == 2:
            title = f"{name}, out of fold"
            out[title] = evaluate(title, scores[chosen], labels, model.thresholds.rewrite,
                                  junk_share=model.meta.get("junk_share"))
    return out


def _verdict_shares(model: JunkModel, scores, rows: LabelledPosts) -> dict:  # noqa: ANN001 - numpy array
    """Share of each source's posts (out of fold, as scoring reports them) in each verdict, per label."""
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for score, source, label in zip(scores, rows.column("source"), rows.labels):
        entry = counts.setdefault(source, {}).setdefault("junk" if label else "value",
                                                          {"ok": 0, "borderline": 0, "rewrite": 0})
        entry[model.thresholds.verdict(float(score))] += 1
    return {source: {label: {k: round(v / sum(e.values()), 4) for k, v in e.items()} for label, e in labels.items()}
            for source, labels in counts.items()}


def _class_shares(model: JunkModel, scores, rows: LabelledPosts) -> dict:  # noqa: ANN001 - numpy array
    """Per hard case of the guide and label (out of fold): posts, verdict shares, and the share whose
    verdict contradicts the label (junk at `ok`, value at `rewrite`)."""
    classes = rows.column("hard_case") or [""] * len(rows)
    counts: dict[str, dict[str, int]] = {}
    for score, hard_case, label in zip(scores, classes, rows.labels):
        if not hard_case:
            continue
        entry = counts.setdefault(f"{hard_case} / {'junk' if label else 'value'}",
                                  {"ok": 0, "borderline": 0, "rewrite": 0})
        entry[model.thresholds.verdict(float(score))] += 1
    out = {}
    for key, entry in sorted(counts.items()):
        n = sum(entry.values())
        wrong = entry["ok"] if key.endswith("junk") else entry["rewrite"]
        out[key] = {"n": n, **{k: round(v / n, 4) for k, v in entry.items()}, "contradicts": round(wrong / n, 4)}
    return out


def _summary(ev: Evaluation) -> dict:
    data = ev.to_dict()
    return {k: data[k] for k in ("n", "n_junk", "roc_auc", "pr_auc", "brier", "calibration_error", "junk_share",
                                 "junk", "value")}


def _evaluate_rows(nlp, engine, model: JunkModel, rows: LabelledPosts, name: str,  # noqa: ANN001
                   strip_labels: bool = False) -> Evaluation:
    from classifier.features.analysis import analyse
    from classifier.model.evaluate import evaluate
    from classifier.scoring.selling import as_scored
    from classifier.signals.marking import strip_ad_labels

    texts = [strip_ad_labels(t) for t in rows.texts] if strip_labels else rows.texts
    posts = list(analyse(nlp, engine, texts))
    scores = as_scored(model.scores(posts), posts, model.thresholds.rewrite)
    groups = rows.column("industry")
    return evaluate(name, scores, rows.labels, model.thresholds.rewrite, groups,
                    junk_share=model.meta.get("junk_share"))


@dataclass
class EvaluateOutcome:
    evaluation: Evaluation
    json_path: Path
    png_path: Path
    model: str


def evaluate_model(
    path: Path,
    model_path: str | None,
    out_dir: Path,
    text_column: str | None = None,
    label_column: str | None = None,
    split: str = "test",
    strip_labels: bool = False,
    sheet: str | None = None,
) -> EvaluateOutcome:
    """Score a labelled file with a model; write the JSON report and the reliability PNG."""
    import json

    require_training_packages()
    from classifier.language.pipeline import build_pipeline
    from classifier.model.artifact import load_model
    from classifier.model.evaluate import plot_reliability
    from classifier.signals.engine import SignalEngine

    model = load_model(Path(model_path) if model_path else default_model_path())
    data = read_many([path], text_column, label_column, sheet)
    if data.column("split") is not None:
        data = data.with_split(split)
    nlp = build_pipeline()
    name = Path(path).stem
    ev = _evaluate_rows(nlp, SignalEngine(nlp), model, data, name, strip_labels)
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / f"evaluation-{name}.json"
    png_path = out_dir / f"reliability-{name}.png"
    report = {"model": f"{model.name} {model.version}", "data": str(path), "split": split,
              "labels_stripped": strip_labels, **ev.to_dict()}
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    plot_reliability([ev], png_path)
    return EvaluateOutcome(ev, json_path, png_path, f"{model.name} {model.version}")

