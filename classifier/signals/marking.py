"""Legal ad marking in a post: the label «Реклама», the advertiser and the erid token.

Since 2022-09-01 an advert on the Russian internet carries three things (38-ФЗ «О рекламе»,
art. 18.1): the word «реклама», who the advertiser is (a name with its legal form and ИНН,
or a link to a page about the advertiser) and the identifier (erid) that an ОРД assigned to
the ad. :func:`find_marking` finds each part with its character spans, checks what can be
checked (the ИНН and ОГРН checksums, the shape of the erid token) and tells a label from the
ordinary word «реклама» («рынок рекламы вырос»). :func:`strip_ad_labels` removes what it
finds, so that a model never learns from the marker; the ``ad_label`` signal reports it.
Whether a post needs marking is decided by scoring.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from classifier.signals.base import NO_HIT, Context, Hit, TokenSpan, signal

LABEL, ADVERTISER, ERID = "label", "advertiser", "erid"
PARTS = (LABEL, ADVERTISER, ERID)
PART_TITLES = {LABEL: "пометка «Реклама»", ADVERTISER: "сведения о рекламодателе", ERID: "токен erid"}

# Kinds of marks.
LEGAL, SUBSTITUTE = "legal", "substitute"  # the word «реклама» / another wording
NAME, INN, OGRN, LINK, ADDRESS = "name", "inn", "ogrn", "link", "address"
TOKEN, URL_PARAM = "token", "url"


@dataclass(frozen=True)
class Mark:
    """One piece of marking found in a post."""

    part: str  # LABEL, ADVERTISER or ERID
    kind: str  # label: legal|substitute; advertiser: name|inn|ogrn|link|address; erid: token|url
    start: int
    end: int
    value: str = ""  # the erid token, the ИНН or ОГРН digits, the advertiser's name
    problem: str | None = None  # why the mark does not count, in Russian; None when it does

    @property
    def valid(self) -> bool:
        return self.problem is None

    @property
    def counts(self) -> bool:
        """Whether the mark makes its part present (an address alone names nobody)."""
        return self.valid and self.kind != ADDRESS


@dataclass(frozen=True)
class Marking:
    """Every mark of one post, in text order."""

    marks: tuple[Mark, ...] = ()

    def of(self, part: str) -> tuple[Mark, ...]:
        return tuple(m for m in self.marks if m.part == part)

    def present(self, part: str) -> bool:
        return any(m.counts for m in self.of(part))

    def spans(self, part: str) -> tuple[tuple[int, int], ...]:
        return tuple((m.start, m.end) for m in self.of(part))

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(p for p in PARTS if not self.present(p))

    @property
    def any_marker(self) -> bool:
        """A label of any wording or an erid (even a broken one): the post says it is an ad."""
        return any(m.part in (LABEL, ERID) for m in self.marks)

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.problem for m in self.marks if m.problem))


NO_MARKING = Marking()

# --- checksums and token shape --------------------------------------------------------------

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights)) % 11 % 10


def inn_valid(digits: str) -> bool:
    """Whether a 10-digit (company) or 12-digit (person) ИНН has correct check digits.

    >>> inn_valid("7707083893"), inn_valid("7701234567"), inn_valid("500100732259")
    (True, False, True)
    """
    if not digits.isdigit():
        return False
    if len(digits) == 10:
        return _check_digit(digits, _INN10) == int(digits[9])
    if len(digits) == 12:
        return (_check_digit(digits, _INN11) == int(digits[10])
                and _check_digit(digits, _INN12) == int(digits[11]))
    return False


def ogrn_valid(digits: str) -> bool:
    """Whether a 13-digit ОГРН or 15-digit ОГРНИП has a correct check digit.

    >>> ogrn_valid("1027700132195"), ogrn_valid("1027700132196"), ogrn_valid("304500116000157")
    (True, False, True)
    """
    if not digits.isdigit() or len(digits) not in (13, 15):
        return False
    modulus = 11 if len(digits) == 13 else 13
    return int(digits[:-1]) % modulus % 10 == int(digits[-1])


_TOKEN_CHARS = re.compile(r"[0-9A-Za-z]+")


def erid_problem(token: str) -> str | None:
    """Why a string does not look like an erid token (None when it does).

    An ОРД gives a string of 6 and more Latin letters and digits, such as ``2VtzqxQdVFu``
    or ``LjN8K7icM``; a placeholder («XXXXXX», «токен») or an empty value is a mistake.

    >>> erid_problem("2VtzqxQdVFu") is None, erid_problem("")
    (True, 'после erid нет токена — вставьте токен, который выдал ОРД.')
    """
    if not token:
        return "после erid нет токена — вставьте токен, который выдал ОРД."
    shaped = (
        _TOKEN_CHARS.fullmatch(token) is not None and 6 <= len(token) <= 120 and not token.isdigit()
        and len(set(token.lower())) >= 4
        and (any(c.isdigit() for c in token) or (token.lower() != token and token.upper() != token))
    )
    if not shaped:
        return f"«{token}» не похож на токен erid: ОРД выдаёт строку из латинских букв и цифр."
    return None


# --- patterns ---------------------------------------------------------------------------------

# Latin letters that look like Cyrillic ones: «Рeклaмa» typed with a Latin «e» and «a».
_FOLD = str.maketrans("aeopcxykmthbAEOPCXKMTHB", "аеорсхукмтнвАЕОРСХКМТНВ")
_LOOKALIKE_WORD = re.compile(r"[рp][еe][кk]л[аa][мm]")
_NUMBER_WORD = re.compile(r"(?<![а-яё])(?:инн|огрн)(?![а-яё])")
_SUBSTITUTE_CUES = ("партн", "спонсорск", "на правах", "#промо")
_LATIN_CUES = ("#ad", "#sponsored", "#promo")

_FORMS = (
    r"(?:ООО|ОАО|ЗАО|ПАО|НАО|АО|ИП|АНО|НКО|ФГУП|ГУП|МУП|ФГБУ|ГБУ|ТОО"
    r"|(?i:индивидуальный\s+предприниматель|общество\s+с\s+ограниченной\s+ответственностью"
    r"|(?:публичное\s+|непубличное\s+)?акционерное\s+общество|самозанят(?:ый|ая)))"
)
_URL = r"https?://[^\s)\]]+"

# The word «реклама» is a label only where it stands apart; these look at its line around it.
_WORD = re.compile(r"(?<![^\W_])#?реклама(?![^\W_])", re.IGNORECASE)
_OWN_BEFORE = re.compile(r"(?:[^\w#\[]|_)*\Z")  # alone on its line: «📢 Реклама», «__Реклама.__», «(реклама)»
_OWN_AFTER = re.compile(r"[\W_]*(?:\d{1,2}\+[\W_]*)?\Z")
_LINK_BEFORE = re.compile(r"\[(?:[^\w\]]|_)*\Z")  # a link whose text is the label: «[__Реклама__](https://…)»
_LINK_AFTER = re.compile(rf"(?:[^\w\]]|_)*\]\((?P<link>{_URL})\)")
_LEAD_BEFORE = re.compile(r"(?:\A|[.!?…|•·])(?:[^\w#\[]|_)*\Z")  # at a line or sentence start…
_LEAD_AFTER = re.compile(  # …followed by the advertiser, the erid, a link or an age mark
    rf"[\s.:,;|—–-]*(?:от\s+)?(?:{_FORMS}(?![^\W_])|(?i:инн|огрн|erid|рекламодател|информаци\w*\s+о\s+рекламодател"
    r"|о\s+рекламодател)|https?://|\d{1,2}\+)"
    r"|\s*[.:,|—–-][\s.:,;|—–-]*[«\"“\[]"  # «Реклама: «Ромашка»», «Реклама. [О рекламодателе](…)»
    # «Реклама. Иванова Анна Петровна, ИНН 5001…»: requisites further on the line
    r"|\s*[.:,|—–-][^\n]{0,120}?(?i:(?:инн|огрн)[\s:№_*]*\d{10}|erid[\s:=]*[0-9a-z]{6})"
)
_FIRST_BEFORE = re.compile(r"(?:[^\w#\[]|_)*\Z")  # the very start of a post: «Реклама. Хотите…», «РЕКЛАМА | …»
_FIRST_AFTER = re.compile(r"\s*[.|](?:\s|\Z)")
_LAST_BEFORE = re.compile(r"[.!?…][ \t]*\Z")  # the last sentence of a post: «…по ссылке. Реклама»
_LAST_AFTER = re.compile(r"[.!]?\s*\Z")
_CAPITALISED = ("Реклама", "РЕКЛАМА")

_SUBSTITUTE_LABEL = re.compile(
    r"(?:(?<![^\W_]|#)это\s+)?(?<![^\W_]|#)(?:#партн[её]рск(?:ий|ая|ое)(?:\s+(?:пост|материал|публикация))?"
    r"|(?:партн[её]рск|спонсорск)(?:ий|ая|ое)\s+(?:пост|материал|публикация))(?![^\W_])"
    r"|(?<!\w)на\s+правах\s+рекламы(?![^\W_])"
    r"|(?<![^\W_]|#)#(?:промо|партн[её]р|спонсор)(?![^\W_])",
    re.IGNORECASE,
)
_LATIN_TAG = re.compile(r"(?<![^\W_]|#)#(?:ad|ads|sponsored|promo)(?![^\W_])", re.IGNORECASE)

# erid: «erid: 2Vtzqx…», «ERID 2Vtz…», «Erid:LjN8…», in a link «…?erid=2Vtz…», «utm_campaign=erid_2Vtz…»
_ERID = re.compile(r"(?<![A-Za-z0-9])erid(?P<sep>\s*[:=]\s*|\s*[-–—]\s*|[_/]|\s+)(?P<token>[0-9A-Za-z]*)",
                   re.IGNORECASE)
_INN = re.compile(r"(?<![^\W_])инн(?:/кпп)?(?![^\W_])[\s:№#_*.\\]*(?P<digits>\d{5,15})(?!\d)", re.IGNORECASE)
_OGRN = re.compile(r"(?<![^\W_])огрн(?:ип)?(?![^\W_])[\s:№#_*.\\]*(?P<digits>\d{5,17})(?!\d)", re.IGNORECASE)
_POSTCODE = re.compile(r"(?<!\d)\d{6},[ \t]*(?=\S)")  # an address starts with its postcode…
_ADDRESS_END = re.compile(  # …and ends before the requisites, at a line end or at a sentence end
    r"[,;.]?\s*(?=(?:ОГРН|ИНН|erid)(?![^\W_]))|[;\n]|\.(?=\s+[А-ЯЁA-Z][а-яёa-z]{3,})|\.?\s*\Z", re.IGNORECASE
)
_ABBREVIATION = re.compile(r"(?:^|[\s,.(])(?:[а-яё]{1,4}|[А-ЯЁ]|[а-яё]+-[а-яё]+)\Z")  # «г.», «ул.», «пр-д.», «И.»
_PERSON = re.compile(  # a person's full name, or surname and initials: «Иванова Анна Петровна», «Иванов И. И.»
    r"(?<![^\W_])[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?[ \t]+(?:[А-ЯЁ][а-яё]+[ \t]+[А-ЯЁ][а-яё]+(?:вич|вна|ична|инична)"
    r"|[А-ЯЁ]\.[ \t]?[А-ЯЁ]\.)(?![^\W_])"
)
_NAME = (
    r"(?:«[^»\n]{1,80}»|\"[^\"\n]{1,80}\"|“[^”\n]{1,80}”|„[^“\n]{1,80}“"
    r"|[«\"“]?[A-ZА-ЯЁ0-9][\w.&+'’-]*(?:[ \t]+(?:[A-ZА-ЯЁ0-9][\w.&+'’-]*|и|&)){0,4})"
)
_NAMED = re.compile(rf"(?<![^\W_])(?P<form>{_FORMS})(?![^\W_])[ \t]+(?P<name>{_NAME})")
_ADVERTISER_WORD = re.compile(
    rf"(?i:(?:информаци\w*\s+)?о\s+рекламодателе|рекламодател[ьяюе]\w*)(?:[^\w\n]|_){{0,6}}(?:\]\((?P<link>{_URL})\)"
    rf"|[:\s—–-]+(?P<url>{_URL})|\s*[:—–-]\s*(?P<name>{_NAME}))"
)
_NEAR = 150  # characters: how far an advertiser's name may stand from the label, the erid or the ИНН


# --- finding ----------------------------------------------------------------------------------

def find_marking(text: str) -> Marking:
    """Every mark of ad marking in ``text``, each with its spans and, when broken, why.

    >>> m = find_marking("Кофе со скидкой.\\nРеклама. ООО «Ромашка», ИНН 7707083893. erid: 2VtzqxQdVFu")
    >>> [(x.part, x.kind) for x in m.marks]
    [('label', 'legal'), ('advertiser', 'name'), ('advertiser', 'inn'), ('erid', 'token')]
    >>> [x.value for x in m.marks]
    ['Реклама', 'ООО «Ромашка»', '7707083893', '2VtzqxQdVFu']
    >>> find_marking("Рынок рекламы вырос на 5%.").marks
    ()
    """
    lower = text.lower()
    cues = _Cues(
        word="реклам" in lower or _LOOKALIKE_WORD.search(lower) is not None,
        substitute=any(c in lower for c in _SUBSTITUTE_CUES),
        latin=any(c in lower for c in _LATIN_CUES),
        erid="erid" in lower,
        number=("инн" in lower or "огрн" in lower) and _NUMBER_WORD.search(lower) is not None,
    )
    if not (cues.word or cues.substitute or cues.latin or cues.erid or cues.number):
        return NO_MARKING
    return _find(text, cues)


@dataclass(frozen=True)
class _Cues:
    """Which kinds of marks a post may hold at all, from cheap substring checks."""

    word: bool
    substitute: bool
    latin: bool
    erid: bool
    number: bool


@lru_cache(maxsize=64)  # the signal and the scoring decision look at the same post
def _find(text: str, cues: _Cues) -> Marking:
    folded = text.translate(_FOLD) if cues.word or cues.number else text
    labels = _labels(text, folded) if cues.word else []
    labels += _substitutes(text, folded, cues)
    erids = _erids(text) if cues.erid else []
    numbers = _numbers(folded) if cues.number else []
    anchors = [*labels, *erids, *numbers]
    if not anchors:
        return NO_MARKING
    named = _near(_names(text, folded), anchors) + _advertiser_words(text)
    marks = _dedupe([*labels, *erids, *numbers, *named])
    return Marking(tuple(sorted(marks, key=lambda m: (m.start, -m.end))))


def _labels(text: str, folded: str) -> list[Mark]:
    """The word «реклама» where it stands as a label (see the patterns above)."""
    marks = []
    for match in _WORD.finditer(folded):
        start, end = match.span()
        before, after = _context(text, start, end)
        word = text[start:end]
        link = _LINK_AFTER.match(after) if _LINK_BEFORE.search(before) else None
        if word.startswith("#") or link or _is_label(text, word, before, after, start, end):
            marks.append(Mark(LABEL, LEGAL, start, end, word))
        if link:
            s, e = end + link.start("link"), end + link.end("link")
            marks.append(Mark(ADVERTISER, LINK, s - 1, e + 1, text[s:e]))
    return marks


_WINDOW = 500  # characters of the line each side of the word that decide whether it is a label


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """The line before and after ``text[start:end]``, at most _WINDOW characters each way.

    A window cut inside a long line gets a letter at its cut end, so that a long line never
    reads as «the word alone on its line».
    """
    cut = text.rfind("\n", max(0, start - _WINDOW - 1), start)
    before = text[cut + 1:start] if cut >= 0 or start <= _WINDOW else "x" + text[start - _WINDOW:start]
    stop = text.find("\n", end, end + _WINDOW + 1)
    if stop >= 0 or end + _WINDOW >= len(text):
        after = text[end:stop if stop >= 0 else len(text)]
    else:
        after = text[end:end + _WINDOW] + "x"
    return before, after


def _is_label(text: str, word: str, before: str, after: str, start: int, end: int) -> bool:
    if _OWN_BEFORE.fullmatch(before) and _OWN_AFTER.fullmatch(after):
        return True
    if before.endswith("(") and after.startswith(")"):
        return True
    if _LEAD_BEFORE.search(before) and _LEAD_AFTER.match(after):
        return True
    if word not in _CAPITALISED:
        return False
    if _FIRST_BEFORE.fullmatch(text, 0, start) and _FIRST_AFTER.match(after):
        return True
    if _LAST_AFTER.fullmatch(text, end) is None:
        return False
    return _LAST_BEFORE.search(text, max(0, start - _WINDOW), start) is not None


def _substitutes(text: str, folded: str, cues: _Cues) -> list[Mark]:
    """«#промо», «на правах рекламы», «партнёрский материал»: labels, but not the word the law asks."""
    found = [*(_SUBSTITUTE_LABEL.finditer(folded) if cues.substitute else ()),
             *(_LATIN_TAG.finditer(text) if cues.latin else ())]
    marks = []
    for match in found:
        start, end = match.span()
        words = text[start:end]
        problem = (f"«{words}» — не та пометка: закон требует слово «Реклама» "
                   "(отдельной строкой «Реклама» или «#реклама»).")
        marks.append(Mark(LABEL, SUBSTITUTE, start, end, words, problem))
    return marks


