"""Regular expressions for the special tokens of social-media posts.

Each kind of special token (hashtag, URL, price, phone...) has one pattern here. The
tokenizer keeps a whitespace-free special as one token, and merges the ones written with
spaces (``7 990 ₽``, ``+7 (8152) 60-49-49``, ``[club1|Сытый Кот]``) after tokenizing.
The morphology component labels every special token with its kind in ``token.tag_``.
"""

from __future__ import annotations

import re

# Token kinds, stored in token.tag_.
HASHTAG = "HASHTAG"
MENTION = "MENTION"
URL = "URL"
EMAIL = "EMAIL"
PHONE = "PHONE"
PRICE = "PRICE"
PERCENT = "PERCENT"
VKLINK = "VKLINK"
EMOJI = "EMOJI"
NUMBER = "NUMBER"
WORD = "WORD"
PUNCT = "PUNCT"
SPACE = "SPACE"
NEWLINE = "NEWLINE"
OTHER = "OTHER"

_EMOJI_CORE = "[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF\u3030\u303D]"
_EMOJI_MOD = "[\uFE0E\uFE0F]?[\U0001F3FB-\U0001F3FF]?"
EMOJI_SEQ = (
    "(?:[0-9#*]\uFE0F?\u20E3"  # keycaps 1️⃣
    "|[\U0001F1E6-\U0001F1FF]{2}"  # flags
    f"|{_EMOJI_CORE}{_EMOJI_MOD}(?:\u200D{_EMOJI_CORE}{_EMOJI_MOD})*[\U000E0020-\U000E007F]*)"
)

_TLDS = (
    "ru|рф|su|рус|москва|com|net|org|info|biz|pro|io|me|cc|ly|gl|co|to|gg|tv|fm|am|ai|"
    "online|shop|store|site|app|dev|tech|space|club|link|page|moscow|spb|by|kz|ua|uz|de|eu|"
    "academy|school|art|digital|cloud|travel|events|fit|beauty|health|market|delivery|team|"
    "today|live|life|world|family|kids|pet|auto|bank|city|center|agency|studio|media|news|"
    "blog|land|games|fun|su"
)
_URL_END = "[^\\s.,;:!?…»)\"'\\]]"
_PATH = f"(?:/(?:\\S*{_URL_END})?)?"
URL_SCHEME = f"(?:https?|ftp)://\\S*{_URL_END}"
URL_WWW = f"www\\.\\S*{_URL_END}"
URL_BARE = f"(?:[a-zа-яё0-9](?:[a-zа-яё0-9-]*[a-zа-яё0-9])?\\.)+(?:{_TLDS}){_PATH}"
EMAIL_RE = "[a-z0-9._%+-]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}"
HASHTAG_RE = "#(?=\\w*[^\\W\\d_])\\w+"
MENTION_RE = "@[a-z0-9_]{2,32}"
VKLINK_TIGHT = "\\[(?:id|club|public|event)\\d+\\|[^\\]\\s]+\\]"
VKLINK_RE = "\\[(?:id|club|public|event)\\d+\\|[^\\]\\n]{1,80}\\]"
_SEP = "[\\-‐‑–]"
PHONE_TIGHT = f"(?:\\+7|8)(?:(?:{_SEP}|\\(|\\)){{0,2}}\\d){{10}}|\\d{{3}}{_SEP}\\d{{2}}{_SEP}\\d{{2}}"
PHONE_RE = "(?:\\+7|8)(?:[\\s\\-‐‑–()]{0,3}\\d){10}(?!\\d)"
_CUR = "(?:₽|руб(?:лей|ля|ль)?|р|rub|\\$|€)"
PRICE_TIGHT = f"[-−–]?\\d+(?:[.,]\\d{{1,2}})?(?:к|тыс)?{_CUR}"
_NUM_GROUPED = "\\d{1,3}(?:[ \u00a0\u202f\u2009]\\d{3})+"
PRICE_RE = (
    f"(?:{_NUM_GROUPED}|\\d+)(?:[.,]\\d{{1,2}})?"
    f"(?:[ \u00a0\u202f]?(?:тыс|млн|млрд)\\.?)?[ \u00a0\u202f]?{_CUR}(?![\\w])"
)
PERCENT_TIGHT = "[-−–+]?\\d+(?:[.,]\\d+)?%"
PERCENT_RE = "\\d+(?:[.,]\\d+)?[ \u00a0\u202f]%"

