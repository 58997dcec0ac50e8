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
from collections.abc import Sequence

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from classifier.signals import registry
from classifier.signals.base import Context, Hit, Options, Signal, TokenSpan


class SignalEngine:
    """Compiles the declarations of the given signals once; ``run`` applies them to a Doc.

    Lemma phrases go to a PhraseMatcher over LEMMA, word phrases to one over NORM, and
    token patterns to a Matcher. spaCy's Matcher costs time for every pattern on every
    token, so the signals keep their Matcher patterns few and put vocabulary in phrases
    (a PhraseMatcher costs a few microseconds a post whatever its size).
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
        declared = [(s.id, s.phrases, s.norm_phrases, s.patterns) for s in self.signals]
        declared += [(k, h.phrases, h.norm_phrases, h.patterns) for k, h in registry.HELPERS.items()]
        for key, phrases, norm_phrases, patterns in declared:
            if phrases:
                words = [p.split() for p in phrases]
                self._lemmas.add(key, [Doc(vocab, words=w, lemmas=w) for w in words])
            if norm_phrases:
                self._norms.add(key, [Doc(vocab, words=p.split()) for p in norm_phrases])
            if patterns:
                self._tokens.add(key, list(patterns))
        self._keys = {vocab.strings.add(key): key for key, *_ in declared}

    def context(self, doc: Doc) -> Context:
        """The matches for one Doc, grouped by signal id or helper key."""
        found: dict[str, list[TokenSpan]] = defaultdict(list)
        keys = self._keys
        matchers = (self._lemmas, self._norms, self._tokens) if len(self._tokens) else (self._lemmas, self._norms)
        for matcher in matchers:
            for match_id, start, end in matcher(doc):
                found[keys[match_id]].append((start, end))
        return Context(doc, {k: longest_first(v) for k, v in found.items()}, self.options)

    def run(self, doc: Doc) -> dict[str, Hit]:
        """Every signal's Hit for one analysed post."""
        return self.detect(self.context(doc))

    def detect(self, ctx: Context) -> dict[str, Hit]:
        """Every signal's Hit for a post's Context (which the caller may reuse afterwards)."""
        return {sig.id: sig.detect(ctx, ctx.found(sig.id)) for sig in self.signals}


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
