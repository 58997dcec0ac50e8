"""Does a post push? Without a push no post is told to be rewritten; a hard push with
nothing for the reader always is.

A model of word weights can score a post high for words that merely tend to appear in
adverts («бесплатный», «приз», «оформить»); in a free event, a quiz or a vacancy they push
nothing. An editor trusts «переписать» only when the report can quote the push, so

* **the gate**: a post is capped just below the `rewrite` threshold unless a signal that
  pushes fired (a call to buy, call or click; how to get a product; a price, discount or
  promo code; urgency; giveaways and follower chasing; self-praise; unreal promises; a brand
  monologue; a block of contacts; a pile of hashtags): each quotes what it found. Sales words
  alone no longer open it;
* **the floor**: a hard push (a signal declared ``hard_push``) with no value signal beside it
  makes the post `rewrite`, however short: «Звоните прямо сейчас! Телефон в шапке профиля»;
  so does content held back for reactions (``withholds``: «наберём 100 лайков — выложим рецепт»),
  whatever else the post has.

Both rules are part of the score function whose exact shares the report shows
(:mod:`classifier.scoring.points`); this module declares them for a whole post, for training
and evaluation.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.strings import get_string_id

from classifier.features.analysis import URL_PLACEHOLDERS, AnalysedPost
from classifier.model.linear import gated
from classifier.signals.base import VALUE
from classifier.signals.lexicon import SALES_LEMMAS
from classifier.signals.registry import BY_ID

SELLING_SIGNALS = frozenset(s.id for s in BY_ID.values() if s.pushes)
HARD_PUSHES = frozenset(s.id for s in BY_ID.values() if s.hard_push)
WITHHOLDING = frozenset(s.id for s in BY_ID.values() if s.withholds)
VALUE_SIGNALS = frozenset(s.id for s in BY_ID.values() if s.polarity == VALUE)
SALES_WORD_KEYS = frozenset(get_string_id(w) for w in SALES_LEMMAS)
SELLING_LINKS = frozenset(URL_PLACEHOLDERS[k] for k in ("tracked", "short", "invite"))
SELLING_LINK_KEYS = frozenset(get_string_id(link) for link in SELLING_LINKS)

CAPPED = (
    "В посте нет ни призыва, ни цены, ни другого нажима: оценка ограничена уровнем «на грани» — "
    "проверьте пост глазами, но переписывать его по этой причине не нужно."
)
FLOORED = (
    "В посте есть прямой нажим (призыв, скидка, срочность…) и нет ничего для читателя: такой пост "
    "нужно переписать, даже если он короткий."
)


def sells(post: AnalysedPost) -> bool:
    """Whether a signal that pushes fired (the gate is open)."""
    return any(hit.fired for sid, hit in post.hits.items() if sid in SELLING_SIGNALS)


def floored(post: AnalysedPost) -> bool:
    """Whether a hard push fired with no value signal beside it, or content is held back for reactions."""
    fired = {sid for sid, hit in post.hits.items() if hit.fired}
    if not fired.isdisjoint(WITHHOLDING):
        return True
    return not fired.isdisjoint(HARD_PUSHES) and fired.isdisjoint(VALUE_SIGNALS)


def sells_in_words(post: AnalysedPost) -> bool:
    """Whether any word of the post is sales language, or a link a seller tracks or shortens."""
    return not (SALES_WORD_KEYS.isdisjoint(post.keys) and SELLING_LINK_KEYS.isdisjoint(post.keys))


def as_scored(scores: Sequence[float], posts: Sequence[AnalysedPost], rewrite: float) -> np.ndarray:
    """Model scores as scoring reports them: capped below ``rewrite`` for posts that do not push,
    lifted to ``rewrite`` for a hard push with nothing for the reader (for evaluations, which
    should measure what a user sees).

    >>> from types import SimpleNamespace as Post
    >>> as_scored([97.3, 12.0], [Post(hits={}), Post(hits={})], 55.0).tolist()
    [54.9, 12.0]
    """
    opens = np.array([sells(p) for p in posts], dtype=bool)
    lifted = np.array([floored(p) for p in posts], dtype=bool)
    return gated(np.asarray(scores, dtype=float), opens, lifted, rewrite)
