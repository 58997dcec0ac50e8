"""Turn analysed posts into numbers, with numpy only (scoring never imports scikit-learn).

Three blocks, each with a ``fit`` (learn vocabulary, idf or scaling) and a ``transform``:

* :class:`NgramBlock` over lemma n-grams or character n-grams: sublinear TF-IDF, rows
  normalised to unit length, like scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``;
* :class:`DenseBlock`: signal counts and densities and document statistics, standardised.

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
from classifier.features.ngrams import char_ngrams, lemma_ngrams, word_char_grams
from classifier.signals.base import MARKING
from classifier.signals.registry import SIGNALS

Extractor = Callable[[AnalysedPost, tuple[int, int]], Iterator[tuple[str, int, int]]]
EXTRACTORS: dict[str, Extractor] = {"lemma": lemma_ngrams, "char": char_ngrams}


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

    def __init__(self, kind: str, ngram_range: tuple[int, int], names: Sequence[str], idf: np.ndarray) -> None:
        self.kind = kind
        self.ngram_range = (int(ngram_range[0]), int(ngram_range[1]))
        self.names = list(names)
        self.idf = np.asarray(idf, dtype=np.float64)
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
    ) -> NgramBlock:
        """Learn the vocabulary (n-grams in at least ``min_df`` posts) and smoothed idf."""
        extract = EXTRACTORS[kind]
        df: Counter[str] = Counter()
        for post in posts:
            df.update({gram for gram, _, _ in extract(post, ngram_range)})
        kept = [(g, c) for g, c in df.items() if c >= min_df]
        kept.sort(key=lambda gc: (-gc[1], gc[0]))  # most frequent first, ties by name
        if max_features is not None:
            kept = kept[:max_features]
        kept.sort(key=lambda gc: gc[0])  # stable, sorted vocabulary
        n = len(posts)
        idf = np.array([math.log((1 + n) / (1 + c)) + 1.0 for _, c in kept])
        return cls(kind, ngram_range, [g for g, _ in kept], idf)

    def columns(self, post: AnalysedPost) -> list[int]:
        """Vocabulary column of every n-gram occurrence in the post (repeats included)."""
        return np.frombuffer(self._packed(post), dtype=np.int32).tolist()

    def _packed(self, post: AnalysedPost) -> bytes:
        """:meth:`columns` as packed 32-bit integers: a whole batch joins them in one step."""
        low, high = self.ngram_range
        if self.kind == "char":  # a word's n-grams never change: cache its packed columns
            cache = self._word_cache
            packed = []
            for key in post.word_keys:
                found = cache.get(key)
                if found is None:
                    get = self.index.get
                    grams = word_char_grams(post.decode(key), low, high)
                    found = array("i", [j for g in grams if (j := get(g)) is not None]).tobytes()
                    if len(cache) > 500_000:
                        cache.clear()
                    cache[key] = found
                packed.append(found)
            return b"".join(packed)
        get = self.key_index.get
        keys = post.keys
        cols: list[int] = []
        for size in range(low, high + 1):
            grams = keys if size == 1 else zip(*(keys[k:] for k in range(size)))
            cols += [j for gram in grams if (j := get(gram)) is not None]
        return array("i", cols).tobytes()

    def counts(self, post: AnalysedPost) -> Counter[int]:
        return Counter(self.columns(post))

    def transform(self, posts: Iterable[AnalysedPost]) -> Rows:
        """Sublinear TF-IDF rows of unit length, computed for all posts at once."""
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
        norms = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=n))
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


def dense_names(signal_ids: Sequence[str] = MODEL_SIGNALS) -> list[str]:
    """Names of the dense features: two per signal, then the document statistics."""
    names = []
    for sid in signal_ids:
        names += [f"signal:{sid}", f"density:{sid}"]
    return names + [f"stat:{s}" for s in STAT_NAMES]


def dense_raw(post: AnalysedPost, signal_ids: Sequence[str] = MODEL_SIGNALS) -> list[float]:
    """Unscaled dense features of one post: log count and per-100-words density per signal."""
    words = max(post.n_words, 1)
    values = []
    for sid in signal_ids:
        hit = post.hits.get(sid)
        v = hit.value if hit is not None else 0.0
        values += [math.log1p(v), 100.0 * v / words]
    return values + [post.stats.get(s, 0.0) for s in STAT_NAMES]


class DenseBlock:
    """Signal and statistics features, standardised with a fitted mean and scale."""

    def __init__(self, names: Sequence[str], mean: np.ndarray, scale: np.ndarray) -> None:
        self.names = list(names)
        self.mean = np.asarray(mean, dtype=np.float64)
        self.scale = np.asarray(scale, dtype=np.float64)
        self.signal_ids = [n.split(":", 1)[1] for n in self.names if n.startswith("signal:")]

    @classmethod
    def fit(cls, posts: Sequence[AnalysedPost], weight: float = 1.0) -> DenseBlock:
        """Standardise each feature, then multiply the block by ``weight``.

        The weight sets how strongly the block competes with the TF-IDF blocks (whose
        rows have unit length) under the same regularisation; it is folded into ``scale``.
        """
        raw = np.array([dense_raw(p) for p in posts], dtype=np.float64)
        mean = raw.mean(axis=0)
        scale = raw.std(axis=0)
        scale[scale == 0] = 1.0
        return cls(dense_names(), mean, scale / weight)

    def transform(self, posts: Iterable[AnalysedPost]) -> np.ndarray:
        raw = np.array([dense_raw(p, self.signal_ids) for p in posts], dtype=np.float64)
        if raw.size == 0:
            return np.zeros((0, len(self.names)))
        return (raw - self.mean) / self.scale
