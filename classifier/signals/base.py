"""What a signal is: a named rule with a category, a polarity, Russian texts and a detector.

A signal declares what to look for as

* ``phrases``: lemma sequences («скидка», «лидер рынок») found by a spaCy PhraseMatcher
  over lemmas, so every inflected form matches;
* ``norm_phrases``: exact lower-case word sequences («по всем вопросам»), for fixed
  expressions whose words should not be lemmatised;
* ``patterns``: spaCy Matcher token patterns, for the few rules that need token kinds,
  numbers or optional tokens.

Its detector, a small function, reads a :class:`Context` (the analysed post, the matches
of every declaration found in one pass, per-token morphology flags) and returns a
:class:`Hit`: the character spans of the original text that fired, and a number (a count,
or a measure for document-level signals) that the model uses as a feature.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy as np
from spacy.attrs import IDX, LEMMA, LENGTH, NORM, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc

from classifier.language import patterns as kinds
from classifier.language.morphology import (  # noqa: F401 - the flags are part of the signals' API
    CAPS,
    FINITE,
    FLAGS_KEY,
    IMPERATIVE,
    INFINITIVE,
    PAST,
    PROPER,
    SECOND_PERSON,
    SUPERLATIVE,
)
from classifier.language.tokenizer import TEXT_KEY

JUNK = "junk"
VALUE = "value"
MARKING = "marking"

MISTAKES = {
    1: "ошибка 1 — ожидать нереального",
    2: "ошибка 2 — маркетинг как автоматизация, «социальный спам»",
    3: "ошибка 3 — количество вместо качества",
    4: "ошибка 4 — не слышать аудиторию",
    5: "ошибка 5 — потребитель не на первом месте",
}


@dataclass(frozen=True)
class Category:
    """A group of signals; the corpus tags use the same ids."""

    id: str
    polarity: str
    title: str
    mistake: int | None = None
    pushes: bool = False  # its signals show the post pushes a sale, numbers or the brand (classifier.scoring.selling)


CATEGORIES = {
    c.id: c
    for c in [
        Category("hard_sell", JUNK, "Жёсткая продажа", 5, pushes=True),
        Category("price_promo", JUNK, "Скидки, цены, промокоды", 5, pushes=True),
        Category("urgency", JUNK, "Давление срочностью", 2, pushes=True),
        Category("follower_chasing", JUNK, "Погоня за подписчиками", 3, pushes=True),
        Category("self_praise", JUNK, "Самовосхваление", 5, pushes=True),
        Category("unreal_promise", JUNK, "Нереальные обещания", 1, pushes=True),
        Category("monologue", JUNK, "Монолог о себе", 4, pushes=True),
        Category("contact_spam", JUNK, "Блок контактов и ссылок", 2, pushes=True),
        Category("shouting", JUNK, "Крик: капс, «!!!», эмодзи", 2),
        Category("hashtag_stuffing", JUNK, "Гора хештегов", 2, pushes=True),
        Category("dialogue", VALUE, "Диалог с аудиторией"),
        Category("howto", VALUE, "Советы и инструкции"),
        Category("facts", VALUE, "Факты и цифры"),
        Category("story", VALUE, "Истории и кейсы"),
        Category("humor", VALUE, "Юмор и игра"),
        Category("specifics", VALUE, "Полезная конкретика"),
        Category("neutral", VALUE, "Нейтральный пост без продажи"),  # a corpus tag; no signal of its own
        Category("ad_marking", MARKING, "Маркировка рекламы"),
    ]
}

Span = tuple[int, int]
TokenSpan = tuple[int, int]
Pattern = list[dict]


@dataclass(frozen=True)
class Hit:
    """What one signal found in one post."""

    spans: tuple[Span, ...] = ()
    value: float = 0.0

    @property
    def fired(self) -> bool:
        return self.value > 0


NO_HIT = Hit()


@dataclass(frozen=True)
class Options:
    """Per-user settings that change what signals see (from the configuration file)."""

    brand_names: frozenset[str] = frozenset()  # lower-case words, ё folded


@dataclass(frozen=True)
class Signal:
    """A named, explainable rule. ``detect`` gets a Context and the token spans its own
    declarations matched, and returns a Hit."""

    id: str
    category: str
    title: str
    why: str
    tip: str
    example: str
    detect: Callable[[Context, list[TokenSpan]], Hit]
    phrases: tuple[str, ...] = ()
    norm_phrases: tuple[str, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    mistake: int | None = None
    hard_push: bool = False  # a push that, with nothing for the reader, alone makes a post `rewrite`
    withholds: bool = False  # holds content back until the audience pays in reactions: `rewrite` whatever else
    opens_gate: bool | None = None  # whether it lets a score reach `rewrite`; None: as its category pushes

    @property
    def pushes(self) -> bool:
        """A push a `rewrite` may rest on (classifier.scoring.selling): its own say, else its category's."""
        return CATEGORIES[self.category].pushes if self.opens_gate is None else self.opens_gate

    @property
    def polarity(self) -> str:
        return CATEGORIES[self.category].polarity


