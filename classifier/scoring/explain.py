"""Turn a post's per-feature contributions into evidence a content editor can act on.

* Every fired signal becomes a reason of its own; its part of the decision is what its
  features add.
* Word and character n-gram features are spread over the words they cover; the words
  pulling towards junk form one reason («Рекламная лексика»), the words pulling towards
  value another. Words already quoted by a signal are left out of their quotes, so nothing
  is said twice.
* Document statistics (length, lines, digits, emoji), when a model has them, form «Объём и
  форма текста».

The points of each reason are computed from these parts by :mod:`classifier.scoring.points`.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from classifier.features.analysis import AnalysedPost
from classifier.features.vocabulary import EVERYDAY
from classifier.language.everyday import CALENDAR
from classifier.model.linear import Contributions, Features, JunkModel
from classifier.scoring.points import Part
from classifier.scoring.result import Reason, TextSpan
from classifier.scoring.selling import SELLING_LINKS, SELLING_SIGNALS, sells_in_words
from classifier.signals.base import CATEGORIES, MARKING, VALUE
from classifier.signals.lexicon import SALES_LEMMAS
from classifier.signals.registry import BY_ID

MAX_WORD_SPANS = 8
MIN_WORD_LOGIT = 0.05

JUNK_WORDS = dict(
    signal="model:junk_words", category="vocabulary", polarity="junk", title="Рекламная лексика",
    why="Модель, обученная на размеченных постах брендов, связывает эти слова и обороты с "
        "рекламой, которая служит бренду, а не читателю.",
    tip="Перепишите эти места через пользу для читателя: что он узнает, получит или сможет "
        "сделать после поста.",
    mistake=5,
)
JUNK_TONE = dict(
    signal="model:junk_tone", category="vocabulary", polarity="junk", title="Общий тон текста",
    why="Модель складывает вклад всех слов поста. Ни одно из них само по себе не продаёт, но вместе "
        "они звучат как объявление о продукте, а не как пост для читателя.",
    tip="Проверьте, о ком пост: о задаче читателя или о бренде и продукте. Добавьте то, что читатель "
        "унесёт с собой, даже если ничего не купит.",
    mistake=5,
)
VALUE_WORDS = dict(
    signal="model:value_words", category="vocabulary", polarity="value",
    title="Лексика полезного поста",
    why="Эти слова и обороты модель встречала в постах, полезных читателю: советы, "
        "объяснения, конкретика.",
    tip="Сохраните их: они делают пост полезным.",
)
SHAPE_JUNK = dict(
    signal="model:text_shape", category="text_shape", polarity="junk", title="Объём и форма текста",
    why="Длина, число строк, доля цифр и эмодзи в этом посте типичны для рекламных объявлений.",
    tip="Добавьте содержание: объясните, расскажите, дайте конкретику — пост из цены и "
        "призыва читается как объявление.",
)
SHAPE_VALUE = dict(
    signal="model:text_shape", category="text_shape", polarity="value", title="Объём и форма текста",
    why="Длина и структура поста типичны для полезных постов.",
    tip="Структура работает на читателя — сохраните её.",
)

# Every reason the model itself gives (not a rule signal); `postcheck explain` reads them here.
MODEL_REASONS = (JUNK_WORDS, JUNK_TONE, VALUE_WORDS, SHAPE_JUNK, SHAPE_VALUE)


@dataclass(frozen=True)
class Evidence:
    """A reason before it has points: its texts and quotes, and its part of the decision value
    with its roles in the gate (:class:`classifier.scoring.points.Part`)."""

    reason: Reason
    part: Part


def signal_part(signal_id: str, logit: float) -> Part:
    """A fired signal's part of the decision, with the roles its declaration gives it."""
    sig = BY_ID[signal_id]
    return Part(logit, opens=signal_id in SELLING_SIGNALS, hard=sig.hard_push, value=sig.polarity == VALUE,
                withholds=sig.withholds)