_I = re.IGNORECASE
# Whole-token patterns, in the order a token's kind is decided.
KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (VKLINK, re.compile(VKLINK_RE, _I)),
    (EMAIL, re.compile(EMAIL_RE, _I)),
    (URL, re.compile(f"{URL_SCHEME}|{URL_WWW}|{URL_BARE}", _I)),
    (HASHTAG, re.compile(HASHTAG_RE)),
    (MENTION, re.compile(MENTION_RE, _I)),
    (PHONE, re.compile(f"{PHONE_TIGHT}|(?:\\+7|8)(?:[\\s\\-‐‑–()]{{0,3}}\\d){{10}}")),
    (PRICE, re.compile(f"[-−–]?{PRICE_RE}\\.?", _I)),
    (PRICE, re.compile(PRICE_TIGHT, _I)),
    (PERCENT, re.compile(f"{PERCENT_TIGHT}|[-−–]?{PERCENT_RE}")),
    (EMOJI, re.compile(f"(?:{EMOJI_SEQ})+")),
)

# Specials written without spaces: the tokenizer keeps each as one token.
TOKEN_MATCH = re.compile(
    "|".join([VKLINK_TIGHT, EMAIL_RE, URL_SCHEME, URL_WWW, URL_BARE, HASHTAG_RE, MENTION_RE,
              PHONE_TIGHT, PRICE_TIGHT, PERCENT_TIGHT]),
    _I,
)
# Specials that may contain spaces: merged after tokenizing. Each alternative starts with
# a literal character class so that the regex engine can skip ahead quickly; the
# left-boundary checks (no letter or digit glued before) are done by the caller.
MULTI_TOKEN = re.compile("|".join([VKLINK_RE, PHONE_RE, PRICE_RE, PERCENT_RE]), _I)
SIGN_CHARS = "-−–"


def token_kind(text: str) -> str:
    """Name the kind of one token's text.

    >>> token_kind("#распродажа"), token_kind("7 990 ₽"), token_kind("vk.cc/cx2RP1")
    ('HASHTAG', 'PRICE', 'URL')
    """
    if not text or text.isspace():
        return NEWLINE if "\n" in text else SPACE
    if text.isalpha():
        return WORD
    for kind, pattern in KIND_PATTERNS:
        if pattern.fullmatch(text):
            return kind
    if text.isdigit() or re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return NUMBER
    if all(not ch.isalnum() for ch in text):
        return PUNCT
    if any(ch.isalpha() for ch in text):
        return WORD
    return OTHER


# What a link is for, read off its text: a link with a campaign or referral mark, an invite
# to a closed channel, a link shortener, or any other Telegram link. Adverts use the first
# three far more than editorial posts do, whatever the brand or the channel.
URL_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("tracked", re.compile(r"[?&](?:utm_|erid=|ref=|promo|start=|aff|clickid|partner)|/ref/|sponsored\.", _I)),
    ("invite", re.compile(r"t\.me/(?:\+|joinchat/)", _I)),
    ("short", re.compile(
        r"(?:^|//|\.)(?:bit\.ly|clck\.ru|vk\.cc|goo\.su|tinyurl\.com|cutt\.ly|u\.to|is\.gd|s\.click\.\w+"
        r"|shorturl\.at|rebrand\.ly|ya\.cc|l\.ead\.me|qps\.ru|t\.ly|tiny\.cc|ow\.ly)(?:/|$)", _I)),
    ("telegram", re.compile(r"(?:^|//)(?:t\.me|telegram\.me)/", _I)),
)


def url_kind(url: str) -> str:
    """The first of :data:`URL_KINDS` a link matches, or ``""`` for a plain link.

    >>> url_kind("https://shop.ru/?utm_source=tg"), url_kind("t.me/+AbCd"), url_kind("https://bit.ly/x1")
    ('tracked', 'invite', 'short')
    >>> url_kind("https://t.me/news/15"), url_kind("https://example.ru/about")
    ('telegram', '')
    """
    for name, pattern in URL_KINDS:
        if pattern.search(url):
            return name
    return ""