def _erids(text: str) -> list[Mark]:
    marks = []
    for match in _ERID.finditer(text):
        sep, token = match.group("sep"), match.group("token")
        in_url = match.start() > 0 and text[match.start() - 1] in "?&"
        explicit = "=" in sep or ":" in sep
        problem = erid_problem(token)
        if problem is not None and not explicit:
            continue  # «токен erid обязателен»: the word, not a marking
        kind = URL_PARAM if in_url or _inside_url(text, match.start()) else TOKEN
        end = match.end() if token else match.start() + 4 + len(sep.rstrip())
        marks.append(Mark(ERID, kind, match.start(), end, token, problem))
    return marks


def _inside_url(text: str, at: int) -> bool:
    since = max(0, at - 2000)  # no link is longer
    start = max(text.rfind(" ", since, at), text.rfind("\n", since, at), text.rfind("(", since, at), since - 1)
    return "://" in text[start + 1:at] or text[start + 1:at].startswith("www.")


def _numbers(folded: str) -> list[Mark]:
    marks = []
    for pattern, kind in ((_INN, INN), (_OGRN, OGRN)):
        for match in pattern.finditer(folded):
            digits = match.group("digits")
            marks.append(Mark(ADVERTISER, kind, match.start(), match.end(), digits, _number_problem(kind, digits)))
    return marks


