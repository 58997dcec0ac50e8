"""Run every signal over analysed posts: one pass of three matchers per post.

>>> from classifier.language.pipeline import build_pipeline
>>> nlp = build_pipeline()
>>> engine = SignalEngine(nlp)
>>> hits = engine.run(nlp("Успейте купить со скидкой 50%!"))
>>> sorted(k for k, h in hits.items() if h.fired)
['buy_call', 'discount', 'urgency']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from spacy.attrs import LEMMA, NORM
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc

from classifier.signals import registry
from classifier.signals.base import Context, Hit, Options, Signal, TokenSpan


class SignalEngine:
    """Compiles the declarations of the given signals once; ``run`` applies them to a Doc.

    One-word phrases are looked up in the post's lemma and norm arrays (a set membership
    test per post); longer lemma phrases go to a PhraseMatcher over LEMMA, longer word
    phrases to one over NORM, and token patterns to a Matcher. spaCy's Matcher costs time
    for every pattern on every token, so the signals keep their Matcher patterns few and
    put vocabulary in phrases.
    """

    def __init__(
        self,
        nlp: Language,
        signals: Sequence[Signal] = registry.SIGNALS,
        options: Options | None = None,
    ) -> None:
        self.signals = tuple(signals)
        self.options = options or Options()
        vocab = nlp.vocab
        self._lemmas = PhraseMatcher(vocab, attr="LEMMA")
        self._norms = PhraseMatcher(vocab, attr="NORM")
        self._tokens = Matcher(vocab)
        self._single: dict[int, dict[int, list[str]]] = {LEMMA: {}, NORM: {}}
        declared = [(s.id, s.phrases, s.norm_phrases, s.patterns) for s in self.signals]
        declared += [(k, h.phrases, h.norm_phrases, h.patterns) for k, h in registry.HELPERS.items()]
        for key, phrases, norm_phrases, patterns in declared:
            self._add_phrases(key, phrases, LEMMA, self._lemmas, vocab)
            self._add_phrases(key, norm_phrases, NORM, self._norms, vocab)
            if patterns:
                self._tokens.add(key, list(patterns))
        self._keys = {vocab.strings.add(key): key for key, *_ in declared}

    def _add_phrases(self, key: str, phrases, attr: int, matcher: PhraseMatcher, vocab) -> None:  # noqa: ANN001
        longer = []
        for phrase in phrases:
            words = phrase.split()
            if len(words) == 1:
                self._single[attr].setdefault(get_string_id(words[0]), []).append(key)
            else:
                longer.append(words)
        if longer and attr == LEMMA:
            matcher.add(key, [Doc(vocab, words=w, lemmas=w) for w in longer])
        elif longer:
            matcher.add(key, [Doc(vocab, words=w) for w in longer])

    def context(self, doc: Doc) -> Context:
        """The matches for one Doc, grouped by signal id or helper key."""
        ctx = Context(doc, {}, self.options)
        found: dict[str, list[TokenSpan]] = defaultdict(list)
        for attr, table in self._single.items():
            for i, value in enumerate(ctx.column(attr).tolist()):
                keys_here = table.get(value)
                if keys_here is not None:
                    for key in keys_here:
                        found[key].append((i, i + 1))
        keys = self._keys
        matchers = (self._lemmas, self._norms, self._tokens) if len(self._tokens) else (self._lemmas, self._norms)
        for matcher in matchers:
            for match_id, start, end in matcher(doc):
                found[keys[match_id]].append((start, end))
        ctx.matches = {k: longest_first(v) for k, v in found.items()}
        return ctx

    def run(self, doc: Doc) -> dict[str, Hit]:
        """Every signal's Hit for one analysed post."""
        ctx = self.context(doc)
        return {sig.id: sig.detect(ctx) for sig in self.signals}

    def run_many(self, docs: Iterable[Doc]) -> list[dict[str, Hit]]:
        return [self.run(doc) for doc in docs]


def longest_first(spans: list[TokenSpan]) -> list[TokenSpan]:
    """Sorted spans without overlaps, preferring the longer of two that overlap.

    >>> longest_first([(3, 4), (0, 2), (1, 2), (3, 5)])
    [(0, 2), (3, 5)]
    """
    kept: list[TokenSpan] = []
    for start, end in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept
