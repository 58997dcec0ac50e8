"""spaCy tokenizer rules for social posts.

The stock Russian rules split ``#распродажа`` into ``#`` and ``распродажа``, a ZWJ emoji
family into five pieces and ``-50%`` into two, and their large Unicode affix patterns
cost about 300 µs a post here. These rules are compact and social-post aware:

* whitespace-free specials (hashtags, @mentions, URLs and bare domains, e-mails, prices
  like ``899руб``, percentages, phones like ``8-800-555-21-00``, tight VK markup) are kept
  whole through spaCy's ``token_match``;
* each emoji sequence (ZWJ, skin tone, variation selector, flag, keycap) is one token,
  split from the words it touches;
* punctuation, quotes, brackets and Markdown marks are split from words, hyphenated words
  (``кто-то``, ``онлайн-школа``) and numbers (``10:00``, ``1,5``) stay whole;
* specials written with spaces (``7 990 ₽``, ``+7 (8152) 60-49-49``,
  ``[club1|Сытый Кот]``) are merged into one token after tokenizing;
* in a Markdown link ``[label](url)`` the label is cut as usual and the URL stays whole.

The Doc keeps the original text, so token offsets are offsets of what the user wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.lang.ru import Russian
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from classifier.language import patterns

_OPEN_CHARS = frozenset("[({«„“‚‘\"'`*_~—–-•·▪►▶→⇒✓✔№¡¿…")
_CLOSE_CHARS = frozenset("[])}»“”’\"'`*_~.,:;!?…—–")
_SIGNS = frozenset("-−–+")
_ONE_CHAR = re.compile(".", re.DOTALL)
_DOTS = re.compile(r"\.\.\.")
_EMOJI_START = re.compile(patterns.EMOJI_SEQ)
_EMOJI_END = re.compile(f"(?:{patterns.EMOJI_SEQ})$")
_INFIX = re.compile(
    f"{patterns.EMOJI_SEQ}"
    r"|(?<=[^\W\d_])[.,:;!?/()\[\]«»\"…—–|+=*](?=[^\W_])"  # after a letter
    r"|(?<=[^\W\d_])[»”\")\]](?=\S)"  # a closing quote glued to what follows
    r"|(?<=\S)[«„(\[](?=[^\W\d_])"  # an opening quote glued to what precedes
    r"|(?<=\d)[,:;!?()\[\]«»\"…—|+=*](?=[^\W\d_])"  # between a digit and a letter
    r"|(?<=[^\W\d_])[-–—](?=\d)"  # "рост—5"
    r"|[—–](?=\w)|(?<=\w)[—–]"  # long dashes glued to words
    r"|\.{2,}|…"
)


def social_tokenizer(vocab: Vocab) -> Tokenizer:
    """A spaCy Tokenizer with the social-post rules and Russian abbreviation exceptions.

    >>> import spacy
    >>> tok = social_tokenizer(spacy.blank("ru").vocab)
    >>> [t.text for t in tok("Скидка -50%🔥 #распродажа!")]
    ['Скидка', '-50%', '🔥', '#распродажа', '!']
    """
    return Tokenizer(
        vocab,
        rules=_abbreviations(),
        prefix_search=_prefix_search,
        suffix_search=_suffix_search,
        infix_finditer=_infix_finditer,
        token_match=_whole_token_match,
        max_cache_size=_CACHE_SIZE,
    )


# spaCy caches the tokens of each whitespace-separated chunk, but only up to
# max_cache_size chunks (10,000 by default, far below the vocabulary of a content plan),
# and stops caching for the rest of a Doc once a special case fired in it.
_CACHE_SIZE = 1_000_000


def _abbreviations() -> dict:
    """Russian abbreviations with dots ("т.е.", "г.", "ул.") from spaCy's exceptions.

    Exceptions without a dot (emoticons, a double space, month names) only change what
    the plain rules already do, and each hit turns spaCy's chunk cache off for the Doc.
    """
    return {
        text: value for text, value in Russian.Defaults.tokenizer_exceptions.items()
        if "." in text and " " not in text and any("а" <= ch.lower() <= "я" for ch in text)
    }


# The four rule callbacks below run for every new chunk of text, so each first rules out,
# with one cheap string method, the common case of a plain word.

_LONGEST_SUFFIX = 16  # code points: the longest emoji ZWJ sequence fits


def _prefix_search(text: str) -> re.Match[str] | None:
    first = text[:1]
    if not first or (first.isalnum() and text[1:2] not in ("\ufe0f", "\u20e3")):
        return None
    if first in _SIGNS and text[1:2].isdigit():
        return None  # "-50%", "+7 ..." stay whole
    if first.isdigit() and text[1:2] in ("\ufe0f", "\u20e3"):
        return _EMOJI_START.match(text)  # keycap 1️⃣
    if text.startswith("..."):
        return _DOTS.match(text)
    if first in _OPEN_CHARS:
        return _ONE_CHAR.match(text)
    if _may_be_emoji(first):
        return _EMOJI_START.match(text)
    return None


def _suffix_search(text: str) -> re.Match[str] | None:
    last = text[-1:]
    if not last or last.isalnum():
        return None
    size = len(text)
    if text.endswith("..."):
        return _DOTS.match(text, size - 3)
    if last in _CLOSE_CHARS:
        return _ONE_CHAR.match(text, size - 1)
    if _may_be_emoji(last):
        return _EMOJI_END.search(text, max(0, size - _LONGEST_SUFFIX))
    return None


def _may_be_emoji(char: str) -> bool:
    return char >= "\u2300" or char in "\u20e3#*"


def _infix_finditer(text: str) -> Iterator[re.Match[str]]:
    if text.isalnum() or len(text) < 2:
        return iter(())
    if "](" in text:
        return _markdown_infixes(text)
    return _INFIX.finditer(text)


def _markdown_infixes(text: str) -> Iterator[re.Match[str]]:
    """Infixes of a chunk holding a Markdown link ``[label](url)``: the label cut as if it
    stood alone, the brackets, and nothing inside the URL (up to the next ``)``).

    >>> import spacy
    >>> tok = social_tokenizer(spacy.blank("ru").vocab)
    >>> [t.text for t in tok("Читайте [тут!](https://x.ru/a.html).")]
    ['Читайте', '[', 'тут', '!', ']', '(', 'https://x.ru/a.html', ')', '.']
    """
    pos = 0
    while (k := text.find("](", pos)) != -1:
        opening = text.rfind("[", pos, k)
        if opening != -1:
            yield from _pieces(text, pos, opening)
            yield _ONE_CHAR.match(text, opening)  # type: ignore[misc]
            pos = opening + 1
        yield from _pieces(text, pos, k)
        yield from (_ONE_CHAR.match(text, k), _ONE_CHAR.match(text, k + 1))  # type: ignore[misc]
        close = text.find(")", k + 2)
        if close == -1:
            return  # the URL runs to the end of the chunk
        yield _ONE_CHAR.match(text, close)  # type: ignore[misc]
        pos = close + 1
    yield from _pieces(text, pos, len(text))


_ANY = re.compile(".+", re.DOTALL)


def _pieces(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """Tokens of ``text[start:end]`` by the rules above (prefixes, suffixes, a whole special
    or infixes), as matches; spaCy makes a token of each match and of the text between."""
    part = text[start:end]
    heads: list[int] = []
    tails: list[int] = []
    while part and (m := _prefix_search(part)) is not None and m.end() > 0:
        heads.append(m.end())
        part = part[m.end():]
    while part and (m := _suffix_search(part)) is not None and m.start() < len(part):
        tails.append(len(part) - m.start())
        part = part[:m.start()]
    pos = start
    for size in heads:
        yield _ANY.match(text, pos, pos + size)  # type: ignore[misc]
        pos += size
    core_end = pos + len(part)
    if part:
        if _whole_token_match(part):
            yield _ANY.match(text, pos, core_end)  # type: ignore[misc]
        else:
            yield from _INFIX.finditer(text, pos, core_end)
            yield _EMPTY.match(text, core_end)  # type: ignore[misc] - closes the last piece
    for size in reversed(tails):
        yield _ANY.match(text, core_end, core_end + size)  # type: ignore[misc]
        core_end += size


_EMPTY = re.compile("")


_SPECIAL_HINT = re.compile(r"[\d#@.\[%]")


def _whole_token_match(text: str) -> bool:
    if text.isalpha() or _SPECIAL_HINT.search(text) is None or "](" in text:
        return False
    return patterns.TOKEN_MATCH.fullmatch(text) is not None


def merge_spaced_specials(doc: Doc, text: str | None = None) -> Doc:
    """Merge prices, phones and VK markup written with spaces into single tokens.

    >>> import spacy
    >>> tok = social_tokenizer(spacy.blank("ru").vocab)
    >>> [t.text for t in merge_spaced_specials(tok("Цена 7 990 ₽!"))]
    ['Цена', '7 990 ₽', '!']
    """
    text = doc.text if text is None else text
    if not _may_hold_spaced_special(text):
        return doc
    spans = []
    last_end = 0
    for start, end in _spaced_specials(text):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span) > 1 and span.start >= last_end:
            spans.append(span)
            last_end = span.end
    if spans:
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span)
    return doc


def _spaced_specials(text: str) -> Iterator[tuple[int, int]]:
    """Character spans of specials that may contain spaces, with a clean left edge."""
    search = patterns.MULTI_TOKEN.search
    pos = 0
    while (match := search(text, pos)) is not None:
        start, end = match.span()
        before = text[start - 1] if start else " "
        if before.isalnum() or before in ".,+_":
            pos = start + 1
            continue
        if before in patterns.SIGN_CHARS and (start < 2 or not text[start - 2].isalnum()):
            start -= 1
        yield start, end
        pos = end


# Cheap test for "a spaced special may be here": a VK link, a phone prefix followed by a
# separator, or a digit followed by a space and then thousands, a currency or a percent.
_SPACED_HINT = re.compile(
    r"(?=[\[+8\d])"  # lets the scan skip positions that cannot start a hint
    r"(?:\[(?:id|club|public|event)\d"
    r"|(?:\+7|8)[\s(]"
    r"|\d[ \u00a0\u202f](?:\d{3}|[₽$€%]|[рР][уУ]?|тыс|млн|млрд))"
)


def _may_hold_spaced_special(text: str) -> bool:
    return _SPACED_HINT.search(text) is not None


TEXT_KEY = "postcheck_text"  # Doc.user_data key holding the input text


@registry.tokenizers("postcheck.social_tokenizer.v1")
def social_tokenizer_factory():  # noqa: ANN201 - spaCy's factory protocol
    """spaCy registry entry, so that ``spacy.blank`` builds this tokenizer (and not the
    stock one, whose large rules cost about 100 ms to compile) — see pipeline.py."""

    def create(nlp) -> SocialTokenizer:  # noqa: ANN001 - a spaCy Language
        return SocialTokenizer(nlp.vocab)

    return create


class SocialTokenizer:
    """The social-post tokenizer plus the merge of spaced specials, used as ``nlp.tokenizer``."""

    def __init__(self, vocab: Vocab) -> None:
        self.base = social_tokenizer(vocab)
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        doc = merge_spaced_specials(self.base(text), text)
        doc.user_data[TEXT_KEY] = text
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)
