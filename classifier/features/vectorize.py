"""Turn analysed posts into numbers, with numpy only (scoring never imports scikit-learn).

Three blocks, each with a ``fit`` (learn vocabulary, idf or scaling) and a ``transform``:

* :class:`NgramBlock` over lemma n-grams or character n-grams: sublinear TF-IDF, rows
  normalised to unit length, like scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``;
* :class:`DenseBlock`: signal counts and densities and document statistics, scaled (not centred).

The scikit-learn estimators in :mod:`classifier.model.estimators` wrap these blocks for
training; the shipped model stores their fitted state and reuses them for scoring.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

import numpy as np
from spacy.strings import get_string_id

from classifier.features.analysis import STAT_NAMES, AnalysedPost
from classifier.features.ngrams import char_ngrams, lemma_ngrams, plain_char_ngrams, word_char_grams
from classifier.features.vocabulary import plain_words, unlabelled_words
from classifier.signals.base import MARKING
from classifier.signals.registry import SIGNALS

Extractor = Callable[[AnalysedPost, tuple[int, int]], Iterator[tuple[str, int, int]]]
EXTRACTORS: dict[str, Extractor] = {"lemma": lemma_ngrams, "char": char_ngrams, "plainchar": plain_char_ngrams}
CHAR_KINDS = frozenset({"char", "plainchar"})  # character n-grams within words (of every word, of plain words)


@dataclass
class Rows:
    """A sparse matrix in CSR form: row i holds ``indices[indptr[i]:indptr[i+1]]``."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    n_features: int

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """Row-wise dot product with a weight vector, vectorised over all rows."""
        rows = np.repeat(np.arange(self.n_rows), np.diff(self.indptr))
        return np.bincount(rows, weights=self.data * weights[self.indices], minlength=self.n_rows)

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = self.indptr[i], self.indptr[i + 1]
        return self.indices[lo:hi], self.data[lo:hi]


