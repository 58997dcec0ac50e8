"""One analysed post: what the feature extractors and the explanations need from it.

A post is analysed once (language layer, then every signal) and the result is kept in an
:class:`AnalysedPost`: feature tokens (lemmas, or placeholders for prices, links and
the like) with their character offsets in the original text, the lower-case words for
character n-grams, the signal hits and a few document statistics.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.attrs import IDX, LEMMA, LENGTH, NORM, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from classifier.language import patterns as kinds
from classifier.language.tokenizer import TEXT_KEY
from classifier.signals.base import Hit
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
_KEPT_PUNCT = frozenset({"!", "?"})


@dataclass
class AnalysedPost:
    text: str
    tokens: list[str]  # lemma or placeholder per feature token
    offsets: list[tuple[int, int]]  # character span of each feature token in ``text``
    word_ids: list[int]  # indices into ``tokens`` of plain words (for character n-grams)
    words: list[str]  # their lower-case, ё-folded forms
    hits: dict[str, Hit]
    stats: dict[str, float] = field(default_factory=dict)


def analyse(nlp: Language, engine: SignalEngine, texts: Iterable[str], batch_size: int = 256) -> Iterator[AnalysedPost]:
    """Analyse posts lazily, in order."""
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield from_doc(doc, engine.run(doc))


# For each token kind (by string id): 'lemma', 'norm' (keep its lower-case form), 'drop',
# 'punct', 'percent', or the placeholder that stands for it. Unlisted kinds keep their norm.
_KIND_RULES: dict[int, str] = {
    **{get_string_id(k): "norm" for k in (kinds.HASHTAG, kinds.EMOJI, kinds.OTHER)},
    **{get_string_id(k): "drop" for k in (kinds.SPACE, kinds.NEWLINE)},
    **{get_string_id(k): p for k, p in PLACEHOLDERS.items()},
    get_string_id(kinds.WORD): "lemma",
    get_string_id(kinds.PUNCT): "punct",
    get_string_id(kinds.PERCENT): "percent",
}


def from_doc(doc: Doc, hits: dict[str, Hit]) -> AnalysedPost:
    """Build the analysis record of one processed Doc (one pass over its token arrays)."""
    strings = doc.vocab.strings
    rules = _KIND_RULES
    text = doc.user_data.get(TEXT_KEY) or doc.text
    prices = _price_starts(hits)
    tokens: list[str] = []
    offsets: list[tuple[int, int]] = []
    word_ids: list[int] = []
    words: list[str] = []
    n_lines = digits = emoji = word_chars = 0
    rows = doc.to_array([LEMMA, NORM, TAG, IDX, LENGTH]).tolist()
    for lemma, norm, tag, idx, length in rows:
        rule = rules.get(tag, "norm")
        if rule == "lemma":
            word_ids.append(len(tokens))
            word = strings[norm]
            words.append(word)
            word_chars += len(word)
            tokens.append(strings[lemma])
        elif rule == "drop":
            n_lines += tag == _NEWLINE_ID
            continue
        elif rule == "punct":
            form = strings[norm]
            if form not in _KEPT_PUNCT:
                continue
            tokens.append(form)
        elif rule == "norm":
            form = strings[norm]
            emoji += tag == _EMOJI_ID
            tokens.append(form)
        elif rule == "percent":
            tokens.append("<минус-процент>" if strings[norm][:1] in "-−–" else "<процент>")
        elif tag == _PRICE_ID:  # a product price, or a salary, a rate, a sum raised
            digits += 1
            tokens.append(rule if idx in prices else "<сумма>")
        else:
            digits += tag == _NUMBER_ID or tag == _PHONE_ID
            tokens.append(rule)
        offsets.append((idx, idx + length))
    n_words = len(words)
    stats = {
        "log_words": math.log1p(n_words),
        "log_lines": math.log1p(n_lines),
        "mean_word_length": word_chars / n_words if n_words else 0.0,
        "number_share": digits / max(len(rows), 1),
        "emoji_share": emoji / max(n_words, 1),
    }
    return AnalysedPost(text, tokens, offsets, word_ids, words, hits, stats)


_NEWLINE_ID = get_string_id(kinds.NEWLINE)
_EMOJI_ID = get_string_id(kinds.EMOJI)
_PRICE_ID = get_string_id(kinds.PRICE)
_NUMBER_ID = get_string_id(kinds.NUMBER)
_PHONE_ID = get_string_id(kinds.PHONE)


def _price_starts(hits: dict[str, Hit]) -> set[int]:
    """Start offsets of the amounts the price signal counts as product prices."""
    hit = hits.get("price")
    return {start for start, _ in hit.spans} if hit is not None else set()


STAT_NAMES = ("log_words", "log_lines", "mean_word_length", "number_share", "emoji_share")
