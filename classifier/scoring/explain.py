"""Turn a post's per-feature contributions into reasons a content editor can act on.

* Every fired signal becomes a reason of its own; its weight is what its features add.
* Word and character n-gram features are spread over the words they cover; words pushing
  towards junk form one reason («Рекламная лексика»), words pushing towards value another.
  Words already quoted by a signal are left out of these two, so nothing is said twice.
* Document statistics (length, lines, digits, emoji) form «Объём и форма текста».

A reason's ``weight`` is in score points: how much lower (junk) or higher (value) the score
would be without that reason's features, other things equal.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from classifier.features.analysis import AnalysedPost
from classifier.features.vocabulary import EVERYDAY
from classifier.language.everyday import CALENDAR
from classifier.model.linear import Contributions, Features, JunkModel, logistic
from classifier.scoring.result import Reason, TextSpan
from classifier.scoring.selling import SELLING_LINKS, sells_in_words
from classifier.signals.base import CATEGORIES, MARKING
from classifier.signals.lexicon import SALES_LEMMAS
from classifier.signals.registry import BY_ID

MAX_WORD_SPANS = 8
MIN_WORD_LOGIT = 0.05
MIN_SHAPE_POINTS = 1.0

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


def points(calibration: tuple[float, float], decision: float, part: float) -> float:
    """Score points that ``part`` of the decision value adds.

    The average of two views: what removing the part takes from this post's score, and
    what adding it gives a neutral post (score 50). The first alone says 0 for every
    reason of a post scored 100 (the curve is flat there); the second alone ignores how
    sure the model already is.
    """
    a, b = calibration
    here = logistic(a * decision + b) - logistic(a * (decision - part) + b)
    neutral = logistic(a * part) - 0.5
    return 50.0 * (here + neutral)


class Explainer:
    """Builds reasons for posts scored by one model."""

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

    def points(self, decision: float, part: float) -> float:
        return points(self.model.calibration, decision, part)

    def reasons_many(self, posts: Sequence[AnalysedPost], features: Features, decisions: np.ndarray,
                     with_spans: bool = True) -> list[list[Reason]]:
        """Reasons of many posts, strongest first; the sums behind them are computed for all
        posts at once. ``decisions`` are the model's own (``JunkModel.decision``), without
        configured phrases. ``with_spans=False`` skips locating the words (faster)."""
        model, n = self.model, len(posts)
        words = decisions - model.intercept  # what the n-gram blocks add: the rest once dense is out
        shape = np.zeros(n)
        groups: list[list[float]] = [[] for _ in range(n)]
        if features.dense is not None and n:
            dense = features.dense * model.dense_coef
            words = words - dense.sum(axis=1)
            shape = dense[:, self._stat_columns].sum(axis=1)
            groups = (dense @ self._membership).tolist()
        return [
            self._reasons(post, float(decisions[i]), float(words[i]), float(shape[i]), groups[i],
                          model.contributions(features, i) if with_spans else None)
            for i, post in enumerate(posts)
        ]

    def _reasons(self, post: AnalysedPost, decision: float, words: float, shape: float, groups: list[float],
                 contrib: Contributions | None) -> list[Reason]:
        reasons = self._signal_reasons(post, groups, decision, contrib is not None)
        reasons += self._word_reasons(post, contrib, decision, words)
        shape_points = self.points(decision, shape)
        if abs(shape_points) >= MIN_SHAPE_POINTS:
            texts = SHAPE_JUNK if shape_points > 0 else SHAPE_VALUE
            reasons.append(Reason(**texts, weight=round(shape_points, 1)))
        reasons.sort(key=lambda r: (-abs(r.weight), r.signal))
        return reasons

    def _signal_reasons(self, post: AnalysedPost, groups: list[float], decision: float,
                        with_spans: bool) -> list[Reason]:
        reasons = []
        group_of = self._group_of
        for signal_id, hit in post.hits.items():
            if not hit.fired:
                continue
            sig = BY_ID.get(signal_id)
            if sig is None or sig.polarity == MARKING:
                continue
            g = group_of.get(signal_id)
            part = groups[g] if g is not None else 0.0
            reasons.append(Reason(
                signal=sig.id, category=sig.category, polarity=sig.polarity,
                title=sig.title, why=sig.why, tip=sig.tip,
                weight=round(self.points(decision, part), 1),
                spans=spans_of(post.text, hit.spans) if with_spans else (), mistake=sig.mistake,
            ))
        return reasons

    def _word_reasons(self, post: AnalysedPost, contrib: Contributions | None, decision: float,
                      net: float) -> list[Reason]:
        """One reason for what the words add up to (``net``): junk words or value words.

        Thousands of small word weights pull both ways in every post; only their net effect
        is a reason. Its quotes are the words pulling hardest that way, leaving out words a
        signal already quotes; they are located only when ``contrib`` is given.
        """
        weight = round(self.points(decision, net), 1)
        if abs(net) < MIN_WORD_LOGIT or weight == 0:
            return []
        if net > 0:  # junk: only sales language is quoted («купить», «скидка»...), never a place or a date
            texts, sign, quotable = (JUNK_WORDS if sells_in_words(post) else JUNK_TONE), 1.0, _sales_word
        else:
            texts, sign, quotable = VALUE_WORDS, -1.0, _content_word
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
        return [Reason(**texts, weight=weight, spans=spans_of(post.text, offsets))]

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
