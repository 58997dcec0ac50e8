"""N-gram extractors over an analysed post, each n-gram with the text span it came from.

Both extractors return ``(feature, start, end)`` triples: the feature string and the
character span in the original post, so a model weight can be shown on the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from classifier.features.analysis import AnalysedPost
from classifier.features.vocabulary import plain_words


def lemma_ngrams(post: AnalysedPost, ngram_range: tuple[int, int]) -> Iterator[tuple[str, int, int]]:
    """Lemma n-grams («успеть купить», «<цена>»), as in sklearn's word analyzer.

    >>> from classifier.features.analysis import AnalysedPost
    >>> post = AnalysedPost.of_tokens("Успей купить", ["успеть", "купить"], [(0, 5), (6, 12)], [0, 1])
    >>> list(lemma_ngrams(post, (1, 2)))
    [('успеть', 0, 5), ('купить', 6, 12), ('успеть купить', 0, 12)]
    """
    low, high = ngram_range
    tokens, offsets = post.tokens, post.offsets
    n = len(tokens)
    for size in range(low, high + 1):
        for i in range(n - size + 1):
            gram = tokens[i] if size == 1 else " ".join(tokens[i:i + size])
            yield gram, offsets[i][0], offsets[i + size - 1][1]


@lru_cache(maxsize=200_000)
def word_char_ngrams(word: str, low: int, high: int) -> tuple[tuple[str, int, int], ...]:
    """Character n-grams of one word padded with spaces, with offsets inside the word.

    >>> word_char_ngrams("акция", 4, 4)
    ((' акц', 0, 3), ('акци', 0, 4), ('кция', 1, 5), ('ция ', 2, 5))
    """
    padded = f" {word} "
    grams = []
    for size in range(low, high + 1):
        if size > len(padded):
            break
        for i in range(len(padded) - size + 1):
            start, end = max(i - 1, 0), min(i + size - 1, len(word))
            grams.append((padded[i:i + size], start, end))
    return tuple(grams)


def word_char_grams(word: str, low: int, high: int) -> list[str]:
    """The n-grams of :func:`word_char_ngrams` without their offsets (faster, for scoring).

    >>> word_char_grams("акция", 4, 4)
    [' акц', 'акци', 'кция', 'ция ']
    """
    padded = f" {word} "
    size = len(padded)
    return [padded[i:i + n] for n in range(low, min(high, size) + 1) for i in range(size - n + 1)]


def char_ngrams(post: AnalysedPost, ngram_range: tuple[int, int]) -> Iterator[tuple[str, int, int]]:
    """Character n-grams within words (like sklearn's ``char_wb``), with text spans."""
    low, high = ngram_range
    for token_id, word in zip(post.word_ids, post.words):
        base, token_end = post.offsets[token_id]
        for gram, start, end in word_char_ngrams(word, low, high):
            yield gram, base + start, min(base + end, token_end)


def plain_char_ngrams(post: AnalysedPost, ngram_range: tuple[int, int]) -> Iterator[tuple[str, int, int]]:
    """:func:`char_ngrams` of the words the editor vocabulary allows (no names, dates, everyday words)."""
    low, high = ngram_range
    word_ids, words = post.word_ids, post.words
    for k in plain_words(post):
        base, token_end = post.offsets[word_ids[k]]
        for gram, start, end in word_char_ngrams(words[k], low, high):
            yield gram, base + start, min(base + end, token_end)