def _number_problem(kind: str, digits: str) -> str | None:
    if kind == INN:
        if len(digits) not in (10, 12):
            return f"ИНН {digits}: в ИНН 10 цифр (организация) или 12 (ИП, самозанятый, человек)."
        return None if inn_valid(digits) else f"ИНН {digits} не проходит проверку контрольной суммы — проверьте цифры."
    if len(digits) not in (13, 15):
        return f"ОГРН {digits}: в ОГРН 13 цифр, в ОГРНИП — 15."
    return None if ogrn_valid(digits) else f"ОГРН {digits} не проходит проверку контрольной суммы — проверьте цифры."


def _names(text: str, folded: str) -> list[Mark]:
    """Names with a legal form, persons' names and postal addresses (kept only near the label)."""
    marks = []
    for match in _NAMED.finditer(folded):
        start, end = match.start(), match.end()
        while end > start and text[end - 1] in ".,;:":
            end -= 1
        marks.append(Mark(ADVERTISER, NAME, start, end, text[start:end]))
    marks += [Mark(ADVERTISER, NAME, *m.span(), m.group()) for m in _PERSON.finditer(text)]
    marks += [Mark(ADVERTISER, ADDRESS, start, end, text[start:end]) for start, end in _addresses(text)]
    return marks


def _addresses(text: str) -> list[tuple[int, int]]:
    """«123290, г. Москва, Причальный пр-д, д. 2, пом. XIX» up to the requisites or the sentence end."""
    spans = []
    for match in _POSTCODE.finditer(text):
        for end in _ADDRESS_END.finditer(text, match.end(), match.end() + 240):
            if end.group().startswith(".") and _ABBREVIATION.search(text, match.start(), end.start()):
                continue  # «г. Москва»: an abbreviation, not a sentence end
            spans.append((match.start(), end.start()))
            break
    return spans


