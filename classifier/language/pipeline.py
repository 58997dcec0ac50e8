"""Build the Russian language pipeline used everywhere in postcheck.

>>> nlp = build_pipeline()
>>> [(t.text, t.lemma_) for t in nlp("Закажите пиццу!")]
[('Закажите', 'заказать'), ('пиццу', 'пицца'), ('!', '!')]
"""

from __future__ import annotations

import spacy
from spacy.attrs import IS_ALPHA, IS_DIGIT, IS_LOWER, IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER, LIKE_NUM, LOWER, NORM
from spacy.lang.ru import lex_attrs as ru_lex_attrs
from spacy.language import Language

from classifier.language.morphology import MorphologyComponent
from classifier.language.tokenizer import SocialTokenizer

COMPONENT = MorphologyComponent.name
TOKENIZER = "postcheck.social_tokenizer.v1"


@Language.factory(COMPONENT, default_config={"max_cache": 500_000})
def make_morphology(nlp: Language, name: str, max_cache: int) -> MorphologyComponent:
    """spaCy factory: the pymorphy3 morphology component with its own analyzer."""
    import pymorphy3

    return MorphologyComponent(nlp.vocab, pymorphy3.MorphAnalyzer(lang="ru"), max_cache)


# The word attributes postcheck reads. spaCy runs every attribute getter of the language
# for every new word it meets (23 for Russian, among them shape, prefix, suffix and URL and
# e-mail checks); keeping only these makes the first pass over a large table ~20% faster.
LEXEME_ATTRS = frozenset({LOWER, NORM, IS_ALPHA, IS_DIGIT, IS_LOWER, IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER, LIKE_NUM})
_NUMBER_WORDS = frozenset(ru_lex_attrs._num_words)  # noqa: SLF001 - spaCy's list of Russian number words


def like_num(text: str) -> bool:
    """spaCy's Russian ``like_num`` with a set lookup instead of a scan of its word list.

    >>> like_num("-1,5%"), like_num("3/4"), like_num("Двадцать"), like_num("двое-трое")
    (True, True, True, False)
    """
    if text.startswith(("+", "-", "±", "~")):
        text = text[1:]
    text = text.removesuffix("%").replace(",", "").replace(".", "")
    if text.isdigit():
        return True
    num, slash, denom = text.partition("/")
    if slash and num.isdigit() and denom.isdigit():
        return True
    return text.lower() in _NUMBER_WORDS


def build_pipeline() -> Language:
    """A blank Russian spaCy pipeline with the social-post tokenizer and pymorphy3 morphology.

    Build it once and pass it around: it holds the pymorphy3 dictionaries and a cache.
    """
    assert SocialTokenizer  # the import registers the tokenizer factory named TOKENIZER
    nlp = spacy.blank("ru", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    getters = nlp.vocab.lex_attr_getters
    nlp.vocab.lex_attr_getters = {attr: get for attr, get in getters.items() if attr in LEXEME_ATTRS}
    nlp.vocab.lex_attr_getters[LIKE_NUM] = like_num
    nlp.add_pipe(COMPONENT)
    return nlp
