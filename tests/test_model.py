"""The model: quality bars (train on train, assert on test), determinism, safe files,
explanations that add up, and the numpy copy agreeing with the scikit-learn pipeline."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from classifier.errors import ModelError
from classifier.features.analysis import analyse
from classifier.model.artifact import load_model, save_model
from classifier.model.evaluate import evaluate
from classifier.model.train import TrainSettings, train

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def splits(nlp, engine, corpus):
    train_rows, test_rows = corpus.with_split("train"), corpus.with_split("test")
    return (
        train_rows, list(analyse(nlp, engine, train_rows.texts)),
        test_rows, list(analyse(nlp, engine, test_rows.texts)),
    )


@pytest.fixture(scope="module")
def trained(splits):
    """The shipped feature set, trained on the written train split alone (one setting: fast)."""
    train_rows, train_posts, _, _ = splits
    settings = TrainSettings(c_grid=(3.0,), dense_weights=(0.03,))
    return train(train_posts, train_rows.labels, train_rows.column("brand_id"), settings)


def test_quality_bars_on_the_brand_disjoint_test_split(trained, splits):
    _, _, test_rows, test_posts = splits
    scores = trained.model.scores(test_posts)
    ev = evaluate("test", scores, test_rows.labels, trained.model.thresholds.rewrite)
    assert ev.roc_auc >= 0.95
    assert ev.junk.f1 >= 0.90
    assert ev.brier <= 0.1


def test_brands_never_cross_the_split(corpus):
    train_brands = set(corpus.with_split("train").column("brand_id"))
    test_brands = set(corpus.with_split("test").column("brand_id"))
    assert not train_brands & test_brands


def test_training_twice_gives_the_same_model(splits, tmp_path):
    train_rows, train_posts, _, test_posts = splits
    settings = TrainSettings(c_grid=(10.0,), dense_weights=(0.1,), folds=3)
    a = train(train_posts[:300], train_rows.labels[:300], train_rows.column("brand_id")[:300], settings)
    b = train(train_posts[:300], train_rows.labels[:300], train_rows.column("brand_id")[:300], settings)
    save_model(a.model, tmp_path / "a.npz")
    save_model(b.model, tmp_path / "b.npz")
    with zipfile.ZipFile(tmp_path / "a.npz") as za, zipfile.ZipFile(tmp_path / "b.npz") as zb:
        assert sorted(za.namelist()) == sorted(zb.namelist())
        for name in za.namelist():
            assert za.read(name) == zb.read(name), name
    assert np.array_equal(a.model.scores(test_posts[:50]), b.model.scores(test_posts[:50]))


def test_numpy_model_equals_the_sklearn_pipeline(trained, splits):
    _, _, _, test_posts = splits
    expected = trained.pipeline.decision_function(test_posts)
    got = trained.model.decision(trained.model.transform(test_posts))
    assert np.allclose(expected, got, atol=1e-9)


def test_feature_names_name_every_column(trained, splits):
    features = trained.pipeline.named_steps["features"]
    names = features.get_feature_names_out()
    assert len(names) == features.n_features_out_ == trained.pipeline.named_steps["clf"].coef_.shape[1]
    assert any(n.startswith("lemma:") for n in names) and any(n.startswith("char:") for n in names)
    assert "signal:discount" in names
    # no feature of a post's length or shape: length alone must never make a post junk
    assert not [n for n in names if n.startswith(("density:", "stat:"))]


def test_saved_model_scores_like_the_trained_one(trained, splits, tmp_path):
    _, _, _, test_posts = splits
    path = tmp_path / "m.npz"
    save_model(trained.model, path)
    loaded = load_model(path)
    assert np.allclose(loaded.scores(test_posts), trained.model.scores(test_posts))
    assert loaded.thresholds == trained.model.thresholds


def test_thresholds_are_ordered_and_calibration_increases(trained):
    t = trained.model.thresholds
    assert 0 < t.ok < t.rewrite < 100
    a, _ = trained.model.calibration
    assert a > 0


def test_loading_never_unpickles(tmp_path):
    import pickle

    evil = tmp_path / "evil.npz"
    np.savez(evil, meta=np.array([pickle.dumps(object())], dtype=object))  # an object array needs pickle
    with pytest.raises(ModelError):
        load_model(evil)


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_damaged_model_files_give_a_clear_error(tmp_path, content):
    path = tmp_path / "m.npz"
    path.write_bytes(content)
    with pytest.raises(ModelError, match="повреждён|не хватает"):
        load_model(path)


def test_missing_model_file(tmp_path):
    with pytest.raises(ModelError, match="не найдена"):
        load_model(tmp_path / "nope.npz")


def test_shipped_model_has_a_card_with_hash_counts_metrics_and_versions():
    from classifier.actions import default_model_path

    card = default_model_path().with_suffix(".md").read_text(encoding="utf-8")
    needles = ("SHA-256", "ROC-AUC", "tg-news-ads, out of fold", "written test split", "scikit-learn", "spacy",
               "`rewrite`", "The 50 strongest n-grams", "What the score is", "Verdicts on posts")
    for needle in needles:
        assert needle in card, needle


def test_shipped_model_was_trained_on_the_current_corpus():
    import hashlib

    from classifier.actions import default_model_path
    from classifier.io.corpus import read_manifest

    model = load_model(default_model_path())
    digest = hashlib.sha256()
    for source in read_manifest(ROOT / "corpora"):
        digest.update(source.path.read_bytes())
    assert model.meta["data"]["sha256"] == digest.hexdigest(), "run make model"


def test_the_strongest_ngrams_hold_no_word_of_the_ad_label(model):
    """The model card's 50 strongest junk and value n-grams, with their signs. The whole vocabulary
    scores (names and places too, never quoted), but no word of the legal ad label: training strips
    the label, and the model must not learn it back from the word «реклама» left elsewhere."""
    from classifier.features.vocabulary import AD_LABEL_WORDS

    top = model.meta["top_ngrams"]
    assert len(top["junk"]) == len(top["value"]) == 50
    for side in ("junk", "value"):
        for gram, weight in top[side]:
            assert (weight > 0) == (side == "junk"), gram
            assert AD_LABEL_WORDS.isdisjoint(gram.split(" ")), gram


def test_top_ngrams_in_the_card_match_the_model(model):
    """The card's table is the model's own list (what an editor reads is what scores)."""
    from classifier.actions import default_model_path

    card = default_model_path().with_suffix(".md").read_text(encoding="utf-8")
    for gram, weight in model.meta["top_ngrams"]["junk"][:10]:
        assert f"| {gram} | {weight} |" in card


@pytest.mark.slow
def test_shipped_settings_hold_on_brands_and_channels_they_never_saw(nlp, engine, model):
    """Issue 24's quality targets, with some margin below what the shipped settings measured:

    * real posts, each scored by a model that saw no post of its channel family (out of fold):
      PR-AUC and ROC-AUC, and the share of non-ads at `rewrite`;
    * written posts, each scored by a model that saw none of its brand's posts: junk F1, useful
      posts at `rewrite`, and in every class of the guide the share whose verdict contradicts
      its label (junk at `ok`, value at `rewrite`);
    * the shipped model on the written corpus's held-out brands: ROC-AUC and junk F1.
    """
    from classifier.actions import read_training_data
    from classifier.model.train import SHIPPED_FEATURES
    from classifier.scoring.selling import as_scored, floored, sells

    data = read_training_data([ROOT / "corpora"])
    rows = data.posts.with_split("train")
    posts = list(analyse(nlp, engine, rows.texts))
    settings = TrainSettings(c_grid=(model.meta["C"],), dense_weights=(model.meta["dense_weight"],),
                             source_weights=(model.meta["source_weights"],), folds=6, features=dict(SHIPPED_FEATURES))
    trained = train(posts, rows.labels, rows.column("group"), settings, sources=rows.column("source"),
                    source_info=data.sources, capped=[not sells(p) for p in posts],
                    floored=[floored(p) for p in posts])
    thresholds = trained.model.thresholds
    scores = as_scored(trained.oof_scores, posts, thresholds.rewrite)
    labels = np.array(rows.labels)
    real = np.array(rows.column("source")) == "tg-news-ads"
    ev = evaluate("real, out of fold", scores[real], labels[real].tolist(), thresholds.rewrite)
    assert ev.pr_auc >= 0.58 and ev.roc_auc >= 0.94
    assert np.mean(scores[real & ~labels] >= thresholds.rewrite) <= 0.02

    written = ~real
    flagged = scores >= thresholds.rewrite
    written_ev = evaluate("written, out of fold", scores[written], labels[written].tolist(), thresholds.rewrite)
    assert written_ev.junk.f1 >= 0.88
    assert np.mean(flagged[written & ~labels]) <= 0.05
    contradicts = (labels & (scores < thresholds.ok)) | (~labels & flagged)
    classes = np.array(rows.column("hard_case"))
    for name in sorted(set(classes[written]) - {""}):
        chosen = written & (classes == name)
        assert np.mean(contradicts[chosen]) <= 0.30, name

    test_rows = data.posts.with_split("test")
    test_posts = list(analyse(nlp, engine, test_rows.texts))
    test_scores = as_scored(model.scores(test_posts), test_posts, model.thresholds.rewrite)
    held_out = evaluate("written test split", test_scores, test_rows.labels, model.thresholds.rewrite)
    assert held_out.roc_auc >= 0.97 and held_out.junk.f1 >= 0.85


def test_scoring_never_imports_scikit_learn():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from classifier.actions import load_scorer\n"
        "from classifier.io.config import Config\n"
        "from classifier.scoring.settings import Settings\n"
        "scorer = load_scorer(None, Config(Settings())).scorer\n"
        "scorer.score('Скидка 50% только сегодня!')\n"
        "assert 'sklearn' not in sys.modules, 'sklearn imported'\n"
        "assert 'scipy.sparse' not in sys.modules, 'scipy imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