class NgramBlock:
    """TF-IDF over n-grams of one kind ('lemma' or 'char')."""

    def __init__(self, kind: str, ngram_range: tuple[int, int], names: Sequence[str], idf: np.ndarray,
                 oov_idf: float = 0.0, norm_floor: float = 0.0) -> None:
        self.kind = kind
        self.ngram_range = (int(ngram_range[0]), int(ngram_range[1]))
        self.names = list(names)
        self.idf = np.asarray(idf, dtype=np.float64)
        self.oov_idf = float(oov_idf)  # lemma blocks: what an n-gram outside the vocabulary adds to a row's norm
        self.norm_floor = float(norm_floor)  # a row's norm is at least this
        self._extract = EXTRACTORS[kind]
        self._word_cache: dict[int, bytes] = {}  # char blocks: word's string id -> its packed columns

    @cached_property
    def index(self) -> dict[str, int]:
        """Column of each n-gram, by its text."""
        return {name: i for i, name in enumerate(self.names)}

    @cached_property
    def key_index(self) -> dict[int | tuple[int, ...], int]:
        """Column of each lemma n-gram, by the string ids of its tokens (a tuple for n > 1).

        An n-gram's text is its tokens joined by spaces; a token may hold a space itself,
        so every way of cutting the text into n tokens is indexed.
        """
        low, high = self.ngram_range
        index: dict[int | tuple[int, ...], int] = {}
        for j, name in enumerate(self.names):
            parts = name.split(" ")
            if low == 1:
                index.setdefault(get_string_id(name), j)
            for size in range(max(low, 2), min(high, len(parts)) + 1):
                for cuts in combinations(range(1, len(parts)), size - 1):
                    bounds = (0, *cuts, len(parts))
                    key = tuple(get_string_id(" ".join(parts[a:b])) for a, b in zip(bounds, bounds[1:]))
                    index.setdefault(key, j)
        return index

    @classmethod
    def fit(
        cls,
        kind: str,
        ngram_range: tuple[int, int],
        posts: Sequence[AnalysedPost],
        min_df: int = 2,
        max_features: int | None = None,
        keep: Callable[[str], bool] | None = None,
        groups: Sequence[str] | None = None,
        min_groups: int = 1,
        norm_floor: float = 0.0,
        count_unseen: bool = False,
    ) -> NgramBlock:
        """Learn the vocabulary and smoothed idf.

        An n-gram is kept when it occurs in at least ``min_df`` posts, passes ``keep`` (see
        :mod:`classifier.features.vocabulary`) and, with ``groups`` (a brand or channel per
        post), occurs in posts of at least ``min_groups`` groups.
        """
        extract = EXTRACTORS[kind]
        df: Counter[str] = Counter()
        spread: dict[str, set[str]] = {}
        for i, post in enumerate(posts):
            grams = {gram for gram, _, _ in extract(post, ngram_range)}
            df.update(grams)
            if groups is not None and min_groups > 1:
                group = groups[i]
                for gram in grams:
                    spread.setdefault(gram, set()).add(group)
        kept = [(g, c) for g, c in df.items() if c >= min_df and (keep is None or keep(g))]
        if groups is not None and min_groups > 1:
            kept = [(g, c) for g, c in kept if len(spread[g]) >= min_groups]
        kept.sort(key=lambda gc: (-gc[1], gc[0]))  # most frequent first, ties by name
        if max_features is not None:
            kept = kept[:max_features]
        kept.sort(key=lambda gc: gc[0])  # stable, sorted vocabulary
        n = len(posts)
        idf = np.array([math.log((1 + n) / (1 + c)) + 1.0 for _, c in kept])
        oov_idf = math.log(1 + n) + 1.0 if kind == "lemma" and count_unseen else 0.0  # the idf of an unseen n-gram
        return cls(kind, ngram_range, [g for g, _ in kept], idf, oov_idf, norm_floor)

    def columns(self, post: AnalysedPost) -> list[int]:
        """Vocabulary column of every n-gram occurrence in the post (repeats included)."""
        return np.frombuffer(self._packed(post), dtype=np.int32).tolist()

    def _packed(self, post: AnalysedPost) -> bytes:
        """:meth:`columns` as packed 32-bit integers: a whole batch joins them in one step."""
        low, high = self.ngram_range
        if self.kind in CHAR_KINDS:  # a word's n-grams never change: cache its packed columns
            return b"".join(self._word_packed(post.word_keys[k], post) for k in self._words(post))
        get = self.key_index.get
        keys = post.keys
        cols: list[int] = []
        for size in range(low, high + 1):
            grams = keys if size == 1 else zip(*(keys[k:] for k in range(size)))
            cols += [j for gram in grams if (j := get(gram)) is not None]
        return array("i", cols).tobytes()

    def _words(self, post: AnalysedPost) -> Sequence[int]:
        """Indices of the words a character block reads: all but the ad label's, or the plain ones."""
        return unlabelled_words(post) if self.kind == "char" else plain_words(post)

    def _word_packed(self, key: int, post: AnalysedPost) -> bytes:
        """Packed columns of one word's character n-grams (cached by the word's string id)."""
        found = self._word_cache.get(key)
        if found is None:
            low, high = self.ngram_range
            get = self.index.get
            grams = word_char_grams(post.decode(key), low, high)
            found = array("i", [j for g in grams if (j := get(g)) is not None]).tobytes()
            if len(self._word_cache) > 500_000:
                self._word_cache.clear()
            self._word_cache[key] = found
        return found

    def token_columns(self, post: AnalysedPost) -> list[tuple[int, list[int]]]:
        """Character blocks: each read word's token index with the columns of its n-grams
        (a character n-gram never leaves its word, so explanations need no character spans)."""
        if self.kind not in CHAR_KINDS:
            raise ValueError(f"token_columns is for character blocks, not {self.kind!r}")
        word_ids, keys = post.word_ids, post.word_keys
        return [(word_ids[k], np.frombuffer(self._word_packed(keys[k], post), dtype=np.int32).tolist())
                for k in self._words(post)]

    def counts(self, post: AnalysedPost) -> Counter[int]:
        return Counter(self.columns(post))

    def _n_grams(self, post: AnalysedPost) -> int:
        """How many n-grams (in the vocabulary or not) a lemma block sees in the post."""
        n = len(post.keys)
        return sum(max(n - size + 1, 0) for size in range(self.ngram_range[0], self.ngram_range[1] + 1))

    def transform(self, posts: Iterable[AnalysedPost]) -> Rows:
        """Sublinear TF-IDF rows, computed for all posts at once.

        Each row is divided by the length of the post's whole TF-IDF vector: the n-grams
        outside the vocabulary count too (each with ``oov_idf``), so that words the
        vocabulary leaves out do not inflate the ones it keeps; and the divisor is at least
        ``norm_floor``, so that the few words of a short post weigh no more than those of a
        post of average length. Without either, rows have unit length (scikit-learn's
        ``TfidfVectorizer(sublinear_tf=True)``).
        """
        posts = list(posts)
        packed = [self._packed(post) for post in posts]
        n, width = len(packed), max(len(self.names), 1)
        lengths = np.array([len(b) for b in packed], dtype=np.int64) // 4
        wide = np.int64 if n * width >= 2**31 else np.int32
        keys = np.repeat(np.arange(n, dtype=wide), lengths) * wide(width)
        keys += np.frombuffer(b"".join(packed), dtype=np.int32)
        keys.sort()  # by row, then column
        first = np.empty(len(keys), dtype=bool)
        first[:1] = True
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        counts = np.diff(np.append(starts, len(keys)))
        rows, cols = np.divmod(keys[starts].astype(np.int64), width)
        vals = (1.0 + np.log(counts)) * self.idf[cols]
        squares = np.bincount(rows, weights=vals * vals, minlength=n)
        if self.oov_idf:
            outside = np.array([self._n_grams(p) for p in posts], dtype=np.float64) - lengths
            squares += np.maximum(outside, 0.0) * self.oov_idf ** 2
        norms = np.maximum(np.sqrt(squares), self.norm_floor)
        vals /= norms[rows]
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))]).astype(np.int64)
        return Rows(indptr, cols, vals, len(self.names))

    def occurrences(self, post: AnalysedPost, features: set[int]) -> dict[int, list[tuple[int, int]]]:
        """Character spans where each of the given features occurs in the post."""
        spans: dict[int, list[tuple[int, int]]] = {}
        for gram, start, end in self._extract(post, self.ngram_range):
            j = self.index.get(gram)
            if j is not None and j in features:
                spans.setdefault(j, []).append((start, end))
        return spans


