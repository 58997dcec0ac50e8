"""Signals of advertising labels: «Реклама», an erid token, the advertiser's details.

Russian law requires paid advertising online to carry a label, an erid token from the ad
registry and the advertiser's name or INN. These signals only report whether such a label
is present; whether a post needs one is decided by scoring.
"""

from __future__ import annotations

import re

from classifier.signals.base import NO_HIT, Context, Hit, hit_from_regex, signal

AD_LABEL = re.compile(
    r"\berid\s*[:=]?\s*[\w-]{4,}"
    r"|(?<![\w#])#(?:реклама|промо|партн[её]р|ad|sponsored)\b"
    r"|\bна\s+правах\s+рекламы\b"
    r"|\bпартн[её]рск(?:ий|ая|ое)\s+(?:пост|материал|публикация)\b"
    r"|\bрекламодатель\b"
    r"|\b(?:инн|огрн(?:ип)?)\s*:?\s*\d{10,15}\b"
    r"|(?:^|(?<=[\n|•·(]))[ \t]*(?-i:Реклама|РЕКЛАМА)(?=[\s.:,|)]|$)"
    r"|\b(?-i:Реклама|РЕКЛАМА)[.:]?\s+(?:ООО|ИП|АО|ПАО)\b",
    re.IGNORECASE,
)


@signal(
    "ad_label", "ad_marking",
    title="Маркировка рекламы",
    why="По правилам маркировки интернет-рекламы в России рекламный пост несёт пометку "
        "«Реклама», токен erid и сведения о рекламодателе.",
    tip="Если пост рекламирует товар или услугу за плату или в интересах бренда, "
        "уточните у юриста, нужна ли маркировка, и добавьте «Реклама», erid и ИНН/название.",
    example="Реклама. ООО «Ромашка», ИНН 7701234567. erid: 2VtzqvXyZ1a",
)
def ad_label(ctx: Context) -> Hit:
    lower = ctx.text.lower()
    if not any(cue in lower for cue in _CUES):
        return NO_HIT
    return hit_from_regex(ctx, AD_LABEL)


# Every label holds one of these; most posts hold none, and the full pattern is slow.
_CUES = ("erid", "реклам", "партн", "огрн", "инн", "#промо", "#ad", "#sponsored")


SIGNALS = [ad_label]


def strip_ad_labels(text: str) -> str:
    """Remove advertising labels, for evaluating on marked ads without giving the answer.

    >>> strip_ad_labels("Курс Python со скидкой. Реклама. ООО «Ромашка», ИНН 7701234567")
    'Курс Python со скидкой.  «Ромашка», '
    """
    return AD_LABEL.sub("", text)