def signal_reason(signal_id: str, text: str, spans: Iterable[tuple[int, int]]) -> Reason:
    """The reason of a fired signal, without its points yet."""
    sig = BY_ID[signal_id]
    return Reason(signal=sig.id, category=sig.category, polarity=sig.polarity, title=sig.title, why=sig.why,
                  tip=sig.tip, weight=0.0, spans=spans_of(text, spans), mistake=sig.mistake)


class Explainer:
    """Builds the evidence (reasons and their parts of the decision) for posts scored by one model."""

    def __init__(self, model: JunkModel) -> None:
        self.model = model
        dense = model.dense
        groups: dict[str, list[int]] = {}
        self._stat_columns: list[int] = []
        if dense is not None:
            for i, name in enumerate(dense.names):
                kind, _, key = name.partition(":")
                if kind in ("signal", "density"):
                    groups.setdefault(key, []).append(i)
                elif kind == "stat":
                    self._stat_columns.append(i)
        self._group_of = {key: g for g, key in enumerate(groups)}  # signal id -> its group
        self._membership = np.zeros((len(dense.names) if dense is not None else 0, len(groups)))
        for g, columns in enumerate(groups.values()):
            self._membership[columns, g] = 1.0
        self._signs = [(name, np.maximum(coef, 0.0), np.minimum(coef, 0.0))
                       for name, coef in (("lemmas", model.lemma_coef), ("chars", model.char_coef))]

    def evidence_many(self, posts: Sequence[AnalysedPost], features: Features,
                      with_spans: bool = True) -> list[list[Evidence]]:
        """Evidence of many posts; the sums behind it are computed for all posts at once.
        ``with_spans=False`` skips locating the words (faster)."""
        model, n = self.model, len(posts)
        junk_words, value_words = np.zeros(n), np.zeros(n)
        for name, positive, negative in self._signs:
            rows = getattr(features, name)
            if rows is not None and n:
                junk_words += rows.dot(positive)
                value_words += rows.dot(negative)
        shape = np.zeros(n)
        groups: list[list[float]] = [[] for _ in range(n)]
        if features.dense is not None and n:
            dense = features.dense * model.dense_coef
            shape = dense[:, self._stat_columns].sum(axis=1)
            groups = (dense @ self._membership).tolist()
        return [
            self._evidence(post, float(junk_words[i]), float(value_words[i]), float(shape[i]), groups[i],
                           model.contributions(features, i) if with_spans else None)
            for i, post in enumerate(posts)
        ]

    def _evidence(self, post: AnalysedPost, junk_words: float, value_words: float, shape: float,
                  groups: list[float], contrib: Contributions | None) -> list[Evidence]:
        found = self._signal_evidence(post, groups, contrib is not None)
        found += self._word_evidence(post, contrib, junk_words, 1.0)
        found += self._word_evidence(post, contrib, value_words, -1.0)
        if abs(shape) >= MIN_WORD_LOGIT:
            found.append(Evidence(Reason(**(SHAPE_JUNK if shape > 0 else SHAPE_VALUE), weight=0.0), Part(shape)))
        return found

    def _signal_evidence(self, post: AnalysedPost, groups: list[float], with_spans: bool) -> list[Evidence]:
        found = []
        for signal_id, hit in post.hits.items():
            if not hit.fired or BY_ID.get(signal_id) is None or BY_ID[signal_id].polarity == MARKING:
                continue
            g = self._group_of.get(signal_id)
            reason = signal_reason(signal_id, post.text, hit.spans if with_spans else ())
            found.append(Evidence(reason, signal_part(signal_id, groups[g] if g is not None else 0.0)))
        return found

    def _word_evidence(self, post: AnalysedPost, contrib: Contributions | None, logit: float,
                       sign: float) -> list[Evidence]:
        """One reason for the words pulling one way: junk words (``sign`` 1) or value words (-1).

        Thousands of small word weights pull both ways in every post; the words of each side
        are one reason. Its quotes are the words pulling hardest that way, leaving out words a
        signal already quotes; they are located only when ``contrib`` is given.
        """
        if abs(logit) < MIN_WORD_LOGIT:
            return []
        if sign > 0:  # junk: only sales language is quoted («купить», «скидка»...), never a place or a date
            texts, quotable = (JUNK_WORDS if sells_in_words(post) else JUNK_TONE), _sales_word
        else:
            texts, quotable = VALUE_WORDS, _content_word
        chosen: list[int] = []
        if contrib is not None and texts is not JUNK_TONE:
            covered = _signal_spans(post)
            scores = self._token_scores(post, contrib)
            floor = 0.0 if sign > 0 else MIN_WORD_LOGIT
            pulling = [t for t, s in scores.items() if s * sign > floor and quotable(post.tokens[t])]
            uncovered = [t for t in pulling if not _overlaps(post.offsets[t], covered)]
            pulling = uncovered or (pulling if sign > 0 else [])  # a sales word a signal quotes too, if no other
            chosen = sorted(pulling, key=lambda t: -scores[t] * sign)[:MAX_WORD_SPANS]
        offsets = sorted(post.offsets[t] for t in chosen)
        return [Evidence(Reason(**texts, weight=0.0, spans=spans_of(post.text, offsets)), Part(logit))]

    def _token_scores(self, post: AnalysedPost, contrib: Contributions) -> dict[int, float]:
        """Contribution of the lemma and character n-grams, spread over feature tokens: each
        n-gram's share is split between its occurrences, and an occurrence's between the
        tokens it covers."""
        scores: dict[int, float] = {}
        lemmas, chars = self.model.lemmas, self.model.chars
        if lemmas is not None and "lemma" in contrib.parts:
            starts = [s for s, _ in post.offsets]
            values = _part_values(contrib, "lemma")
            for j, spans in lemmas.occurrences(post, set(values)).items():
                share = values[j] / len(spans)
                for start, end in spans:
                    tokens = _tokens_in(starts, post.offsets, start, end)
                    for t in tokens:
                        scores[t] = scores.get(t, 0.0) + share / len(tokens)
        if chars is not None and "char" in contrib.parts:
            values = _part_values(contrib, "char")
            words = chars.token_columns(post)
            seen = Counter(j for _, columns in words for j in columns if j in values)
            for t, columns in words:
                part = sum(values[j] / seen[j] for j in columns if j in values)
                if part:
                    scores[t] = scores.get(t, 0.0) + part
        return scores


