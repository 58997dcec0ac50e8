"""Ad marking detection: the label, the advertiser and the erid, and stripping them."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from classifier.signals.marking import (
    ADVERTISER,
    ERID,
    LABEL,
    LEGAL,
    SUBSTITUTE,
    erid_problem,
    find_marking,
    inn_valid,
    ogrn_valid,
    strip_ad_labels,
)

SHARED = Path(os.environ.get("POSTCHECK_SHARED", Path(__file__).resolve().parents[2] / "shared" / "data"))
TG_NEWS = SHARED / "tg-news-ads" / "tg_news_posts_dev.csv"

# (text, the label found: "legal" for the word «Реклама» standing as a label, "substitute" for
# another wording, None for no label). Ordinary uses of the word must not count as labels.
LABEL_CASES = [
    # the word used as a word: no label
    ("Рынок рекламы вырос на 5% за год.", None),
    ("Реклама в метро раздражает, говорят пассажиры.", None),
    ("Мы не любим рекламу и не будем её показывать.", None),
    ("Реклама на собаках появилась в России. Стоимость — 50 тысяч рублей.", None),
    ("Реклама — двигатель торговли, но не в нашем канале.", None),
    ("Реклама: как изменился рынок за 2024 год", None),
    ("Это не реклама, а честный отзыв подписчицы.", None),
    ("Бюджет на рекламу вырос вдвое.", None),
    ("Лучшая реклама — сарафанное радио.", None),
    ("Нам не нужна реклама.", None),
    ("Это же просто реклама!", None),
    ("Наша реклама на радио звучит с понедельника.", None),
    ("РЕКЛАМА ВЕЗДЕ: как защититься от спама", None),
    ("Рекламный пост можно узнать по интонации.", None),
    ("Рекламодатели уходят из соцсетей, пишет РБК.", None),
    ("Сбер и МТС запустили партнёрский проект.", None),
    ("Партнёрская программа даёт 10% с каждой продажи.", None),
    ("Спасибо нашим партнёрам за поддержку фестиваля!", None),
    ("Промокод PROMO10 даёт скидку 10%. #промокод", None),
    ("Без токена erid рекламу могут оштрафовать.", None),
    ("erid — идентификатор рекламы, его выдаёт ОРД.", None),
    ("ООО «Ромашка» открыла новый магазин на Тверской.", None),
    ("ИП Иванов выиграл суд у налоговой.", None),
    ("Соцреклама и реклама в соцсетях — не одно и то же.", None),
    ("#рекламщик #маркетинг #smm", None),
    ("Эксперты обсудили рекламу, маркетинг и PR.", None),
    ("Телеканал показал рекламу нового сериала.", None),
    ("Реклама у блогеров дорожает: рассказываем, сколько стоит пост.", None),
    # the legal word standing as a label
    ("Реклама", LEGAL),
    ("Латте за 199 ₽. Закажите!\n\nРеклама", LEGAL),
    ("РЕКЛАМА\nЛатте за 199 ₽.", LEGAL),
    ("реклама\nКурс по Python со скидкой.", LEGAL),
    ("Курс по Python со скидкой.\n📢 Реклама 18+", LEGAL),
    ("Курс по Python #реклама", LEGAL),
    ("Курс по Python.\n**#реклама**", LEGAL),
    ("Реклама. ООО «Ромашка», ИНН 7707083893", LEGAL),
    ("Кофе со скидкой.\nРеклама ООО Спортс.ру. erid: 2SDnjcEYLNF", LEGAL),
    ("Кофе со скидкой.\n[__Реклама__](https://telegra.ph/Informaciya-o-reklamodatele)", LEGAL),
    ("Новый вкус уже в кофейнях (реклама).", LEGAL),
    ("Закажите по ссылке. Реклама", LEGAL),
    ("Реклама: ИП Петров П. П., ИНН 500100732259", LEGAL),
    ("__Реклама ООО \"ДубльГИС\" ИНН 5405276278. Erid: 2RanynRUbNY__", LEGAL),
    ("Рeклaмa\nЛатте за 199 ₽.", LEGAL),  # Latin «e» and «a» inside
    ("Реклама. [Информация о рекламодателе](https://example.ru/about)", LEGAL),
    ("Реклама | ООО «Ромашка»", LEGAL),
    ("Реклама. Хотите выучить английский за лето? Расскажем как.", LEGAL),
    ("Реклама. Иванова Анна Петровна, ИНН 500100732259. Erid 2VtzqxNXrx7", LEGAL),
    ("Текст поста.\n__Реклама.__", LEGAL),
    ("Очень длинный пост о кофе. " * 40 + "\nРеклама", LEGAL),  # far into a long post
    ("Очень длинный пост о кофе " * 40 + "по ссылке. Реклама. ООО «Ромашка»", LEGAL),
    ("Очень длинный пост о кофе " * 40 + "и реклама в метро", None),
    # labels in other words: found, but not the word the law asks
    ("Материал опубликован на правах рекламы.", SUBSTITUTE),
    ("Скидки до 50%.\n#промо", SUBSTITUTE),
    ("Партнёрский материал\nКак выбрать ноутбук для учёбы.", SUBSTITUTE),
    ("Зарегистрируйтесь по ссылке.\nЭто #партнёрский пост", SUBSTITUTE),
    ("New drop is here #ad", SUBSTITUTE),
    ("Скидка 20% на подписку #sponsored", SUBSTITUTE),
    ("Розыгрыш iPhone #партнёр", SUBSTITUTE),
    ("Спонсорский пост: рассказываем о новом тарифе.", SUBSTITUTE),
]


@pytest.mark.parametrize(("text", "expected"), LABEL_CASES)
def test_label_or_ordinary_word(text, expected):
    labels = find_marking(text).of(LABEL)
    kinds = {m.kind for m in labels}
    if expected is None:
        assert not labels, [m.value for m in labels]
    else:
        assert expected in kinds, text
    assert find_marking(text).present(LABEL) == (expected == LEGAL)


def test_table_is_big_and_balanced():
    assert len(LABEL_CASES) >= 40
    assert sum(e is None for _, e in LABEL_CASES) >= 20
    assert sum(e is not None for _, e in LABEL_CASES) >= 20


def test_substitute_says_it_is_not_the_legal_word():
    marking = find_marking("Скидки до 50%.\n#промо")
    assert not marking.present(LABEL)
    assert any("«#промо»" in p and "«Реклама»" in p for p in marking.problems)


@pytest.mark.parametrize(("digits", "valid"), [
    ("7707083893", True), ("7710668349", True), ("5405276278", True), ("9718101499", True),
    ("500100732259", True), ("345702417736", True),
    ("7701234567", False), ("7707083894", False), ("500100732258", False), ("770708389", False),
    ("77070838931", False), ("", False),
])
def test_inn_checksum(digits, valid):
    assert inn_valid(digits) is valid


@pytest.mark.parametrize(("digits", "valid"), [
    ("1027700132195", True), ("1147746925369", True), ("1157746450465", True), ("1027739244741", True),
    ("304500116000157", True), ("1027700132196", False), ("304500116000158", False), ("10277001321", False),
])
def test_ogrn_checksum(digits, valid):
    assert ogrn_valid(digits) is valid


@pytest.mark.parametrize(("token", "ok"), [
    ("2VtzqxQdVFu", True), ("LjN8K7icM", True), ("LatgBhmng", True), ("2RanynRUbNY", True),
    ("CQH36pWzJqE1dR7FfmrVN5qkTj9Vc77kQEBBfi5d8XjEkH", True), ("ljn8kje58", True),
    ("", False), ("XXXXXXXX", False), ("token", False), ("12345678", False), ("abcdefgh", False), ("2Vt", False),
])
def test_erid_shape(token, ok):
    assert (erid_problem(token) is None) is ok


# (text, the advertiser part present, the erid present, a problem mentioning this, or None)
PART_CASES = [
    ("Реклама. ООО «Ромашка», ИНН 7707083893. erid: 2VtzqxQdVFu", True, True, None),
    ("Реклама. ООО «Ромашка», ИНН 7701234567. erid: 2VtzqxQdVFu", True, True, "контрольной суммы"),
    ("Реклама. ИНН 7701234567. erid: 2VtzqxQdVFu", False, True, "ИНН 7701234567"),
    ("Реклама. ИНН 77012345. erid: 2VtzqxQdVFu", False, True, "10 цифр"),
    ("Реклама. ОГРН 1027700132195", True, False, None),
    ("Реклама. ОГРН 1027700132196", False, False, "ОГРН 1027700132196"),
    ("Реклама. ИП Сидоров С. С.", True, False, None),
    ("Реклама. Самозанятая Анна Котова", True, False, None),
    ("Реклама. [О рекламодателе](https://example.ru/adv)\nerid: LjN8JyvxM", True, True, None),
    ("[Реклама](https://example.ru/adv)", True, False, None),
    ("Реклама\nerid:", False, False, "нет токена"),
    ("Реклама\nERID: XXXXXXXX", False, False, "не похож"),
    ("Запишитесь [здесь](https://ex.ru/?utm_source=tg&erid=2VtzqxQdVFu)", False, True, None),
    ("Запишитесь [здесь](https://ex.ru/?a=1&erid=)", False, False, "нет токена"),
    ("Купить на [OZON](https://sponsored.link/erid_2VfnxwaB4kx_ozon)", False, True, None),
    ("Реклама\nЛатте за 199 ₽. Закажите!", False, False, None),
    ("ООО «Ромашка» открыла магазин. Реклама на радио тоже будет.", False, False, None),
]


@pytest.mark.parametrize(("text", "advertiser", "erid", "problem"), PART_CASES)
def test_advertiser_and_erid(text, advertiser, erid, problem):
    marking = find_marking(text)
    assert marking.present(ADVERTISER) is advertiser
    assert marking.present(ERID) is erid
    if problem is None:
        assert not [p for p in marking.problems if "пометка" not in p]
    else:
        assert any(problem in p for p in marking.problems), marking.problems


def test_spans_point_at_the_parts():
    text = "Кофе.\nРеклама. ООО «Ромашка», ИНН 7707083893. erid: 2VtzqxQdVFu"
    marking = find_marking(text)
    assert [text[s:e] for s, e in marking.spans(LABEL)] == ["Реклама"]
    assert [text[s:e] for s, e in marking.spans(ADVERTISER)] == ["ООО «Ромашка»", "ИНН 7707083893"]
    assert [text[s:e] for s, e in marking.spans(ERID)] == ["erid: 2VtzqxQdVFu"]
    assert marking.missing == ()


def test_advertiser_name_far_from_any_label_is_not_a_marking():
    text = "ООО «Ромашка» открыла кофейню.\n" + "Очень длинный рассказ о кофе. " * 20 + "\nerid: 2VtzqxQdVFu"
    assert not find_marking(text).present(ADVERTISER)


# (input, what strip_ad_labels leaves)
STRIP_CASES = [
    ("Курс Python со скидкой.\nРеклама. ООО «Ромашка», ИНН 7707083893", "Курс Python со скидкой."),
    ("Реклама\n\nЛатте за 199 ₽. Закажите!", "\nЛатте за 199 ₽. Закажите!"),
    ("Курс по Python #реклама", "Курс по Python"),
    ("Скидки до 50%.\n#промо", "Скидки до 50%."),
    ("Скидки до 50%.\n**#промо**\nЖдём вас!", "Скидки до 50%.\nЖдём вас!"),
    ("Зарегистрируйтесь.\nЭто #партнёрский пост", "Зарегистрируйтесь."),
    ("Материал опубликован на правах рекламы.", "Материал опубликован."),
    ("Запишитесь [здесь](https://ex.ru/?utm_source=tg&erid=2VtzqxQdVFu). Мест мало.",
     "Запишитесь [здесь](https://ex.ru/?utm_source=tg). Мест мало."),
    ("Смотрите [тут](https://ex.ru/?erid=2VtzqxQdVFu&utm_source=tg)", "Смотрите [тут](https://ex.ru/?utm_source=tg)"),
    ("Смотрите [тут](https://ex.ru/page?erid=2VtzqxQdVFu)", "Смотрите [тут](https://ex.ru/page)"),
    ("Купить на [OZON](https://sponsored.link/erid_2VfnxwaB4kx_ozon)", "Купить на [OZON](https://sponsored.link/ozon)"),
    ("Кофе.\nРеклама. ООО «Носимо» ОГРН 1157746450465, 123290, г. Москва, Причальный пр-д, д. 2, "
     "пом. XIX. Сроки акции: до 02.12.2024.\nErid: LjN8K1whH", "Кофе.\nСроки акции: до 02.12.2024."),
    ("Кофе.\n[__Реклама__](https://telegra.ph/Informaciya-o-reklamodatele)", "Кофе."),
    ("Кофе.\nРеклама. [__Информация о рекламодателе__](https://telegra.ph/adv)\nerid: LjN8JyvxM", "Кофе."),
    ("Новый вкус уже в кофейнях (реклама) и в доставке.", "Новый вкус уже в кофейнях и в доставке."),
    ("Реклама. Хотите выучить английский? Расскажем.", "Хотите выучить английский? Расскажем."),
    ("Кофе.\n\nerid: 2VtzqxQdVFu\nРеклама. ООО \"КОРПОРАЦИЯ РОБОТОВ\", ИНН 7723370912", "Кофе.\n"),
]


@pytest.mark.parametrize(("text", "expected"), STRIP_CASES)
def test_strip_removes_the_marking_and_keeps_the_rest(text, expected):
    assert strip_ad_labels(text) == expected


@pytest.mark.parametrize("text", [text for text, expected in LABEL_CASES if expected is None] + [
    "Скидка 30% только сегодня! Пишите в директ.",
    "ИНН и ОГРН можно проверить на сайте налоговой.",
    "Подробнее [по ссылке](https://ex.ru/?utm_source=tg&utm_medium=post)",
])
def test_strip_leaves_unmarked_posts_alone(text):
    assert strip_ad_labels(text) == text


@pytest.mark.slow
def test_tg_news_ads_markers_are_found_and_ordinary_posts_are_left_alone():
    """On real posts: every post the data set marks has its label or erid found; almost no
    other post gets a label, and stripping leaves almost every unmarked post untouched."""
    if not TG_NEWS.exists():
        pytest.skip(f"no shared data at {TG_NEWS}")
    csv.field_size_limit(2**31 - 1)
    with TG_NEWS.open(encoding="utf-8", newline="") as fh:
        rows = [(r["text"], r["legal_ad_marker"] == "1") for r in csv.DictReader(fh)]
    marked = [text for text, m in rows if m]
    plain = [text for text, m in rows if not m]
    assert sum(find_marking(t).any_marker for t in marked) >= 0.99 * len(marked)
    assert sum(find_marking(t).any_marker for t in plain) <= 0.001 * len(rows)
    assert sum(strip_ad_labels(t) != t for t in plain) <= 0.001 * len(plain)
    assert not [t for t in marked if find_marking(strip_ad_labels(t)).any_marker]
