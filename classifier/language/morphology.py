"""Lemmas, parts of speech and morphology from pymorphy3, as a spaCy component.

spaCy's stock pymorphy3 lemmatizer is slow (80 posts/s here) and, without a tagger,
leaves words with ambiguous readings unlemmatized. This component instead takes
pymorphy3's top-ranked reading of each word form and caches the result per exact form,
so a post costs one dictionary lookup per token once the common words are seen.

For each token it sets ``lemma_`` (ё folded to е), ``norm_`` (lower case, ё folded,
look-alike Latin letters in Cyrillic words unmasked), ``pos_`` (Universal POS) and
``tag_`` (the token kind from :mod:`classifier.language.patterns`: ``WORD``, ``PRICE``,
``HASHTAG``...). The morphology the signals need is kept as bit flags per token
(:data:`IMPERATIVE`, :data:`PAST`...) in ``doc.user_data[FLAGS_KEY]``, an integer array:
spaCy's ``token.morph`` is left empty, because setting it costs more than the rest of
the component together.

When pymorphy3 ranks several readings equally, a second-person imperative reading wins:
«купите» is both "you will buy" and "buy!", and in a brand post it is nearly always the
latter.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import LEMMA, NORM, ORTH, POS, TAG
from spacy.symbols import IDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

from classifier.language import patterns
from classifier.language.normalize import fold_yo, unmask_homoglyphs

_POS = {
    "NOUN": "NOUN", "ADJF": "ADJ", "ADJS": "ADJ", "COMP": "ADJ", "VERB": "VERB",
    "INFN": "VERB", "PRTF": "VERB", "PRTS": "VERB", "GRND": "VERB", "NUMR": "NUM",
    "ADVB": "ADV", "NPRO": "PRON", "PRED": "ADV", "PREP": "ADP", "CONJ": "CCONJ",
    "PRCL": "PART", "INTJ": "INTJ",
}
_KIND_POS = {
    patterns.HASHTAG: "X", patterns.MENTION: "PROPN", patterns.URL: "X", patterns.EMAIL: "X",
    patterns.PHONE: "NUM", patterns.PRICE: "NUM", patterns.PERCENT: "NUM",
    patterns.VKLINK: "PROPN", patterns.EMOJI: "SYM", patterns.NUMBER: "NUM",
    patterns.PUNCT: "PUNCT", patterns.SPACE: "SPACE", patterns.NEWLINE: "SPACE",
    patterns.OTHER: "X",
}
# Morphology flags, one bit each, and CAPS: a word of two letters or more in capitals.
# PROPER: a name of a person, place or organisation in pymorphy3's dictionary.
IMPERATIVE, INFINITIVE, PAST, FINITE, SECOND_PERSON, SUPERLATIVE, CAPS, PROPER = 1, 2, 4, 8, 16, 32, 64, 128
FLAGS_KEY = "postcheck_flags"  # Doc.user_data key: an int64 array of flags, one per token


def grammeme_flags(grammemes: frozenset[str]) -> int:
    """Morphology flags of one pymorphy3 reading (OpenCorpora grammemes).

    >>> grammeme_flags(frozenset({"VERB", "perf", "plur", "impr", "excl"})) == IMPERATIVE | FINITE
    True
    >>> grammeme_flags(frozenset({"NOUN", "Geox", "sing", "femn"})) == PROPER
    True
    """
    flags = 0
    for grammeme, flag in _GRAMMEME_FLAGS.items():
        if grammeme in grammemes:
            flags |= flag
    if flags & FINITE and "past" in grammemes:
        flags |= PAST
    return flags


_GRAMMEME_FLAGS = {
    "impr": IMPERATIVE, "INFN": INFINITIVE, "VERB": FINITE, "2per": SECOND_PERSON, "Supr": SUPERLATIVE,
    "Name": PROPER, "Surn": PROPER, "Patr": PROPER, "Geox": PROPER, "Orgn": PROPER, "Trad": PROPER,
}


def best_parse(parses: list):  # noqa: ANN201 - pymorphy3 Parse objects
    """The top-ranked reading; among equally ranked readings, a second-person imperative.

    «Купите» is ranked equally as "you will buy" and "buy!"; «купим» as "we will buy" and
    "let's buy" (an inclusive imperative, which stays indicative here).
    """
    top = parses[0]
    for parse in parses[1:]:
        if parse.score < top.score - 1e-9:
            break
        if "impr" in parse.tag and "excl" in parse.tag and "impr" not in top.tag:
            return parse
    return top


class MorphologyComponent:
    """Set lemma, norm, POS, morphology and token kind on every token of a Doc.

    The analyzer (a ``pymorphy3.MorphAnalyzer``) is built once by the caller and shared.
    """

    name = "postcheck_morphology"
    _ATTRS = [LEMMA, NORM, POS, TAG]

    def __init__(self, vocab: Vocab, analyzer, max_cache: int = 500_000) -> None:  # noqa: ANN001
        self.vocab = vocab
        self.analyzer = analyzer
        self.max_cache = max_cache
        self._reset()

    def _reset(self) -> None:
        # Each distinct word form is analysed once: its row of attribute hashes goes into
        # a table (its flags into a parallel array), and the cache maps the form's ORTH
        # hash to the row number.
        self.cache: dict[int, int] = {}
        self._readings: dict[str, tuple[str, str, int]] = {}  # lower-case form -> lemma, POS, flags
        self._table = np.zeros((1024, len(self._ATTRS)), dtype="uint64")
        self._flags = np.zeros(1024, dtype=np.int64)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            doc.user_data[FLAGS_KEY] = np.zeros(0, dtype=np.int64)
            return doc
        if len(self.cache) >= self.max_cache:
            self._reset()  # between Docs, so that no row number of this Doc goes stale
        cache = self.cache
        rows = [cache.get(orth) or self._analyse(orth) for orth in doc.to_array(ORTH).tolist()]
        doc.from_array(self._ATTRS, self._table[rows])
        doc.user_data[FLAGS_KEY] = self._flags[rows]
        return doc

    def _analyse(self, orth: int) -> int:
        if len(self.cache) + 1 >= len(self._table):
            self._table = np.concatenate([self._table, np.zeros_like(self._table)])
            self._flags = np.concatenate([self._flags, np.zeros_like(self._flags)])
        row = len(self.cache) + 1  # row 0 stays empty so that a cached row is truthy
        lemma, norm, pos, kind, flags = self.analyse_text(self.vocab.strings[orth])
        self._table[row] = (lemma, norm, pos, kind)
        self._flags[row] = flags
        self.cache[orth] = row
        return row

    def analyse_text(self, text: str) -> tuple[int, int, int, int, int]:
        """Hashes of (lemma, norm, POS, kind), and the morphology flags, for one token text."""
        strings = self.vocab.strings
        kind = patterns.token_kind(text)
        lower = unmask_homoglyphs(text).lower()
        norm = fold_yo(lower)
        flags = 0
        if kind == patterns.WORD and _is_cyrillic(norm):
            lemma, pos, flags = self._reading(lower)
        elif kind == patterns.WORD:
            lemma, pos = norm, "X"
        else:
            lemma, pos = norm, _KIND_POS.get(kind, "X")
        if len(text) > 1 and text.isupper() and text.isalpha():
            flags |= CAPS
        return strings.add(lemma), strings.add(norm), IDS[pos], strings.add(kind), flags

    def _reading(self, lower: str) -> tuple[str, str, int]:
        """Lemma, POS and flags of a lower-case word («Скидка» and «СКИДКА» share «скидка»)."""
        found = self._readings.get(lower)
        if found is None:
            try:
                parse = best_parse(self.analyzer.parse(lower))
            except ValueError:  # pymorphy3 looks up the Unicode names of letters; some scripts have none
                found = fold_yo(lower), "X", 0
            else:
                pos = _POS.get(parse.tag.POS or "", "X")
                found = parse.normal_form.replace("ё", "е"), pos, grammeme_flags(frozenset(parse.tag.grammemes))
            self._readings[lower] = found
        return found


def _is_cyrillic(word: str) -> bool:
    return any("а" <= ch <= "я" for ch in word)
