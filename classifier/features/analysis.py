"""One analysed post: what the feature extractors and the explanations need from it.

A post is analysed once (language layer, then every signal) and the result is kept in an
:class:`AnalysedPost`: feature tokens (lemmas, or placeholders for prices, links and
the like) with their character offsets in the original text, the lower-case words for
character n-grams, the signal hits and a few document statistics.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property

import numpy as np
from spacy.attrs import IDX, LEMMA, LENGTH, NORM, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from classifier.language import patterns as kinds
from classifier.language.tokenizer import TEXT_KEY
from classifier.signals.base import COLUMN, TOKEN_ATTRS, Context, Hit
from classifier.signals.engine import SignalEngine

# Feature tokens that stand for a whole kind of special token.
PLACEHOLDERS = {
    kinds.PRICE: "<цена>",
    kinds.URL: "<ссылка>",
    kinds.EMAIL: "<email>",
    kinds.PHONE: "<телефон>",
    kinds.MENTION: "<упоминание>",
    kinds.VKLINK: "<vk-ссылка>",
    kinds.NUMBER: "<число>",
}


class AnalysedPost:
    """A post as the feature extractors and the explanations see it.

    Feature tokens and words are kept as spaCy string ids (``keys``, ``word_keys``), which
    the model looks up directly; ``tokens`` and ``words`` decode them on first use (for
    training and for locating the words behind a reason).
    """

    def __init__(
        self,
        text: str,
        keys: list[int],  # string id of each feature token: lemma, form or placeholder
        starts: list[int],  # character span of each feature token in ``text``
        ends: list[int],
        word_ids: list[int],  # indices into ``keys`` of plain words (for character n-grams)
        word_keys: list[int],  # string ids of their lower-case, ё-folded forms
        hits: dict[str, Hit],
        stats: dict[str, float],
        strings: Mapping[int, str],  # decodes the string ids (the pipeline's StringStore)
    ) -> None:
        self.text = text
        self.keys = keys
        self.starts = starts
        self.ends = ends
        self.word_ids = word_ids
        self.word_keys = word_keys
        self.hits = hits
        self.stats = stats
        self.strings = strings

    @classmethod
    def of_tokens(cls, text: str, tokens: list[str], offsets: list[tuple[int, int]], word_ids: list[int],
                  hits: dict[str, Hit] | None = None) -> AnalysedPost:
        """A post from ready-made feature tokens (examples and tests); words are the tokens at
        ``word_ids``, lower-cased."""
        words = [tokens[i].lower() for i in word_ids]
        strings = {get_string_id(t): t for t in [*tokens, *words]}
        return cls(text, [get_string_id(t) for t in tokens], [s for s, _ in offsets], [e for _, e in offsets],
                   list(word_ids), [get_string_id(w) for w in words], hits or {}, {}, strings)

    @cached_property
    def tokens(self) -> list[str]:
        """Feature tokens: lemmas, kept forms (hashtags, emoji, «!») and placeholders («<цена>»)."""
        return [self.decode(k) for k in self.keys]

    @cached_property
    def words(self) -> list[str]:
        return [self.decode(k) for k in self.word_keys]

    @cached_property
    def offsets(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends))

    @property
    def n_words(self) -> int:
        return len(self.word_keys)

    def decode(self, key: int) -> str:
        return _PLACEHOLDER_TEXT.get(key) or self.strings[key]


def analyse(nlp: Language, engine: SignalEngine, texts: Iterable[str], batch_size: int = 256) -> Iterator[AnalysedPost]:
    """Analyse posts lazily, in order."""
    for doc in nlp.pipe(texts, batch_size=batch_size):
        ctx = engine.context(doc)
        yield from_doc(doc, engine.detect(ctx), ctx)


# How each token kind becomes a feature token. Unlisted kinds keep their lower-case form.
WORD, KEEP, DROP, NEWLINE, PUNCT, PERCENT, PRICE, PLACEHOLDER = range(8)
_RULES: dict[str, int] = {
    kinds.WORD: WORD,
    kinds.HASHTAG: KEEP, kinds.EMOJI: KEEP, kinds.OTHER: KEEP,
    kinds.SPACE: DROP, kinds.NEWLINE: NEWLINE,
    kinds.PUNCT: PUNCT, kinds.PERCENT: PERCENT, kinds.PRICE: PRICE,
    **{k: PLACEHOLDER for k in PLACEHOLDERS if k != kinds.PRICE},
}
_KIND_KEYS = np.array(sorted(get_string_id(k) for k in _RULES), dtype=np.uint64)
_KIND_RULE = np.array([_RULES[k] for k in sorted(_RULES, key=get_string_id)], dtype=np.int64)
_KIND_PLACEHOLDER = np.array(
    [get_string_id(PLACEHOLDERS.get(k, "")) for k in sorted(_RULES, key=get_string_id)], dtype=np.uint64
)
_EXTRA_PLACEHOLDERS = ("<сумма>", "<процент>", "<минус-процент>")
_PLACEHOLDER_TEXT = {get_string_id(t): t for t in [*PLACEHOLDERS.values(), *_EXTRA_PLACEHOLDERS]}
_PRICE, _SUM, _PERCENT, _MINUS_PERCENT = (
    get_string_id(t) for t in (PLACEHOLDERS[kinds.PRICE], *_EXTRA_PLACEHOLDERS)
)
_EXCLAMATION, _QUESTION = get_string_id("!"), get_string_id("?")  # the punctuation kept as features
_NUMBER_KEY, _PHONE_KEY = get_string_id(kinds.NUMBER), get_string_id(kinds.PHONE)
_EMOJI_KEY = get_string_id(kinds.EMOJI)
_MINUS = "-−–"


def from_doc(doc: Doc, hits: dict[str, Hit], ctx: Context | None = None) -> AnalysedPost:
    """Build the analysis record of one processed Doc, with array operations over its tokens.

    ``ctx`` is the signals' Context of the same Doc: its token array is reused.
    """
    table = ctx.array if ctx is not None else doc.to_array(list(TOKEN_ATTRS))
    lemma, norm, tag, idx, length = (table[:, COLUMN[a]] for a in (LEMMA, NORM, TAG, IDX, LENGTH))
    pos = np.minimum(np.searchsorted(_KIND_KEYS, tag), len(_KIND_KEYS) - 1)
    rule = np.where(_KIND_KEYS[pos] == tag, _KIND_RULE[pos], KEEP)
    keys = np.where(rule == WORD, lemma, norm)
    keys = np.where(rule == PLACEHOLDER, _KIND_PLACEHOLDER[pos], keys)
    is_price = rule == PRICE
    if is_price.any():  # a product price, or a salary, a rate, a sum raised
        prices = _price_starts(hits)
        for i in np.flatnonzero(is_price).tolist():
            keys[i] = _PRICE if int(idx[i]) in prices else _SUM
    for i in np.flatnonzero(rule == PERCENT).tolist():
        keys[i] = _MINUS_PERCENT if doc.vocab.strings[int(norm[i])][:1] in _MINUS else _PERCENT
    kept = (rule != DROP) & (rule != NEWLINE) & ((rule != PUNCT) | (norm == _EXCLAMATION) | (norm == _QUESTION))
    kept_rule = rule[kept]
    is_word = kept_rule == WORD
    starts = idx[kept]
    n_words = int(np.count_nonzero(is_word))
    stats = {
        "log_words": math.log1p(n_words),
        "log_lines": math.log1p(int(np.count_nonzero(rule == NEWLINE))),
        "mean_word_length": float(length[kept][is_word].sum()) / n_words if n_words else 0.0,
        "number_share": int(np.count_nonzero((rule == PRICE) | (tag == _NUMBER_KEY) | (tag == _PHONE_KEY)))
        / max(len(tag), 1),
        "emoji_share": int(np.count_nonzero(tag == _EMOJI_KEY)) / max(n_words, 1),
    }
    return AnalysedPost(
        doc.user_data.get(TEXT_KEY) or doc.text,
        keys[kept].tolist(),
        starts.tolist(),
        (starts + length[kept]).tolist(),
        np.flatnonzero(is_word).tolist(),
        norm[kept][is_word].tolist(),
        hits,
        stats,
        doc.vocab.strings,
    )


def _price_starts(hits: dict[str, Hit]) -> set[int]:
    """Start offsets of the amounts the price signal counts as product prices."""
    hit = hits.get("price")
    return {start for start, _ in hit.spans} if hit is not None else set()


STAT_NAMES = ("log_words", "log_lines", "mean_word_length", "number_share", "emoji_share")