def _advertiser_words(text: str) -> list[Mark]:
    """«[О рекламодателе](https://…)», «Рекламодатель: ООО …»: advertiser marks of their own."""
    marks = []
    for match in _ADVERTISER_WORD.finditer(text):
        kind = NAME if match.group("name") else LINK
        value = match.group("name") or match.group("link") or match.group("url")
        marks.append(Mark(ADVERTISER, kind, match.start(), match.end(), value))
    return marks


def _near(marks: list[Mark], anchors: list[Mark]) -> list[Mark]:
    """The marks standing within _NEAR characters of an anchor (not one inside a link)."""
    spans = sorted((a.start, a.end) for a in anchors if a.kind != URL_PARAM)
    starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))  # the furthest end so far
    kept = []
    for mark in marks:
        i = bisect.bisect_right(starts, mark.end + _NEAR)
        if i and reach[i - 1] >= mark.start - _NEAR:
            kept.append(mark)
    return kept


def _dedupe(marks: list[Mark]) -> list[Mark]:
    """Drop a mark lying inside another one of the same part (a longer match wins)."""
    kept: list[Mark] = []
    reach: dict[str, int] = {}  # per part, the furthest end of a kept mark
    for mark in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        if reach.get(mark.part, -1) >= mark.end:
            continue
        kept.append(mark)
        reach[mark.part] = max(reach.get(mark.part, -1), mark.end)
    return kept


