"""Does a post sell anything? Without a sign of selling, no post is told to be rewritten.

A model of word weights can score a post high for words that merely tend to appear in
adverts (a product name, «линейка», «магазин»). An editor trusts «переписать» only when the
report can quote what sells, so a post is capped just below the `rewrite` threshold unless

* a junk signal other than shouting fired (a call to buy, call or click; a price, discount or
  promo code; urgency; giveaways and follower chasing; self-praise; unreal promises; a brand
  monologue; a block of contacts; a pile of hashtags): each quotes what it found, or
* one of its words is sales language (:data:`classifier.signals.lexicon.SALES_LEMMAS`), or
  it holds a tracked, shortened or invite link.

Measured on out-of-fold scores (see the model card): the cap keeps 0.2% of news posts and
0.1% of written value posts out of `rewrite`, and moves 4% of the real adverts and 6% of
the written junk from `rewrite` to `borderline`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.strings import get_string_id

from classifier.features.analysis import URL_PLACEHOLDERS, AnalysedPost
from classifier.signals.base import CATEGORIES
from classifier.signals.lexicon import SALES_LEMMAS
from classifier.signals.registry import BY_ID

SELLING_SIGNALS = frozenset(s.id for s in BY_ID.values() if CATEGORIES[s.category].pushes)
SALES_WORD_KEYS = frozenset(get_string_id(w) for w in SALES_LEMMAS)
SELLING_LINKS = frozenset(URL_PLACEHOLDERS[k] for k in ("tracked", "short", "invite"))
SELLING_LINK_KEYS = frozenset(get_string_id(link) for link in SELLING_LINKS)

CAPPED = (
    "В посте нет ни призыва, ни цены, ни продающих слов: оценка ограничена уровнем «на грани» — "
    "проверьте пост глазами, но переписывать его по этой причине не нужно."
)


def sells(post: AnalysedPost) -> bool:
    """Whether the post shows a sign of selling (see the module docstring)."""
    if any(hit.fired for sid, hit in post.hits.items() if sid in SELLING_SIGNALS):
        return True
    return sells_in_words(post)


def sells_in_words(post: AnalysedPost) -> bool:
    """Whether any word of the post is sales language, or a link a seller tracks or shortens."""
    return not (SALES_WORD_KEYS.isdisjoint(post.keys) and SELLING_LINK_KEYS.isdisjoint(post.keys))


def capped_score(score: float, rewrite: float) -> float:
    """The highest score a post without a sign of selling may have: just below ``rewrite``.

    >>> capped_score(97.3, 55.0), capped_score(12.0, 55.0)
    (54.9, 12.0)
    """
    return min(score, round(rewrite - 0.1, 1))


def as_scored(scores: Sequence[float], posts: Sequence[AnalysedPost], rewrite: float) -> np.ndarray:
    """Model scores as scoring reports them: capped below ``rewrite`` for posts that do not sell
    (for evaluations, which should measure what a user sees)."""
    return np.array([s if sells(p) else capped_score(float(s), rewrite) for s, p in zip(scores, posts)])
