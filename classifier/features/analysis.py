"""One analysed post: what the feature extractors and the explanations need from it.

A post is analysed once (language layer, then every signal) and the result is kept in an
:class:`AnalysedPost`: feature tokens (lemmas, or placeholders for prices, links and
the like) with their character offsets in the original text, the lower-case words for
character n-grams, the signal hits and a few document statistics.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from spacy.attrs import IDX, LEMMA, LENGTH, NORM, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from classifier.language import patterns as kinds
from classifier.language.morphology import FLAGS_KEY, PROPER
from classifier.language.tokenizer import TEXT_KEY
from classifier.signals.base import COLUMN, TOKEN_ATTRS, Context, Hit
from classifier.signals.engine import SignalEngine
from classifier.signals.junk import price as price_signal

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


@dataclass
class TokenSpans:
    """Where the feature tokens are: per-token arrays of a Doc and the mask of kept tokens
    (selected only when a reason needs the words' places)."""

    starts: np.ndarray
    lengths: np.ndarray
    is_word: np.ndarray
    kept: np.ndarray
    flags: np.ndarray | None = None  # morphology flags per token (classifier.language.morphology)


@dataclass
class AnalysedPost:
    """A post as the feature extractors and the explanations see it.

    Feature tokens and words are kept as spaCy string ids (``keys``, ``word_keys``), which
    the model looks up directly; ``tokens`` and ``words`` decode them on first use (for
    training and for locating the words behind a reason).
    """

    text: str
    keys: list[int]  # string id of each feature token: lemma, form or placeholder
    word_keys: list[int]  # string ids of the plain words' lower-case, ё-folded forms
    spans: TokenSpans
    hits: dict[str, Hit]
    stats: dict[str, float]
    strings: Mapping[int, str]  # decodes the string ids (the pipeline's StringStore)

    @classmethod
    def of_tokens(cls, text: str, tokens: list[str], offsets: list[tuple[int, int]], word_ids: list[int],
                  hits: dict[str, Hit] | None = None) -> AnalysedPost:
        """A post from ready-made feature tokens (examples and tests); words are the tokens at
        ``word_ids``, lower-cased."""
        words = [tokens[i].lower() for i in word_ids]
        strings = {get_string_id(t): t for t in [*tokens, *words]}
        starts = np.array([s for s, _ in offsets], dtype=np.int64)
        spans = TokenSpans(starts, np.array([e for _, e in offsets], dtype=np.int64) - starts,
                           np.isin(np.arange(len(offsets)), word_ids), np.ones(len(offsets), dtype=bool))
        return cls(text, [get_string_id(t) for t in tokens], [get_string_id(w) for w in words],
                   spans, hits or {}, {}, strings)

    @cached_property
    def offsets(self) -> list[tuple[int, int]]:
        """Character span of each feature token in ``text``."""
        kept = self.spans.kept
        starts = self.spans.starts[kept].astype(np.int64)
        return list(zip(starts.tolist(), (starts + self.spans.lengths[kept].astype(np.int64)).tolist()))

    @cached_property
    def word_ids(self) -> list[int]:
        """Indices into ``keys`` of the plain words (the ones with character n-grams)."""
        return np.flatnonzero(self.spans.is_word[self.spans.kept]).tolist()

    @cached_property
    def tokens(self) -> list[str]:
        """Feature tokens: lemmas, kept forms (hashtags, emoji, «!») and placeholders («<цена>»)."""
        return [self.decode(k) for k in self.keys]

    @cached_property
    def words(self) -> list[str]:
        return [self.decode(k) for k in self.word_keys]

    @cached_property
    def proper_ids(self) -> frozenset[int]:
        """Indices into ``keys`` of the feature tokens that are proper names (pymorphy3's reading)."""
        flags = self.spans.flags
        if flags is None:
            return frozenset()
        return frozenset(np.flatnonzero((flags[self.spans.kept] & PROPER) != 0).tolist())

    @cached_property
    def proper_words(self) -> set[str]:
        """Feature tokens that are proper names (pymorphy3's reading): places, people, brands."""
        return {self.decode(self.keys[j]) for j in self.proper_ids}

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


# How each token kind becomes a feature token; unlisted kinds keep their lower-case form.
# The order matters: kinds before WORD are dropped (punctuation except «!» and «?»), kinds
# from PERCENT on need a look at the token itself.
DROP, NEWLINE, PUNCT, WORD, KEEP, PLACEHOLDER, PERCENT, PRICE = range(8)
_RULES: dict[str, int] = {
    kinds.SPACE: DROP, kinds.NEWLINE: NEWLINE, kinds.PUNCT: PUNCT, kinds.WORD: WORD,
    kinds.HASHTAG: KEEP, kinds.EMOJI: KEEP, kinds.OTHER: KEEP,
    **{k: PLACEHOLDER for k in PLACEHOLDERS if k != kinds.PRICE},
    kinds.PERCENT: PERCENT, kinds.PRICE: PRICE,
}
_KINDS = sorted(_RULES, key=get_string_id)  # by string id, for a binary search; then "unknown"
_KIND_KEYS = np.array([get_string_id(k) for k in _KINDS], dtype=np.uint64)
_KIND_RULE = np.array([*(_RULES[k] for k in _KINDS), KEEP], dtype=np.int64)
_KIND_PLACEHOLDER = np.array([*(get_string_id(PLACEHOLDERS.get(k, "")) for k in _KINDS), 0], dtype=np.uint64)
_NEWLINES, _EMOJIS, _PRICES, _NUMBERS, _PHONES, _PERCENTS, _URLS = (
    _KINDS.index(k)
    for k in (kinds.NEWLINE, kinds.EMOJI, kinds.PRICE, kinds.NUMBER, kinds.PHONE, kinds.PERCENT, kinds.URL)
)
_COLUMNS = tuple(COLUMN[a] for a in (LEMMA, NORM, TAG, IDX, LENGTH))
# Links by what they are for (classifier.language.patterns.url_kind); a plain link stays «<ссылка>».
URL_PLACEHOLDERS = {
    "tracked": "<ссылка-с-меткой>", "invite": "<ссылка-приглашение>", "short": "<короткая-ссылка>",
    "telegram": "<ссылка-telegram>",
}
_URL_KEYS = {kind: get_string_id(text) for kind, text in URL_PLACEHOLDERS.items()}
_EXTRA_PLACEHOLDERS = ("<сумма>", "<процент>", "<минус-процент>", *URL_PLACEHOLDERS.values())
_PLACEHOLDER_TEXT = {get_string_id(t): t for t in [*PLACEHOLDERS.values(), *_EXTRA_PLACEHOLDERS]}
_PRICE, _SUM, _PERCENT, _MINUS_PERCENT = (
    get_string_id(t) for t in (PLACEHOLDERS[kinds.PRICE], *_EXTRA_PLACEHOLDERS[:3])
)
_EXCLAMATION, _QUESTION = np.uint64(get_string_id("!")), np.uint64(get_string_id("?"))  # punctuation kept
_MINUS = "-−–"


def from_doc(doc: Doc, hits: dict[str, Hit], ctx: Context | None = None) -> AnalysedPost:
    """Build the analysis record of one processed Doc, with array operations over its tokens.

    ``ctx`` is the signals' Context of the same Doc: its token array is reused.
    """
    columns = (ctx.array if ctx is not None else doc.to_array(list(TOKEN_ATTRS))).T
    lemma, norm, tag, idx, length = (columns[i] for i in _COLUMNS)
    kind = _KIND_KEYS.searchsorted(tag)
    kind = np.where(_KIND_KEYS.take(kind, mode="clip") == tag, kind, len(_KINDS))  # unknown kinds last
    counts = np.bincount(kind, minlength=len(_KINDS) + 1).tolist()
    rule = _KIND_RULE[kind]
    is_word = rule == WORD
    keys = np.where(is_word, lemma, norm)
    keys = np.where(rule == PLACEHOLDER, _KIND_PLACEHOLDER[kind], keys)
    if counts[_PERCENTS] or counts[_PRICES]:
        prices = _price_starts(hits)
        for i in np.flatnonzero(rule >= PERCENT).tolist():
            keys[i] = _special_key(doc, prices, int(rule[i]), int(norm[i]), int(idx[i]))
    if counts[_URLS]:
        text = doc.user_data.get(TEXT_KEY) or doc.text
        for i in np.flatnonzero(kind == _URLS).tolist():
            found = kinds.url_kind(text[int(idx[i]):int(idx[i]) + int(length[i])])
            if found:
                keys[i] = _URL_KEYS[found]
    kept = (rule > PUNCT) | (norm == _EXCLAMATION) | (norm == _QUESTION)
    word_keys = norm[is_word].tolist()
    n_words = len(word_keys)
    stats = {
        "log_words": math.log1p(n_words),
        "log_lines": math.log1p(counts[_NEWLINES]),
        "mean_word_length": float(length[is_word].sum()) / n_words if n_words else 0.0,
        "number_share": (counts[_PRICES] + counts[_NUMBERS] + counts[_PHONES]) / max(len(tag), 1),
        "emoji_share": counts[_EMOJIS] / max(n_words, 1),
    }
    return AnalysedPost(doc.user_data.get(TEXT_KEY) or doc.text, keys[kept].tolist(), word_keys,
                        TokenSpans(idx, length, is_word, kept, doc.user_data.get(FLAGS_KEY)), hits, stats,
                        doc.vocab.strings)


def _special_key(doc: Doc, prices: set[int], rule: int, norm: int, start: int) -> int:
    """A price (a product price, or a salary, a rate, a sum raised) or a percentage."""
    if rule == PRICE:
        return _PRICE if start in prices else _SUM
    return _MINUS_PERCENT if doc.vocab.strings[norm][:1] in _MINUS else _PERCENT


def _price_starts(hits: dict[str, Hit]) -> set[int]:
    """Start offsets of the amounts the price signal counts as product prices."""
    hit = hits.get(price_signal.id)
    return {start for start, _ in hit.spans} if hit is not None else set()


STAT_NAMES = ("log_words", "log_lines", "mean_word_length", "number_share", "emoji_share")
