"""scikit-learn estimators over analysed posts (training only: imports scikit-learn).

``PostFeatures`` follows scikit-learn's conventions: ``__init__`` only stores parameters,
``fit`` returns ``self``, fitted state ends in ``_`` and ``get_feature_names_out`` names
every column, so that explanations can name the features behind a score.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from classifier.features.analysis import AnalysedPost
from classifier.features.vectorize import DenseBlock, NgramBlock, Rows, dense_names
from classifier.features.vocabulary import editor_filter, label_free, pymorphy_proper


def to_csr(rows: Rows) -> sp.csr_matrix:
    return sp.csr_matrix((rows.data, rows.indices, rows.indptr), shape=(rows.n_rows, rows.n_features))


class PostFeatures(TransformerMixin, BaseEstimator):
    """Lemma n-gram TF-IDF, character n-gram TF-IDF, signal and statistics features.

    ``vocabulary="editor"`` keeps only n-grams an editor would accept as a reason (see
    :mod:`classifier.features.vocabulary`); ``min_groups`` asks each n-gram to occur in
    posts of that many brands or channels (the ``groups`` given to :meth:`fit`).
    ``densities`` and ``stats`` add per-100-words signal densities and document
    statistics (length, lines...) to the signal counts: both make a post's length a
    feature, so the shipped model leaves them out.
    """

    def __init__(
        self,
        lemma_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (3, 5),
        min_df: int = 2,
        max_lemma_features: int | None = 20000,
        max_char_features: int | None = 30000,
        use_lemmas: bool = True,
        use_chars: bool = False,
        use_dense: bool = True,
        dense_weight: float = 1.0,
        densities: bool = False,
        stats: tuple[str, ...] = (),
        vocabulary: str = "editor",
        min_groups: int = 3,
        norm_floor: float = 0.0,
        count_unseen: bool = False,
    ) -> None:
        self.lemma_ngram_range = lemma_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.max_lemma_features = max_lemma_features
        self.max_char_features = max_char_features
        self.use_lemmas = use_lemmas
        self.use_chars = use_chars
        self.use_dense = use_dense
        self.dense_weight = dense_weight
        self.densities = densities
        self.stats = stats
        self.vocabulary = vocabulary
        self.min_groups = min_groups
        self.norm_floor = norm_floor
        self.count_unseen = count_unseen

    def fit(self, posts: Sequence[AnalysedPost], y: Sequence[int] | None = None,
            groups: Sequence[str] | None = None, sample_weight: np.ndarray | None = None) -> PostFeatures:
        posts = list(posts)
        if self.vocabulary not in ("editor", "all"):
            raise ValueError(f"vocabulary must be 'editor' or 'all', not {self.vocabulary!r}")
        keep = label_free
        if self.vocabulary == "editor":
            import pymorphy3

            keep = editor_filter(posts, pymorphy_proper(pymorphy3.MorphAnalyzer(lang="ru")))
        spread = {"groups": groups, "min_groups": self.min_groups} if groups is not None else {}
        self.lemmas_ = (
            NgramBlock.fit("lemma", self.lemma_ngram_range, posts, self.min_df, self.max_lemma_features,
                           keep=keep, norm_floor=self.norm_floor,
                           count_unseen=self.count_unseen, **spread)
            if self.use_lemmas else None
        )
        self.chars_ = (
            NgramBlock.fit("plainchar" if self.vocabulary == "editor" else "char", self.char_ngram_range, posts,
                           self.min_df, self.max_char_features, **spread)
            if self.use_chars else None
        )
        names = dense_names(densities=self.densities, stats=self.stats)
        self.dense_ = (DenseBlock.fit(posts, self.dense_weight, names, sample_weight) if self.use_dense else None)
        self.n_features_out_ = len(self.get_feature_names_out())
        return self

    def transform(self, posts: Sequence[AnalysedPost]) -> sp.csr_matrix:
        posts = list(posts)
        parts = []
        if self.lemmas_ is not None:
            parts.append(to_csr(self.lemmas_.transform(posts)))
        if self.chars_ is not None:
            parts.append(to_csr(self.chars_.transform(posts)))
        if self.dense_ is not None:
            parts.append(sp.csr_matrix(self.dense_.transform(posts)))
        return sp.hstack(parts, format="csr")

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        names: list[str] = []
        if self.lemmas_ is not None:
            names += [f"lemma:{n}" for n in self.lemmas_.names]
        if self.chars_ is not None:
            names += [f"char:{n}" for n in self.chars_.names]
        if self.dense_ is not None:
            names += list(self.dense_.names)
        return np.array(names, dtype=object)
