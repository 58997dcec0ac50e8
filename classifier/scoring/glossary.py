"""What every reason id a report can show means: ``postcheck explain ID``.

Reports name reasons by id (the JSON ``signal`` field): a rule signal (``discount``), what
the model learned from words and text shape (``model:junk_words``...), a phrase the team
configured (``custom:<фраза>``), and the ad-marking check (``ad_marking``). Ids match
case-insensitively.

>>> explain_reason("DISCOUNT").id
'discount'
>>> explain_reason("model:junk_words").title
'Рекламная лексика'
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from classifier.errors import PostcheckError
from classifier.language.numerals import short_number
from classifier.scoring.explain import MODEL_REASONS, category_title
from classifier.scoring.marking_rules import ad_marking_explanation
from classifier.signals.base import CATEGORIES, MISTAKES, Signal
from classifier.signals.registry import BY_ID, SIGNALS

AD_MARKING = "ad_marking"
CUSTOM_PREFIX = "custom:"
KIND_SIGNAL, KIND_MODEL, KIND_CUSTOM, KIND_MARKING = "signal", "model", "custom", "marking"


class UnknownReason(PostcheckError):
    """No reason has this id (exit code 2)."""


@dataclass(frozen=True)
class Side:
    """What a reason says when it pushes one way: towards junk (adds points) or value."""

    polarity: str  # "junk", "value", "marking", or "either" when the sign is not known
    why: str
    tip: str


@dataclass(frozen=True)
class Section:
    """A titled block of a longer explanation (the ad-marking rule has several)."""

    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ReasonInfo:
    """One reason id explained: what it is, why it matters, how to act on it."""

    id: str
    kind: str  # KIND_*
    title: str
    category: str  # the category's title, for people
    sides: tuple[Side, ...]
    example: str | None = None
    mistake: str | None = None
    note: str | None = None
    sections: tuple[Section, ...] = ()


def reason_ids() -> list[str]:
    """Every fixed id a report can show (``custom:<фраза>`` depends on the settings)."""
    model_ids = list(dict.fromkeys(r["signal"] for r in MODEL_REASONS))
    return [s.id for s in SIGNALS] + model_ids + [AD_MARKING]


def explain_reason(reason_id: str, phrases: Mapping[str, float] | None = None) -> ReasonInfo:
    """The explanation of a reason id; UnknownReason (with close ids) when there is none.

    ``phrases`` are the configured phrases (``[phrases]`` of postcheck.toml) and their weights.
    """
    wanted = reason_id.strip().lower()
    if wanted.startswith(CUSTOM_PREFIX):
        return _custom(reason_id.strip()[len(CUSTOM_PREFIX):].strip(), phrases or {})
    if wanted == AD_MARKING:
        return _ad_marking()
    if wanted in BY_ID:
        return _signal(BY_ID[wanted])
    model = [r for r in MODEL_REASONS if r["signal"] == wanted]
    if model:
        return _model(wanted, model)
    raise UnknownReason(_unknown_message(reason_id))


def _signal(sig: Signal) -> ReasonInfo:
    mistake = MISTAKES.get(sig.mistake) if sig.polarity == "junk" and sig.mistake else None
    return ReasonInfo(
        id=sig.id, kind=KIND_SIGNAL, title=sig.title, category=CATEGORIES[sig.category].title,
        sides=(Side(sig.polarity, sig.why, sig.tip),), example=sig.example, mistake=mistake,
    )


def _model(reason_id: str, variants: list[dict]) -> ReasonInfo:
    first = variants[0]
    sides = tuple(Side(v["polarity"], v["why"], v["tip"]) for v in variants)
    mistake = first.get("mistake")
    return ReasonInfo(
        id=reason_id, kind=KIND_MODEL, title=first["title"], category=category_title(first["category"]),
        sides=sides, mistake=MISTAKES.get(mistake) if mistake else None,
        note="Эту причину даёт модель, а не правило: она обучена на размеченных постах брендов "
             "и в каждом посте взвешивает слова и форму текста заново.",
    )


def _custom(phrase: str, phrases: Mapping[str, float]) -> ReasonInfo:
    weights = {p.lower(): (p, w) for p, w in phrases.items()}
    found = weights.get(phrase.lower())
    shown, weight = found if found else (phrase, None)
    why = "Эту фразу ваша команда внесла в список фраз с весом ([phrases] в postcheck.toml)."
    if weight is None:
        note = "В найденных настройках такой фразы нет: её вес задаётся в [phrases] файла postcheck.toml."
        sides = (Side("either", why, "Фразу с весом больше нуля замените формулировкой о пользе для "
                                     "читателя; фразу с отрицательным весом сохраните."),)
    else:
        note = f"Вес в настройках: {'+' if weight > 0 else ''}{short_number(weight)} (баллы на нейтральном посте)."
        sides = ((Side("junk", why, "Замените её формулировкой о пользе для читателя."),) if weight > 0
                 else (Side("value", why, "Сохраните её."),))
    title = f"Фраза «{shown}»" if shown else "Фраза из настроек"
    return ReasonInfo(id=f"{CUSTOM_PREFIX}{shown}", kind=KIND_CUSTOM, title=title,
                      category=category_title("custom"), sides=sides, note=note)


def _ad_marking() -> ReasonInfo:
    rules = ad_marking_explanation()
    label = next(s for s in SIGNALS if s.polarity == "marking")
    return ReasonInfo(
        id=AD_MARKING, kind=KIND_MARKING, title=rules.title, category=CATEGORIES[label.category].title,
        sides=(Side("marking", rules.rule, rules.tip),),
        sections=(
            Section("Три части маркировки",
                    tuple(f"{n}. {part.title}. {part.text}" for n, part in enumerate(rules.parts, 1))),
            Section("Пример правильно промаркированного поста", tuple(rules.example.splitlines())),
            Section("Когда postcheck предупреждает", (rules.when,)),
            Section("Штрафы", tuple(f"• {fine.title}: {fine.text}" for fine in rules.fines)),
            Section("Настройки", (rules.settings,)),
        ),
        note=rules.disclaimer,
    )


def _unknown_message(reason_id: str) -> str:
    close = difflib.get_close_matches(reason_id.strip().lower(), reason_ids(), n=3, cutoff=0.6)
    hint = f" Может быть: {', '.join(close)}?" if close else ""
    return (f"нет причины «{reason_id}».{hint} Сигналы: postcheck signals; ещё бывают "
            f"{', '.join(i for i in reason_ids() if i.startswith('model:'))}, custom:<фраза> и {AD_MARKING}.")
