"""Which n-grams the model may learn: words an editor would accept as a reason.

A model fitted to posts learns whatever separates them in its data, including what has
nothing to do with advertising: names of places, people and brands, dates and holidays,
everyday words, a channel's own footer or a writer's pet phrase. Such a word makes a wrong
verdict on a post from elsewhere and a reason that reads as nonsense («Рекламная лексика:
„России“, „воскресенья“»). The vocabulary therefore keeps an n-gram only when

* none of its words is a proper name (pymorphy3's Name/Surn/Patr/Geox/Orgn/Trad readings),
  a number, a hashtag, a calendar word (month, weekday, date word, holiday) or a word of
  the legal ad label («реклама»);
* it is not made of function words and everyday words alone;
* it occurs in posts of at least ``min_groups`` brands or channel families, so that no
  brand name, footer or house style of one owner is learned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.strings import get_string_id

from classifier.features.analysis import AnalysedPost
from classifier.language.everyday import CALENDAR, COMMON_WORDS, PLACE_WORDS
from classifier.language.stopwords import STOP_WORDS

EVERYDAY = STOP_WORDS | COMMON_WORDS
# The words of a legal ad label: stripped from the real posts the model learns from, they
# must not be learned from what is left either («реклама» in a post about advertising).
AD_LABEL_WORDS = frozenset("реклама рекламный рекламодатель erid партнерский спонсор спонсорский промо".split())

TermFilter = Callable[[str], bool]


def _banned_word(word: str, proper: set[str]) -> bool:
    """A word that no kept n-gram may contain.

    >>> _banned_word("москва", {"москва"}), _banned_word("российский", set()), _banned_word("купить", set())
    (True, True, False)
    """
    if word.startswith("<"):
        return False  # placeholders: «<цена>», «<ссылка-с-меткой>»
    return (word in CALENDAR or word in PLACE_WORDS or word in AD_LABEL_WORDS or word in proper
            or word.startswith("#") or any(ch.isdigit() for ch in word))


def editor_filter(posts: Iterable[AnalysedPost], proper_lemma: Callable[[str], bool] | None = None) -> TermFilter:
    """The n-gram filter of the module docstring, with the proper names found in ``posts``.

    ``proper_lemma`` tells whether a lemma is itself a name («авить», the lemma pymorphy3 gives
    «Авито» in context, reads as a name on its own).

    >>> keep = editor_filter([])
    >>> [keep(t) for t in ("скидка", "всегда", "в понедельник", "в подарок", "и в")]
    [True, False, False, True, False]
    """
    posts = list(posts)
    proper = {word for post in posts for word in post.proper_words}
    if proper_lemma is not None:
        words = {w for post in posts for w in post.tokens if w[:1].isalpha()}
        proper |= {w for w in words if proper_lemma(w)}

    def keep(term: str) -> bool:
        words = term.split(" ")
        if any(_banned_word(w, proper) for w in words):
            return False
        return not all(w in EVERYDAY for w in words)

    return keep


def label_free(term: str) -> bool:
    """Whether an n-gram has no word of the legal ad label: the whole vocabulary still leaves those
    out, or a model would learn the marker that training strips (the task would be trivial).

    >>> label_free("скидка"), label_free("на правах реклама")
    (True, False)
    """
    return AD_LABEL_WORDS.isdisjoint(term.split(" "))


def unlabelled_words(post: AnalysedPost) -> list[int]:
    """Indices (into ``post.words``) of the words that are not a word of the legal ad label."""
    keys = post.keys
    return [k for k, j in enumerate(post.word_ids) if keys[j] not in _AD_LABEL_KEYS]


def banned_word(word: str, proper: bool) -> bool:
    """A word the model learns nothing from, not even its character n-grams."""
    return proper or word in EVERYDAY or _banned_word(word, set())


def plain_words(post: AnalysedPost) -> list[int]:
    """Indices (into ``post.words``) of the words whose lemma the editor vocabulary allows.

    >>> from classifier.features.analysis import AnalysedPost
    >>> post = AnalysedPost.of_tokens("Скидка всегда", ["скидка", "всегда"], [(0, 6), (7, 13)], [0, 1])
    >>> plain_words(post)
    [0]
    """
    keys, proper = post.keys, post.proper_ids
    found = []
    for k, j in enumerate(post.word_ids):
        key = keys[j]
        is_proper = j in proper
        banned = _BANNED_KEYS.get((key, is_proper))
        if banned is None:
            if len(_BANNED_KEYS) > 500_000:
                _BANNED_KEYS.clear()
            banned = _BANNED_KEYS[key, is_proper] = banned_word(post.decode(key), is_proper)
        if not banned:
            found.append(k)
    return found


_AD_LABEL_KEYS = frozenset(get_string_id(w) for w in AD_LABEL_WORDS)
# (lemma's string id, is a name) -> banned_word: string ids are hashes of the text, the same
# in every pipeline, so a lemma is decoded and judged once per process (a speed cache only).
_BANNED_KEYS: dict[tuple[int, bool], bool] = {}


def pymorphy_proper(analyzer) -> Callable[[str], bool]:  # noqa: ANN001 - a pymorphy3 MorphAnalyzer
    """Whether a word's top pymorphy3 reading is a name (of a person, place or organisation)."""
    names = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"}

    def proper(word: str) -> bool:
        parses = analyzer.parse(word)
        return bool(parses) and not names.isdisjoint(parses[0].tag.grammemes)

    return proper