def signal(
    id: str,  # noqa: A002 - the signal's id
    category: str,
    title: str,
    why: str,
    tip: str,
    example: str,
    phrases: Iterable[str] = (),
    norm_phrases: Iterable[str] = (),
    patterns: Sequence[Pattern] = (),
    mistake: int | None = None,
    hard_push: bool = False,
    withholds: bool = False,
    opens_gate: bool | None = None,
) -> Callable[[Callable[[Context, list[TokenSpan]], Hit]], Signal]:
    """Decorator turning a detector function into a :class:`Signal`."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")

    def wrap(detect: Callable[[Context, list[TokenSpan]], Hit]) -> Signal:
        return Signal(
            id=id, category=category, title=title, why=why, tip=tip, example=example,
            detect=detect, phrases=tuple(phrases), norm_phrases=tuple(norm_phrases),
            patterns=tuple(patterns),
            mistake=mistake if mistake is not None else CATEGORIES[category].mistake,
            hard_push=hard_push or withholds,
            withholds=withholds, opens_gate=opens_gate,
        )

    return wrap


def expand(*parts: str | Iterable[str]) -> list[str]:
    """Every phrase made by picking one word from each part.

    >>> expand("последний", {"шанс", "день"})
    ['последний день', 'последний шанс']
    """
    choices = [[p] if isinstance(p, str) else sorted(p) for p in parts]
    return [" ".join(words) for words in itertools.product(*choices)]


@cache
def ids(words: frozenset[str]) -> frozenset[int]:
    """spaCy string ids of a word list, to compare with token attributes quickly."""
    return frozenset(get_string_id(w) for w in words)


_COMMON_KINDS = frozenset(
    get_string_id(k) for k in (kinds.WORD, kinds.PUNCT, kinds.SPACE, kinds.NEWLINE, kinds.NUMBER)
)
TOKEN_ATTRS = (LEMMA, NORM, TAG, IDX, LENGTH)
"""The token attributes of :attr:`Context.array`, one column each (the feature layer reads them too)."""
COLUMN = {a: i for i, a in enumerate(TOKEN_ATTRS)}
_END_NORM_KEYS = frozenset(get_string_id(n) for n in (".", "!", "?", "…", "..."))
_NEWLINE_KEY = get_string_id(kinds.NEWLINE)


@dataclass
class Context:
    """One analysed post as the detectors see it."""

    doc: Doc
    matches: dict[str, list[TokenSpan]]
    options: Options = field(default_factory=Options)
    _sentence_lemmas: dict[int, set[int]] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def text(self) -> str:
        # Rebuilding doc.text from tokens is slow; the tokenizer keeps the input text.
        return self.doc.user_data.get(TEXT_KEY) or self.doc.text

    @cached_property
    def array(self) -> np.ndarray:
        """Per-token attributes, one column per entry of :data:`TOKEN_ATTRS`."""
        return self.doc.to_array(list(TOKEN_ATTRS))

    def column(self, attr: int) -> np.ndarray:
        return self.array[:, COLUMN[attr]]

    def found(self, key: str) -> list[TokenSpan]:
        """Token spans matched for a signal id or helper key, sorted, not overlapping."""
        return self.matches.get(key, [])

    # --- tokens -----------------------------------------------------------------------
    @cached_property
    def _by_kind(self) -> dict[int, list[int]]:
        """Special tokens (prices, emoji, links...) grouped by kind; words and punctuation,
        the bulk of every post, are left out."""
        index: dict[int, list[int]] = {}
        common = _COMMON_KINDS
        for i, tag in enumerate(self.column(TAG).tolist()):
            if tag not in common:
                index.setdefault(tag, []).append(i)
        return index

    def tokens_of_kind(self, kind: str) -> list[int]:
        """Indices of tokens whose kind (``tag_``) is ``kind`` (not for words or punctuation)."""
        return self._by_kind.get(get_string_id(kind), [])

    @cached_property
    def flags(self) -> np.ndarray:
        """Morphology flags (IMPERATIVE, PAST...) of every token, as an integer array."""
        flags = self.doc.user_data.get(FLAGS_KEY)
        return flags if flags is not None else np.zeros(len(self.doc), dtype=np.int64)

    def has_flag(self, token: int, flag: int) -> bool:
        return bool(self.flags[token] & flag)

    @cached_property
    def _flagged(self) -> list[tuple[int, int]]:
        """(token, flags) of the tokens with any flag: a few per post, scanned in Python."""
        flags = self.flags
        tokens = np.flatnonzero(flags)
        return list(zip(tokens.tolist(), flags[tokens].tolist()))

    def tokens_with_flag(self, flag: int) -> list[int]:
        return [i for i, flags in self._flagged if flags & flag]

    def count_flag(self, flag: int, without: int = 0) -> int:
        """Tokens having ``flag`` and none of the flags in ``without``."""
        return sum(1 for _, flags in self._flagged if flags & flag == flag and not flags & without)

    @cached_property
    def n_words(self) -> int:
        return int(np.count_nonzero(self.column(TAG) == get_string_id(kinds.WORD)))

    def has_lemma(self, start: int, end: int, words: frozenset[str]) -> bool:
        """Whether any token in ``start:end`` has one of the lemmas."""
        start, end = max(0, start), min(len(self.doc), end)
        return not ids(words).isdisjoint(self.column(LEMMA)[start:end].tolist())

    def has_norm(self, start: int, end: int, words: frozenset[str]) -> bool:
        start, end = max(0, start), min(len(self.doc), end)
        return not ids(words).isdisjoint(self.column(NORM)[start:end].tolist())

    @cached_property
    def upper_words(self) -> list[int]:
        """Indices of upper-case alphabetic tokens of two letters or more."""
        return self.tokens_with_flag(CAPS)

    def like_num(self, token: int) -> bool:
        return 0 <= token < len(self.doc) and self.doc[token].like_num

    def lemma(self, token: int) -> str:
        return self.doc[token].lemma_

    def norm(self, token: int) -> str:
        return self.doc[token].norm_

    def kind(self, token: int) -> str:
        return self.doc[token].tag_

    # --- sentences --------------------------------------------------------------------
    @cached_property
    def sentence_ends(self) -> list[int]:
        """Index of the token after each sentence, in order; the last is len(doc)."""
        end_norms = _END_NORM_KEYS
        newline = _NEWLINE_KEY
        ends = [
            i + 1 for i, (norm, tag) in enumerate(zip(self.column(NORM).tolist(), self.column(TAG).tolist()))
            if norm in end_norms or tag == newline
        ]
        if not ends or ends[-1] != len(self.doc):
            ends.append(len(self.doc))
        return ends

    @cached_property
    def sentences(self) -> list[TokenSpan]:
        spans, start = [], 0
        for end in self.sentence_ends:
            if end > start:
                spans.append((start, end))
            start = end
        return spans

    def sentence_of(self, token: int) -> TokenSpan:
        """Token span of the sentence that holds ``token``."""
        ends = self.sentence_ends
        i = bisect.bisect_right(ends, token)
        start = ends[i - 1] if i else 0
        return start, ends[min(i, len(ends) - 1)]

    @cached_property
    def _line_ends(self) -> list[int]:
        tags = self.column(TAG).tolist()
        ends = [i + 1 for i, tag in enumerate(tags) if tag == _NEWLINE_KEY]
        if not ends or ends[-1] != len(self.doc):
            ends.append(len(self.doc))
        return ends

    def line_of(self, token: int) -> TokenSpan:
        """Token span of the line that holds ``token`` (its line break included)."""
        ends = self._line_ends
        i = bisect.bisect_right(ends, token)
        return (ends[i - 1] if i else 0), ends[min(i, len(ends) - 1)]

    def sentence_has_lemma(self, token: int, words: frozenset[str]) -> bool:
        """Whether the sentence holding ``token`` has one of the lemmas (each sentence is read once)."""
        start, end = self.sentence_of(token)
        lemmas = self._sentence_lemmas.get(start)
        if lemmas is None:
            lemmas = self._sentence_lemmas[start] = set(self.column(LEMMA)[start:end].tolist())
        return not ids(words).isdisjoint(lemmas)

    # --- offsets ----------------------------------------------------------------------
    @cached_property
    def _bounds(self) -> tuple[list[int], list[int]]:
        starts = self.column(IDX)
        return starts.tolist(), (starts + self.column(LENGTH)).tolist()

    def char_span(self, start: int, end: int) -> Span:
        """Character offsets of tokens ``start:end`` in the original text."""
        starts, ends = self._bounds
        return starts[start], ends[end - 1]

    def token_text(self, token: int) -> str:
        starts, ends = self._bounds
        return self.text[starts[token]:ends[token]]

    def char_spans(self, token_spans: Iterable[TokenSpan]) -> tuple[Span, ...]:
        return tuple(self.char_span(s, e) for s, e in token_spans)


def hit_from_tokens(ctx: Context, token_spans: Sequence[TokenSpan]) -> Hit:
    """A Hit counting token spans, with their character offsets."""
    if not token_spans:
        return NO_HIT
    return Hit(ctx.char_spans(token_spans), float(len(token_spans)))


def hit_from_regex(ctx: Context, pattern: re.Pattern[str]) -> Hit:
    """A Hit counting the matches of a regular expression over the original text."""
    spans = tuple(m.span() for m in pattern.finditer(ctx.text))
    return Hit(spans, float(len(spans))) if spans else NO_HIT
