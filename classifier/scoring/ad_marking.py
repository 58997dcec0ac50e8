"""The ad-marking check of a scored post: is marking asked for, what is there, what is missing.

Marking is asked for only when the post reads as an advert — it pushes a product or service
with a call to buy or write, a discount, a promo code, a giveaway or a link, it already
carries a label or an erid, or it is scored ``rewrite`` and uses sales language — and its
verdict is not ``ok``. A post scored ``ok`` never gets
the warning. The warning names the missing parts and says plainly that a brand's post about
its own product on its own page is a grey zone, instead of asserting a violation.

>>> from classifier.signals.base import Hit
>>> hits = {"buy_call": Hit(((0, 8),), 1.0)}
>>> mark = assess_marking("Закажите латте за 199 ₽.\\nРеклама", hits, "rewrite", MarkingPolicy())
>>> mark.needed, mark.parts.label.present, mark.missing
(True, True, ('advertiser', 'erid'))
>>> assess_marking("Закажите латте за 199 ₽.", hits, "ok", MarkingPolicy()).warning is None
True
"""

from __future__ import annotations

from collections.abc import Mapping

from classifier.scoring.result import AdMarking, MarkingPart, MarkingParts, TextSpan
from classifier.scoring.settings import OFF, REQUIRE, MarkingPolicy
from classifier.signals.base import Hit
from classifier.signals.marking import ADVERTISER, ERID, INN, LABEL, NAME, PART_TITLES, Marking, find_marking
from classifier.signals.registry import BY_ID

# Signals that make a post read as an advert: pushes on their own; a price only with a push.
PUSH_SIGNALS = ("buy_call", "contact_call", "link_push", "discount", "promo_code", "giveaway")
ADVERT_SIGNALS = (*PUSH_SIGNALS, "price")
MISSING_TITLES = {LABEL: "пометки «Реклама»", ADVERTISER: "сведений о рекламодателе", ERID: "токена erid"}

GREY_ZONE = (
    "Если это пост бренда о собственном товаре на его же странице и его не продвигают за плату, "
    "это серая зона: по разъяснениям регуляторов такая публикация может и не считаться рекламой, "
    "которую нужно маркировать. Если пост оплачен (посев, реклама у блогера или в чужом канале) "
    "или его продвигают за деньги, маркировка обязательна."
)
THIRD_PARTY = "В посте указан другой рекламодатель, чем в ваших настройках: чужую рекламу маркируют полностью."
NOT_LEGAL_ADVICE = "Это подсказка, а не юридическое заключение; правила и штрафы — postcheck explain ad_marking."


def assess_marking(text: str, hits: Mapping[str, Hit], verdict: str, policy: MarkingPolicy,
                   brand_words: frozenset[str] = frozenset(), sales_words: bool = False) -> AdMarking:
    """The AdMarking of a post, from its text, its signal hits and its verdict. ``sales_words``:
    the post uses sales language; with a ``rewrite`` verdict it reads as an advert even when no
    call, discount or link was found («Банк запускает услугу… бесплатно… оформите»)."""
    marking = find_marking(text)
    parts = MarkingParts(*(_part(text, marking, p) for p in (LABEL, ADVERTISER, ERID)))
    spans = tuple(TextSpan(m.start, m.end, text[m.start:m.end]) for m in marking.marks)
    present = any(marking.present(p) for p in (LABEL, ADVERTISER, ERID))
    if policy.mode == OFF:
        return AdMarking(present=present, needed=False, spans=spans, parts=parts)
    signs = [sid for sid in ADVERT_SIGNALS if (hit := hits.get(sid)) is not None and hit.fired]
    reads_as_advert = (marking.any_marker or any(s in PUSH_SIGNALS for s in signs)
                       or (sales_words and verdict == "rewrite"))
    needed = verdict != "ok" and reads_as_advert
    missing = marking.missing if needed or marking.any_marker else ()
    problems = (*marking.problems, *_advertiser_problems(marking, policy)) if needed or marking.marks else ()
    warning = None
    if needed and missing:
        warning = _warning(marking, signs, missing, problems, _third_party(text, marking, policy, brand_words))
    return AdMarking(
        present=present, needed=needed, warning=warning, spans=spans, parts=parts, missing=missing,
        problems=tuple(dict.fromkeys(problems)), flagged=policy.mode == REQUIRE and bool(missing),
    )


