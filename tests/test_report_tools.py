"""Signal coverage report, feature extraction and configuration files."""

from __future__ import annotations

import json

import pytest

from classifier.errors import ConfigError
from classifier.features.analysis import analyse
from classifier.features.vectorize import NgramBlock
from classifier.io.config import find_config, load_config
from classifier.signals.coverage import signal_coverage


def test_coverage_and_precision_per_label(nlp, engine):
    texts = ["Скидка 50%! Успейте купить!", "Скидки до 70% только сегодня!", "Как выбрать арбуз: постучите."]
    rows = {r.signal.id: r for r in signal_coverage(nlp, engine, texts, [True, True, False])}
    assert rows["discount"].fired_junk == 2 and rows["discount"].fired_value == 0
    assert rows["discount"].coverage_junk == 1.0 and rows["discount"].precision == 1.0
    assert rows["advice"].fired_value == 1 and rows["advice"].precision == 1.0
    assert rows["hashtag_stuffing"].precision is None


def test_signals_report_command(tmp_path, capsys):
    from classifier.cli import main

    data = tmp_path / "labelled.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"text": "Скидка 50%! Успейте купить!", "label": "реклама"},
        {"text": "Как выбрать арбуз: постучите по корке.", "label": "польза"},
    ]), encoding="utf-8")
    assert main(["signals", "--report", str(data)]) == 0
    out = capsys.readouterr().out
    assert "discount" in out and "точность" in out and "охват" in out


def test_unknown_labels_are_listed(tmp_path, capsys):
    from classifier.cli import main

    data = tmp_path / "labelled.csv"
    data.write_text("text,label\nПривет,может быть\n", encoding="utf-8")
    assert main(["signals", "--report", str(data)]) == 2
    assert "неизвестные метки" in capsys.readouterr().err


def test_char_ngrams_within_words_with_spans(nlp, engine):
    post = next(analyse(nlp, engine, ["Акция! Акции"]))
    block = NgramBlock("char", (3, 3), [" ак", "акц", "ции"], [1.0, 1.0, 1.0])
    assert block.counts(post) == {0: 2, 1: 2, 2: 1}
    spans = block.occurrences(post, {2})[2]
    assert ["Акция! Акции"[s:e] for s, e in spans] == ["ции"]


def test_char_columns_by_word_match_the_spans(nlp, engine):
    post = next(analyse(nlp, engine, ["Акция! Акции"]))
    block = NgramBlock("char", (3, 3), [" ак", "акц", "ции"], [1.0, 1.0, 1.0])
    text = "Акция! Акции"
    by_word = {text[slice(*post.offsets[t])]: sorted(columns) for t, columns in block.token_columns(post)}
    assert by_word == {"Акция": [0, 1], "Акции": [0, 1, 2]}
    with pytest.raises(ValueError):
        NgramBlock("lemma", (1, 1), ["акция"], [1.0]).token_columns(post)


def test_config_found_upward_and_validated(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.postcheck]\nrewrite_threshold = 70\n', encoding="utf-8")
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    assert find_config() == tmp_path / "pyproject.toml"
    assert load_config().settings.rewrite_threshold == 70
    (inner / "postcheck.toml").write_text("fail_on = 'sometimes'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="fail_on"):
        load_config()
    (inner / "postcheck.toml").write_text("colour = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="неизвестные настройки"):
        load_config()
    (inner / "postcheck.toml").write_text("rewrite_threshold = [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="строка 1: список не закрыт"):
        load_config()