# --- stripping --------------------------------------------------------------------------------

_GLUE = re.compile(r"[\s.,;:|•·/\\()\[\]*_~—–-]*")
_LEFT_MARKUP = " \t*_~[(«\"“"
_RIGHT_MARKUP = " \t*_~])»\"”"
_SEPARATORS = re.compile(r"[\s.,;:!|•·—–*_~)\]-]*")
_LINE_REST = re.compile(r"[\W_]*")  # a line left with no letters or digits is dropped whole


def strip_ad_labels(text: str) -> str:
    """The text without its ad marking: the label (also «#промо», «на правах рекламы»…),
    the erid (inside a link only the erid parameter goes) and the advertiser's details
    that come with them; the rest of the text is left as it was.

    >>> strip_ad_labels("Курс Python со скидкой.\\nРеклама. ООО «Ромашка», ИНН 7707083893")
    'Курс Python со скидкой.'
    >>> strip_ad_labels("Запишитесь [здесь](https://ex.ru/?utm_source=tg&erid=2VtzqxQdVFu). Мест мало.")
    'Запишитесь [здесь](https://ex.ru/?utm_source=tg). Мест мало.'
    """
    marking = find_marking(text)
    if not marking.marks:
        return text
    in_urls = [_url_cut(text, m) for m in marking.marks if m.kind == URL_PARAM]
    others = _merge(text, [(m.start, m.end) for m in marking.marks if m.kind != URL_PARAM])
    out, pos = [], 0
    for start, end in sorted([*in_urls, *(_widen(text, s, e) for s, e in others)]):
        if end <= pos:
            continue
        out.append(text[pos:max(start, pos)])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _url_cut(text: str, mark: Mark) -> tuple[int, int]:
    """Inside a URL: «?erid=X&utm=1» keeps «?utm=1», «…&erid=X» drops «&erid=X»."""
    start, end = mark.start, mark.end
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before == "&" or (before in "_-/" and after not in "_-&"):
        return start - 1, end
    if before == "?":
        return (start, end + 1) if after == "&" else (start - 1, end)
    if after in ("_", "-", "&") and before in "=_-/":
        return start, end + 1
    return start, end