def _part(text: str, marking: Marking, part: str) -> MarkingPart:
    spans = tuple(TextSpan(s, e, text[s:e]) for s, e in marking.spans(part))
    return MarkingPart(marking.present(part), spans)


def _advertiser_problems(marking: Marking, policy: MarkingPolicy) -> list[str]:
    """«ваш ИНН не указан» when the settings name the advertiser and the post does not."""
    inn = policy.advertiser_inn
    if not inn:
        return []
    found = [m.value for m in marking.of(ADVERTISER) if m.kind == INN and m.valid]
    if inn in found:
        return []
    if found:
        return [f"в посте указан ИНН {found[0]}, а в настройках ваш — {inn}: если рекламодатель вы, исправьте ИНН."]
    example = f"{policy.advertiser_name}, ИНН {inn}" if policy.advertiser_name else f"ИНН {inn}"
    return [f"ваш ИНН {inn} не указан — добавьте, например: «Реклама. {example}. erid: …»."]


def _third_party(text: str, marking: Marking, policy: MarkingPolicy, brand_words: frozenset[str]) -> bool:
    """Whether the post names an advertiser that is not the team's own (known from the settings)."""
    if not (policy.advertiser_inn or policy.advertiser_name):
        return False
    named = [m for m in marking.of(ADVERTISER) if m.kind in (NAME, INN) and m.valid]
    if not named:
        return False
    own_words = brand_words | _words(policy.advertiser_name or "")
    for mark in named:
        if mark.kind == INN and mark.value == policy.advertiser_inn:
            return False
        if mark.kind == NAME and own_words & _words(mark.value):
            return False
    return True


def _words(name: str) -> frozenset[str]:
    return frozenset(w.strip("«»\"'“”„.,").lower().replace("ё", "е") for w in name.split()) - {"", "ооо", "ао", "ип"}


def _warning(marking: Marking, signs: list[str], missing: tuple[str, ...], problems: tuple[str, ...],
             third_party: bool) -> str:
    titles = ", ".join(BY_ID[s].title.lower() for s in signs[:3]) or "в нём уже есть часть маркировки"
    state = "неполная" if marking.marks else "не найдена"
    lacks = ", ".join(MISSING_TITLES[p] for p in missing)
    sentences = [f"Пост читается как реклама ({titles}), а маркировка {state}: нет {lacks}."]
    sentences += [_sentence(p) for p in problems]
    sentences.append(THIRD_PARTY if third_party else GREY_ZONE)
    sentences.append(NOT_LEGAL_ADVICE)
    return " ".join(sentences)


def _sentence(problem: str) -> str:
    return problem[0].upper() + problem[1:]


def marking_note(ad: AdMarking) -> str | None:
    """A short Russian line about the marking when there is no warning (None: nothing to say).

    >>> marking_note(AdMarking(present=True, needed=True))
    'есть все три части: пометка «Реклама», сведения о рекламодателе, токен erid.'
    >>> marking_note(AdMarking(present=True, needed=False, missing=("advertiser", "erid")))
    'неполная — нет сведений о рекламодателе, токена erid.'
    """
    if ad.warning or not (ad.present or ad.missing or ad.problems):
        return None
    if ad.missing:
        note = f"неполная — нет {', '.join(MISSING_TITLES[p] for p in ad.missing)}."
    else:
        note = f"есть все три части: {', '.join(PART_TITLES.values())}."
    return " ".join([note, *(_sentence(p) for p in ad.problems)])


def marking_cell(ad: AdMarking) -> str:
    """What the ``postcheck_ad_marking`` column of a scored table says.

    >>> marking_cell(AdMarking(present=False, needed=True, missing=("label", "advertiser", "erid")))
    'нет, а пост похож на рекламу'
    >>> marking_cell(AdMarking(present=True, needed=True, missing=("erid",)))
    'неполная: нет токена erid'
    """
    if ad.missing:
        if ad.needed and not (ad.present or ad.spans):
            return "нет, а пост похож на рекламу"
        return "неполная: нет " + ", ".join(MISSING_TITLES[p] for p in ad.missing)
    return "есть" if ad.present else "не требуется"
