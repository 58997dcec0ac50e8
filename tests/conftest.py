"""Shared, expensive objects: built once per test session and passed in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("POSTCHECK_SHARED", ROOT.parent / "shared" / "data"))
TG_NEWS = SHARED / "tg-news-ads" / "tg_news_posts_dev.csv"


@pytest.fixture(scope="session")
def nlp():
    from classifier.language.pipeline import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def engine(nlp):
    from classifier.signals.engine import SignalEngine

    return SignalEngine(nlp)


@pytest.fixture(scope="session")
def hits(nlp, engine):
    """hits(text) -> {signal_id: Hit}"""
    return lambda text: engine.run(nlp(text))


@pytest.fixture(scope="session")
def model():
    from classifier.actions import default_model_path
    from classifier.model.artifact import load_model

    return load_model(default_model_path())


@pytest.fixture(scope="session")
def scorer(nlp, model):
    from classifier.scoring.scorer import Scorer

    return Scorer(nlp, model)


@pytest.fixture(scope="session")
def corpus():
    from classifier.io.labelled import read_labelled

    return read_labelled(ROOT / "corpora" / "posts.jsonl")