def _merge(text: str, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join neighbouring cuts that only punctuation and spaces separate."""
    blocks: list[tuple[int, int]] = []
    for start, end in sorted(cuts):
        last_end = blocks[-1][1] if blocks else -1
        gap = text[last_end:start] if blocks else ""
        if blocks and _GLUE.fullmatch(gap) and "\n\n" not in gap:
            blocks[-1] = (blocks[-1][0], max(last_end, end))
        else:
            blocks.append((start, end))
    return blocks


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """The cut for a block: its whole line when nothing else stands there; else the block
    with the markup and separators around it, leaving one space between the words."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    opens_line = _LINE_REST.fullmatch(text, line_start, start) is not None
    ends_line = _LINE_REST.fullmatch(text, end, line_end) is not None
    if opens_line and ends_line:
        if line_end < len(text):
            return line_start, line_end + 1
        return max(0, line_start - 1), line_end  # the last line goes with the newline before it
    if opens_line:
        end += len(_SEPARATORS.match(text, end, line_end).group())
        return line_start, end
    if ends_line:
        while start > line_start and text[start - 1] in _LEFT_MARKUP:
            start -= 1
        stop = max(text.rfind(p, end, line_end) for p in ".!?…")
        if stop >= 0 and text[start - 1].isalnum():
            return start, stop  # «…опубликован на правах рекламы.»: the sentence keeps its full stop
        return start, line_end
    while start > line_start and text[start - 1] in _LEFT_MARKUP:
        start -= 1
    while end < line_end and text[end] in _RIGHT_MARKUP:
        end += 1
    if text[start] in " \t" and text[end - 1] in " \t":
        end -= 1  # «кофе (реклама) со скидкой» -> «кофе со скидкой»
    return start, end


# --- the signal ---------------------------------------------------------------------------------

@signal(
    "ad_label", "ad_marking",
    title="Маркировка рекламы",
    why="Реклама в интернете по закону (38-ФЗ «О рекламе», ст. 18.1) несёт пометку «Реклама», "
        "сведения о рекламодателе и токен erid, полученный через ОРД.",
    tip="Если пост рекламирует товар или услугу за плату или в интересах бренда, добавьте все три "
        "части маркировки; подробнее — postcheck explain ad_marking.",
    example="Реклама. ООО «Ромашка», ИНН 7701234560. erid: 2VtzqxQdVFu",
)
def ad_label(ctx: Context, found: list[TokenSpan]) -> Hit:
    """Every mark of ad marking: labels, the advertiser's details and the erid."""
    marks = find_marking(ctx.text).marks
    if not marks:
        return NO_HIT
    return Hit(tuple((m.start, m.end) for m in marks), float(len(marks)))


SIGNALS = [ad_label]
