"""Language layer: normalisation, the social-post tokenizer, the morphology component."""

from __future__ import annotations

import pytest

from classifier.language.morphology import FLAGS_KEY, IMPERATIVE
from classifier.language.normalize import fold_yo, unmask_homoglyphs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cкидкa", "скидка"),  # Latin c and a inside a Cyrillic word
        ("ВЫГOДA", "ВЫГОДА"),  # Latin O and A in caps
        ("прoмoкoд", "промокод"),
        ("κупите", "купите"),  # Greek kappa
        ("iPhone", "iPhone"),  # a Latin word stays
        ("iPhone-чехол", "iPhone-чехол"),  # a real Latin fragment (h has no twin) stays
        ("Москва", "Москва"),
    ],
)
def test_homoglyphs_become_cyrillic(text, expected):
    assert unmask_homoglyphs(text) == expected


@pytest.mark.parametrize("text", ["Ёлка ёжик", "cкидкa 50% на iPhone", "обычный текст", "", "😀 ё"])
def test_folds_keep_length(text):
    assert len(unmask_homoglyphs(fold_yo(text))) == len(text)


@pytest.mark.parametrize(
    ("text", "token", "kind"),
    [
        ("Скидки! #распродажа сегодня", "#распродажа", "HASHTAG"),
        ("(#тег)", "#тег", "HASHTAG"),
        ("пишите @sytykot_shop", "@sytykot_shop", "MENTION"),
        ("ссылка https://site.ru/path?a=1.", "https://site.ru/path?a=1", "URL"),
        ("короткая vk.cc/cx2RP1 ссылка", "vk.cc/cx2RP1", "URL"),
        ("канал t.me/x тут", "t.me/x", "URL"),
        ("сайт суши-гурмэ.рф работает", "суши-гурмэ.рф", "URL"),
        ("почта mail@site.ru", "mail@site.ru", "EMAIL"),
        ("Цена 7 990 ₽!", "7 990 ₽", "PRICE"),
        ("всего 1099 рублей", "1099 рублей", "PRICE"),
        ("за 899руб, спешите", "899руб", "PRICE"),
        ("от 1 500 руб.", "1 500 руб.", "PRICE"),
        ("скидка 50%", "50%", "PERCENT"),
        ("до -70% на всё", "-70%", "PERCENT"),
        ("звоните +7 (8152) 60-49-49 сейчас", "+7 (8152) 60-49-49", "PHONE"),
        ("тел. 8-800-555-21-00.", "8-800-555-21-00", "PHONE"),
        ("или 8 800 555 21 00", "8 800 555 21 00", "PHONE"),
        ("группа [club123|Сытый Кот] пишет", "[club123|Сытый Кот]", "VKLINK"),
        ("автор [id123|Иван]", "[id123|Иван]", "VKLINK"),
        ("семья 👨‍👩‍👧 дома", "👨‍👩‍👧", "EMOJI"),
        ("класс👍🏽!", "👍🏽", "EMOJI"),
        ("❤️привет", "❤️", "EMOJI"),
        ("флаг 🇷🇺 и", "🇷🇺", "EMOJI"),
        ("1️⃣шаг", "1️⃣", "EMOJI"),
    ],
)
def test_special_tokens_are_one_token(nlp, text, token, kind):
    doc = nlp(text)
    found = [(t.text, t.tag_) for t in doc]
    assert (token, kind) in found, found


def test_emoji_runs_split_into_single_emoji(nlp):
    assert [t.text for t in nlp("огонь🔥🔥🔥")] == ["огонь", "🔥", "🔥", "🔥"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[Читать далее](https://x.ru/a-b.html)", ["Читать", "далее", "https://x.ru/a-b.html"]),
        ("регистрация.](https://x.ru)", ["регистрация", ".", "https://x.ru"]),
        ("[Dev.to](https://dev.to/a)", ["Dev.to", "https://dev.to/a"]),
        ("[t.me/kanal](https://t.me/+AbC)", ["t.me/kanal", "https://t.me/+AbC"]),
        ("от[ Академии](https://x.ru/w)", ["от", "Академии", "https://x.ru/w"]),
        ("**Читайте**[ тут](https://x.ru)", ["Читайте", "тут", "https://x.ru"]),
        ("[А](https://a.ru)[Б](https://b.ru)", ["А", "https://a.ru", "Б", "https://b.ru"]),
        ("[«Книга»](https://x.ru/k)!", ["Книга", "https://x.ru/k", "!"]),
    ],
)
def test_markdown_link_labels_are_cut_as_words(nlp, text, expected):
    doc = nlp(text)
    assert doc.text == text
    assert [t.text for t in doc if t.text not in "[]()«»*"] == expected


def test_markdown_link_keeps_url_whole(nlp):
    doc = nlp("См. [подробности](https://site.ru/a.html) тут")
    assert ("https://site.ru/a.html", "URL") in [(t.text, t.tag_) for t in doc]
    assert doc.text == "См. [подробности](https://site.ru/a.html) тут"


@pytest.mark.parametrize(
    ("word", "lemma", "imperative"),
    [
        ("купите", "купить", True),  # ranked equally with "вы купите": imperative wins
        ("закажи", "заказать", True),
        ("оформите", "оформить", True),
        ("закажем", "заказать", False),  # "let's order" is not a call to the reader
        ("скидками", "скидка", False),
        ("ёлку", "елка", False),
    ],
)
def test_morphology_from_pymorphy(nlp, word, lemma, imperative):
    doc = nlp(word)
    assert doc[0].lemma_ == lemma
    assert bool(doc.user_data[FLAGS_KEY][0] & IMPERATIVE) == imperative


def test_homoglyph_word_is_analysed_as_cyrillic_but_keeps_its_text(nlp):
    doc = nlp("Огромная cкидкa!")
    token = doc[1]
    assert token.text == "cкидкa"
    assert token.lemma_ == "скидка"
    assert token.norm_ == "скидка"


def test_offsets_point_into_original_text(nlp):
    text = "Ёлки по 990 ₽ — cкидкa! #новыйгод 👉 t.me/x"
    doc = nlp(text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx:token.idx + len(token)] == token.text