MODEL_SIGNALS = tuple(s.id for s in SIGNALS if s.polarity != MARKING)


def dense_names(signal_ids: Sequence[str] = MODEL_SIGNALS, densities: bool = False,
                stats: Sequence[str] = ()) -> list[str]:
    """Names of the dense features: per signal its log count (and its density per 100
    words), then the chosen document statistics.

    >>> dense_names(["discount"], densities=True, stats=["emoji_share"])
    ['signal:discount', 'density:discount', 'stat:emoji_share']
    """
    names = []
    for sid in signal_ids:
        names += [f"signal:{sid}"] + ([f"density:{sid}"] if densities else [])
    return names + [f"stat:{s}" for s in stats]


def _hit_value(post: AnalysedPost, signal_id: str) -> float:
    hit = post.hits.get(signal_id)
    return hit.value if hit is not None else 0.0


# How each kind of dense feature is computed from a post and its key (a signal id or a statistic).
DENSE_KINDS: dict[str, Callable[[AnalysedPost, str], float]] = {
    "signal": lambda post, sid: math.log1p(_hit_value(post, sid)),
    "density": lambda post, sid: 100.0 * _hit_value(post, sid) / max(post.n_words, 1),
    "stat": lambda post, name: post.stats.get(name, 0.0),
}


def known_dense_name(name: str) -> bool:
    """Whether this version of postcheck can compute a dense feature of that name.

    >>> known_dense_name("signal:discount"), known_dense_name("stat:log_words"), known_dense_name("signal:nope")
    (True, True, False)
    """
    kind, _, key = name.partition(":")
    if kind == "stat":
        return key in STAT_NAMES
    return kind in DENSE_KINDS and key in MODEL_SIGNALS


class DenseBlock:
    """Signal and statistics features, scaled by a fitted scale (the mean is kept for model files and is 0).

    Each feature is named ``kind:key`` (see :func:`dense_names`); a model file lists the
    names, so a model trained with other dense features still scores correctly.
    """

    def __init__(self, names: Sequence[str], mean: np.ndarray, scale: np.ndarray) -> None:
        self.names = list(names)
        self.mean = np.asarray(mean, dtype=np.float64)
        self.scale = np.asarray(scale, dtype=np.float64)
        self._features = [(DENSE_KINDS[kind], key) for kind, _, key in (n.partition(":") for n in self.names)]

    def raw(self, posts: Iterable[AnalysedPost]) -> np.ndarray:
        """Unscaled feature values, one row per post."""
        rows = [[compute(post, key) for compute, key in self._features] for post in posts]
        return np.array(rows, dtype=np.float64).reshape(len(rows), len(self.names))

    @classmethod
    def fit(cls, posts: Sequence[AnalysedPost], weight: float = 1.0, names: Sequence[str] | None = None,
            sample_weight: np.ndarray | None = None) -> DenseBlock:
        """Scale each feature to unit root mean square, then multiply the block by ``weight``.

        Features are not centred: a signal that did not fire is 0 and adds nothing to a
        post's decision, so each fired signal's share of a score is its own (the intercept
        holds the rest). The weight sets how strongly the block competes with the TF-IDF
        blocks (whose rows have unit length) under the same regularisation; it is folded
        into ``scale``.
        """
        names = list(names) if names is not None else dense_names()
        raw = cls(names, np.zeros(len(names)), np.ones(len(names))).raw(posts)
        scale = np.sqrt(np.average(raw ** 2, axis=0, weights=sample_weight))
        scale[scale == 0] = 1.0
        return cls(names, np.zeros(len(names)), scale / weight)

    def transform(self, posts: Iterable[AnalysedPost]) -> np.ndarray:
        return (self.raw(posts) - self.mean) / self.scale