def _part_values(contrib: Contributions, name: str) -> dict[int, float]:
    idx, val = contrib.parts[name]
    return dict(zip(idx.tolist(), val.tolist()))


def _sales_word(token: str) -> bool:
    """A word that reads as selling (:data:`~classifier.signals.lexicon.SALES_LEMMAS`), or a
    tracked, shortened or invite link."""
    return token in SALES_LEMMAS or token in SELLING_LINKS


def _content_word(token: str) -> bool:
    """A word worth quoting as value: not a function, everyday or calendar word, a placeholder
    or punctuation."""
    return token not in EVERYDAY and token not in CALENDAR and token[:1].isalnum() and not token.startswith("<")


def _tokens_in(starts: list[int], offsets: list[tuple[int, int]], start: int, end: int) -> list[int]:
    """Feature tokens inside the character span (at least the one holding ``start``)."""
    first = max(bisect.bisect_right(starts, start) - 1, 0)
    found = [first]
    t = first + 1
    while t < len(offsets) and offsets[t][0] < end:
        found.append(t)
        t += 1
    return found


def _signal_spans(post: AnalysedPost) -> list[tuple[int, int]]:
    return sorted(span for hit in post.hits.values() if hit.fired for span in hit.spans)


def _overlaps(span: tuple[int, int], covered: list[tuple[int, int]]) -> bool:
    start, end = span
    return any(s < end and start < e for s, e in covered)


def spans_of(text: str, spans: Iterable[tuple[int, int]]) -> tuple[TextSpan, ...]:
    return tuple(TextSpan(s, e, text[s:e]) for s, e in spans)


def category_title(category: str) -> str:
    cat = CATEGORIES.get(category)
    if cat is not None:
        return cat.title
    return {"vocabulary": "Лексика", "text_shape": "Форма текста", "custom": "Стоп-фразы"}.get(category, category)
