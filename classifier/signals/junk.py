"""Signals of advertising junk: what makes a post serve the brand instead of the reader."""

from __future__ import annotations

import re

from classifier.language import patterns as kinds
from classifier.signals import lexicon as lx
from classifier.signals.base import (
    FINITE,
    IMPERATIVE,
    INFINITIVE,
    NO_HIT,
    PAST,
    PROPER,
    SECOND_PERSON,
    SUPERLATIVE,
    Context,
    Hit,
    TokenSpan,
    expand,
    hit_from_tokens,
    signal,
)
from classifier.signals.helpers import WE, YOU

_NEGATORS = frozenset({"не", "вы", "если", "когда", "чтобы", "ли"})


def _imperative(ctx: Context, start: int) -> bool:
    """An imperative not negated or turned into a condition by the word before it."""
    if not ctx.has_flag(start, IMPERATIVE):
        return False
    return start == 0 or not ctx.has_lemma(start - 1, start, _NEGATORS)


def _pushes(ctx: Context, start: int) -> bool:
    """An imperative that pushes, not advice or an instruction for a case.

    «Не покупайте», «если вы купите» and «Если деталь не пролезает, звоните в сервис» do
    not push; «Если хотите успеть — звоните» does.
    """
    if not _imperative(ctx, start):
        return False
    s_start, s_end = ctx.sentence_of(start)
    conditional = ctx.has_lemma(s_start, s_end, lx.CONDITION_WORDS)
    return not conditional or ctx.has_lemma(s_start, s_end, lx.WANT_LEMMAS)


@signal(
    "buy_call", "hard_sell",
    title="Призыв купить или заказать",
    why="Пост толкает к покупке вместо того, чтобы дать читателю повод самому "
        "заинтересоваться: он служит продаже бренда, а не читателю.",
    tip="Покажите, какую задачу читателя решает продукт, и закончите одной спокойной "
        "строкой: «Подробности и цены — по ссылке».",
    example="Закажите прямо сейчас и получите десерт в подарок!",
    phrases=[*lx.BUY_VERBS, *expand(lx.HURRY_VERBS, lx.BUY_VERBS)],
    hard_push=True,
)
def buy_call(ctx: Context, found: list[TokenSpan]) -> Hit:
    """An imperative of a buying verb: купите, закажи, оформляйте, успейте купить."""
    return hit_from_tokens(ctx, [(s, e) for s, e in found if _pushes(ctx, s)])


_NOW_WORDS = frozenset({"прямо", "сейчас", "скорее", "срочно", "сегодня", "немедленно", "уже"})


def _calls_to_contact(ctx: Context, start: int, end: int) -> bool:
    lemma = ctx.lemma(start)
    if lemma in lx.WRITE_VERBS:  # «пишите в директ», not «пишите в комментариях»
        if not _pushes(ctx, start):
            return False
        after = range(end, min(end + 5, len(ctx.doc)))
        if ctx.has_norm(end, end + 5, lx.SHARE_TARGETS) or any(
            ctx.lemma(i).startswith("коммент") for i in after
        ):
            return False
        return ctx.has_norm(end, end + 5, lx.DM_TARGETS) or any(
            ctx.kind(i) in lx.CONTACT_KINDS for i in after
        )
    if lemma in {"оставить", "оставлять"}:  # «оставьте заявку», «оставьте номер — перезвоним»
        return _pushes(ctx, start) and ctx.has_lemma(end, end + 3, lx.CONTACT_NOUNS | {"заявка"})
    if lemma in lx.ORDER_NOUNS:  # «Бронь — +7…», «Заявка в боте», «Резюме — в директ»
        return end - start > 1 or _order_channel(ctx, end)
    if lemma in lx.CALL_VERBS:  # «звоните нам / +7...», «звоните!», not «позвоните маме»
        if not _pushes(ctx, start):
            return False
        while end < len(ctx.doc) and ctx.norm(end) in _NOW_WORDS:  # «звоните прямо сейчас!»
            end += 1
        if end >= len(ctx.doc) or ctx.kind(end) in (kinds.PUNCT, kinds.NEWLINE, kinds.PHONE):
            return True
        if ctx.norm(end) in {"в", "на"} and end + 1 < len(ctx.doc) and ctx.norm(end + 1) in {"«", '"'}:
            return True  # «звоните в «Домовой»»
        return ctx.has_norm(end, end + 4, lx.DM_TARGETS) or any(
            ctx.kind(i) == kinds.PHONE for i in range(end, min(end + 4, len(ctx.doc)))
        )
    return True


_DASHES = frozenset({"—", "–", "-", ":"})


def _order_channel(ctx: Context, end: int) -> bool:
    """An order noun followed by where to send it: a dash and a contact, a DM or a bot."""
    n = len(ctx.doc)
    at = end + 1 if end < n and ctx.norm(end) in _DASHES else end
    window = range(at, min(at + 3, n))
    if any(ctx.kind(i) in lx.CONTACT_KINDS for i in window):
        return at > end
    return ctx.has_norm(at, at + 3, lx.DM_TARGETS - {"нам", "мне", "сюда", "менеджер", "менеджеру"}
                        | lx.BOT_NORMS) and ctx.has_norm(at, at + 2, frozenset({"в", "через"}))


@signal(
    "contact_call", "hard_sell",
    title="«Звоните», «пишите в директ»",
    why="Призыв звонить или писать в личку уводит разговор в продажу и прячет от "
        "читателя ответ, за которым он пришёл.",
    tip="Ответьте на главный вопрос прямо в посте (цена, условия, сроки), а контакт "
        "оставьте одной строкой в конце.",
    example="Пишите в директ — расскажем цену!",
    phrases=[*lx.CALL_VERBS, *lx.WRITE_VERBS, "оставить", "оставлять",
             *expand("ждать", "ваш", {"звонок", "заявка", "заказ"}),
             *expand({"запись", "заявка", "резюме", "вопрос"}, {"в", "во"}, lx.DM_NOUNS),
             *sorted(lx.ORDER_NOUNS), *expand({"телефон", "номер"}, {"в", "во"}, lx.LINK_PLACES)],
    norm_phrases=["по всем вопросам", "в директ", "в директе", "в личку", "в личке", "в лс"],
    hard_push=True,
)
def contact_call(ctx: Context, found: list[TokenSpan]) -> Hit:
    return hit_from_tokens(
        ctx, [(s, e) for s, e in found if _calls_to_contact(ctx, s, e)]
    )


def _link_push(ctx: Context, start: int, end: int) -> TokenSpan | None:
    if ctx.lemma(start) in lx.LINK_VERBS:
        return (start, end) if _pushes(ctx, start) else None
    if ctx.norm(start) in lx.POINTING_EMOJI:  # 👉 t.me/shop
        nxt = end
        if nxt < len(ctx.doc) and ctx.kind(nxt) in (kinds.URL, kinds.MENTION):
            return start, nxt + 1
        return None
    return start, end


@signal(
    "link_push", "hard_sell",
    title="«Переходите по ссылке»",
    why="Пост существует ради клика: читателю не объяснили, что он найдёт по ссылке.",
    tip="Скажите, что именно читатель получит по ссылке и зачем ему это, — тогда "
        "призыв не нужен.",
    example="Жмите на ссылку в шапке профиля 👇",
    phrases=[*lx.LINK_VERBS, *expand("ссылка", {"в", "во"}, lx.LINK_PLACES)],
    norm_phrases=sorted(lx.POINTING_EMOJI),
    hard_push=True,
)
def link_push(ctx: Context, found: list[TokenSpan]) -> Hit:
    spans = [_link_push(ctx, s, e) for s, e in found]
    return hit_from_tokens(ctx, [s for s in spans if s])


# Where and how a product is had: «оформить можно онлайн», «подключить в приложении».
_WAY_TO_GET = frozenset("можно онлайн приложение сайт ссылка заявка отделение кабинет".split())


@signal(
    "offer", "hard_sell",
    title="Как получить продукт",
    why="Пост объясняет, как оформить, подключить или купить продукт: так пишут рекламу, "
        "одетую в новость или совет, — она существует ради одного продукта.",
    tip="Если это новость для ваших читателей, расскажите, что меняется для них и какие "
        "есть ограничения; как оформить — одной строкой в конце.",
    example="Оформить карту можно онлайн за пять минут.",
    phrases=sorted(lx.BUY_VERBS | lx.ORDER_NOUNS),
)
def offer(ctx: Context, found: list[TokenSpan]) -> Hit:
    """An infinitive of a buying verb in a sentence that says where or that it can be had
    («оформить можно онлайн»), or an order noun with a link («заказ на miska.ru»)."""
    return hit_from_tokens(ctx, [(s, e) for s, e in found if _way_to_get(ctx, s, e)])


def _way_to_get(ctx: Context, start: int, end: int) -> bool:
    if ctx.lemma(start) in lx.ORDER_NOUNS:
        window = range(end, min(end + 3, len(ctx.doc)))
        return any(ctx.kind(i) in (kinds.URL, kinds.MENTION) for i in window)
    return ctx.has_flag(start, INFINITIVE) and ctx.sentence_has_lemma(start, _WAY_TO_GET)


@signal(
    "visit_call", "hard_sell",
    title="Зазывание: «приходите», «забегайте»",
    why="Пост зовёт прийти или забрать товар, но не говорит, что читатель получит, кроме "
        "покупки: это объявление, а не разговор.",
    tip="Скажите, зачем приходить: что будет, для кого, что нового; приглашение оставьте "
        "одной строкой с адресом и часами.",
    example="Забегайте к нам за свежей выпечкой!",
    phrases=sorted(lx.VISIT_VERBS),
    opens_gate=False,  # «Мы открылись, приходите!» is an invitation, not a push a rewrite may rest on
)
def visit_call(ctx: Context, found: list[TokenSpan]) -> Hit:
    """An imperative of a visiting verb: «приходите», «загляните», «забирайте»."""
    return hit_from_tokens(ctx, [(s, e) for s, e in found if _pushes(ctx, s)])

def _with_percent(ctx: Context, start: int, end: int) -> TokenSpan:
    """Widen «скидка» to «скидка до 50%» or «50% скидка» when the number touches it."""
    n = len(ctx.doc)
    if end < n and ctx.kind(end) == kinds.PERCENT:
        end += 1
    elif end + 1 < n and ctx.norm(end) == "до" and ctx.kind(end + 1) == kinds.PERCENT:
        end += 2
    if start > 0 and ctx.kind(start - 1) == kinds.PERCENT:
        start -= 1
    return start, end


def _real_discount(ctx: Context, start: int) -> bool:
    """Not «как выторговать скидку» (advice), «акции компании» (the stock market), «акция
    протеста» nor «ликвидация последствий» (a clear-out sale needs goods in its sentence)."""
    lemma = ctx.lemma(start)
    if lemma == "скидка" and ctx.sentence_has_lemma(start, lx.NEGOTIATION_LEMMAS):
        return False
    if lemma == "ликвидация" and not ctx.sentence_has_lemma(start, lx.CLEARANCE_GOODS):
        return False
    return not (lemma == "акция" and ctx.sentence_has_lemma(start, lx.MARKET_LEMMAS | lx.PROTEST_LEMMAS))


_N_FOR_M = re.compile(r"\b\d+\s*\+\s*\d+\b|\b\d+\s+по\s+цене\s+\d+\b", re.IGNORECASE)


@signal(
    "discount", "price_promo",
    title="Скидки и акции",
    why="Скидка в центре поста говорит о желании бренда продать, а не о пользе для "
        "читателя; частые акции приучают ждать следующую.",
    tip="Если акция важна, расскажите, кому и для чего подходит предложение; цифру "
        "скидки уберите из первой строки.",
    example="Только у нас скидка 50% на всё!",
    phrases=[
        *lx.DISCOUNT_LEMMAS, "черный пятница",
        *expand({"бесплатный", "бесплатно"}, {"доставка", "подарок"}),
        *expand("специальный", {"цена", "предложение", "условие"}),
    ],
    hard_push=True,
)
def discount(ctx: Context, found: list[TokenSpan]) -> Hit:
    """Discount words (with their percentage), «-30%», «2 по цене 1», «1+1»."""
    spans = [_with_percent(ctx, s, e) for s, e in found if _real_discount(ctx, s)]
    taken = {i for s, e in spans for i in range(s, e)}
    minus = [
        (i, i + 1) for i in ctx.tokens_of_kind(kinds.PERCENT)
        if i not in taken and ctx.norm(i)[:1] in "-−–"
    ]
    chars = ctx.char_spans(sorted(spans + minus))
    if "+" in ctx.text or "по цен" in ctx.text:
        chars += tuple(m.span() for m in _N_FOR_M.finditer(ctx.text))
    return Hit(chars, float(len(chars))) if chars else NO_HIT


@signal(
    "price", "price_promo",
    title="Цены",
    why="Цены без объяснения превращают пост в прайс-лист: читатель видит, что от него "
        "хотят денег, но не видит, за что.",
    tip="Привяжите цену к пользе: что входит, для кого, с чем сравнить; прайс вынесите "
        "в меню или на сайт.",
    example="Маникюр — 1 500 ₽, педикюр — 2 000 ₽, записывайтесь!",
)
def price(ctx: Context, found: list[TokenSpan]) -> Hit:
    """Prices, except salaries, fines and money raised for a cause."""
    prices = [
        (i, i + 1) for i in ctx.tokens_of_kind(kinds.PRICE)
        if not ctx.has_lemma(i - 4, i, lx.NOT_A_PRICE_BEFORE)
    ]
    return hit_from_tokens(ctx, prices)


def _promo_span(ctx: Context, start: int, end: int) -> TokenSpan | None:
    lemma = ctx.lemma(start)
    if lemma == "балл" and not ctx.sentence_has_lemma(start, lx.POINTS_CONTEXT):
        return None  # exam scores, ratings
    if lemma in {"промокод", "промо-код", "купон"} and end < len(ctx.doc):
        code = ctx.doc[end]
        if code.is_upper or (code.is_alpha is False and any(ch.isdigit() for ch in code.text)):
            end += 1
    return start, end


@signal(
    "promo_code", "price_promo",
    title="Промокоды, кешбэк, бонусы",
    why="Промокоды и бонусы покупают внимание, а не доверие; пост читается как купон.",
    tip="Расскажите, чем продукт полезен без бонуса; промокод, если он нужен, дайте "
        "последней строкой.",
    example="По промокоду LETO20 — кешбэк 20% баллами!",
    phrases=[*lx.PROMO_LEMMAS, "балл", "в подарок",
             *expand("подарок", "при", {"покупка", "заказ"})],
    hard_push=True,
)
def promo_code(ctx: Context, found: list[TokenSpan]) -> Hit:
    spans = [_promo_span(ctx, s, e) for s, e in found]
    return hit_from_tokens(ctx, [s for s in spans if s])


def _urgent(ctx: Context, start: int, end: int) -> TokenSpan | None:
    lemma = ctx.lemma(start)
    if lemma in lx.HURRY_VERBS:
        return (start, end) if ctx.has_flag(start, IMPERATIVE) else None
    if lemma == "не":  # «не упустите»
        return (start, end) if ctx.has_flag(start + 1, IMPERATIVE) else None
    if lemma == "остаться":  # «осталось (всего) 3 места»
        nxt = end + 1 if ctx.has_norm(end, end + 1, frozenset({"всего", "только", "лишь"})) else end
        return (start, nxt + 1) if ctx.like_num(nxt) else None
    if end - start == 1 and ctx.norm(start) == "только":
        return _only_days(ctx, start)
    if ctx.norm(start) == "прямо":  # «звоните прямо сейчас», not «прямо сейчас идёт снег»
        s_start, s_end = ctx.sentence_of(start)
        return (start, end) if any(ctx.has_flag(i, IMPERATIVE) for i in range(s_start, s_end)) else None
    return start, end


_SHORT_TERMS = frozenset({"день", "час", "сутки", "неделя"})


def _only_days(ctx: Context, start: int) -> TokenSpan | None:
    """«Только 3 дня!» as a deadline: at a sentence start or before «!», not «отпуск только 3 дня»."""
    end = start + 3
    if end > len(ctx.doc) or not ctx.like_num(start + 1) or not ctx.has_lemma(start + 2, end, _SHORT_TERMS):
        return None
    opens = ctx.sentence_of(start)[0] == start
    return (start, end) if opens or ctx.has_norm(end, end + 1, frozenset({"!"})) else None


@signal(
    "urgency", "urgency",
    title="Срочность и дефицит",
    why="«Только сегодня» и «осталось 3 места» давят на читателя; повторённые из поста "
        "в пост, они превращают ленту в спам и подрывают доверие.",
    tip="Уберите искусственный дедлайн. Если срок настоящий, назовите его спокойно и "
        "объясните, откуда он.",
    example="Успейте! Осталось всего 3 места, предложение сгорит в полночь!",
    phrases=[
        *lx.HURRY_VERBS, "остаться", *expand("последний", lx.LAST_NOUNS),
        *expand({"количество", "место"}, {"ограниченный", "ограничить"}),
        *expand("ограниченный", lx.LIMITED_NOUNS), *expand("не", lx.MISS_VERBS),
        *expand("до", "конец", {"акция", "распродажа", "день", "неделя"}),
        *expand("предложение", {"действовать", "действительный"}, "до"),
        "горящий", "лимитированный",
    ],
    norm_phrases=[
        "только сегодня", "только сейчас", "только завтра", "только до", "пока не поздно",
        "пока не разобрали", "пока не закончилось", "пока не ушло", "пока не ушли", "пока не раскупили",
        "пока есть места", "мест мало", "мест почти нет", "прямо сейчас",
        "только", *expand("только", "в", {"этом месяце", "этом сезоне", "эти выходные", "этот день",
                                          "выходные", "этом году"}),
        *expand("только", "на", {"этой неделе", "выходных", "этих выходных"}),
    ],
    hard_push=True,
)
def urgency(ctx: Context, found: list[TokenSpan]) -> Hit:
    spans = [_urgent(ctx, s, e) for s, e in found]
    return hit_from_tokens(ctx, [s for s in spans if s])


@signal(
    "giveaway", "follower_chasing",
    title="Розыгрыши и конкурсы",
    why="Подписчики, пришедшие за призом, уходят после розыгрыша: растут цифры, а не "
        "сообщество.",
    tip="Сделайте конкурс на содержание: попросите историю, фото или совет и покажите "
        "лучшие ответы.",
    example="РОЗЫГРЫШ! Разыгрываем iPhone среди подписчиков!",
    phrases=[*lx.GIVEAWAY_LEMMAS, "условие участие"],
)
def giveaway(ctx: Context, found: list[TokenSpan]) -> Hit:
    return hit_from_tokens(ctx, found)


_COUNTED = frozenset({"подписчик", "участник", "друг"})


def _chases(ctx: Context, start: int, end: int) -> TokenSpan | None:
    lemma = ctx.lemma(start)
    n = len(ctx.doc)
    if lemma in lx.FOLLOW_VERBS and end - start == 1:
        return (start, end) if _imperative(ctx, start) else None
    if lemma in {"ставить", "поставить"}:  # «ставьте 🔥, если...»
        ok = _imperative(ctx, start) and end < n and ctx.kind(end) == kinds.EMOJI
        return (start, end + 1) if ok else None
    if lemma == "подписчик":  # «10 000 подписчиков»
        return (start - 1, end) if ctx.like_num(start - 1) else None
    if ctx.norm(start) == "нас" and end - start == 2:  # «нас уже 10 000»
        return (start, end + 1) if ctx.like_num(end) else None
    if lemma in {"отметить", "отмечать", "пригласить", "приглашать", "поделиться", "делиться"}:
        return (start, end) if _imperative(ctx, start) else None
    return start, end


@signal(
    "follow_ask", "follower_chasing",
    title="«Подпишись, лайк, репост»",
    why="Просьбы о подписке, лайках и репостах — погоня за цифрами охвата вместо "
        "пользы для тех, кто уже читает.",
    tip="Дайте повод подписаться самим постом: пообещайте полезную рубрику и выполните "
        "обещание.",
    example="Подпишись, поставь лайк и отметь трёх друзей!",
    phrases=[
        *lx.FOLLOW_VERBS,
        *expand(lx.FOLLOW_VERBS, "на", {"канал", "группа", "аккаунт", "страница", "мы",
                                        "паблик", "сообщество"}),
        "репост", "репостнуть", "репостить", "лайк", "лайкнуть", "лайкать", "ставить",
        "поставить", "подписчик", "колокольчик",
        *expand({"отметить", "отмечать"}, lx.FRIEND_NOUNS),
        *expand({"отметить", "отмечать"}, {"три", "два", "пять", "свой", "весь"}, lx.FRIEND_NOUNS),
        *expand({"пригласить", "приглашать"}, {"друг", "подруга"}),
        *expand({"поделиться", "делиться"}, lx.SHARE_OBJECTS),
        *expand({"поделиться", "делиться"}, "этот", lx.SHARE_OBJECTS),
        *expand({"поделиться", "делиться"}, "с", {"друг", "подруга"}),
    ],
    norm_phrases=["нас уже", "репосты", "репостни", "репостните", "репостов", "лайков", "лайки"],
    hard_push=True,
)
def follow_ask(ctx: Context, found: list[TokenSpan]) -> Hit:
    spans = [_chases(ctx, s, e) for s, e in found]
    return hit_from_tokens(ctx, [s for s in spans if s and not _link_label(ctx, *s)])


def _link_label(ctx: Context, start: int, end: int) -> bool:
    """Whether the tokens are the label of a Markdown link on their line: a channel's footer
    «[Подписаться](https://t.me/…)» is navigation, not a push."""
    text = ctx.text
    first, last = ctx.doc[start].idx, ctx.doc[end - 1].idx + len(ctx.doc[end - 1])
    line_start = text.rfind("\n", 0, first) + 1
    opening = text.rfind("[", line_start, first)
    if opening < 0 or "]" in text[opening:first]:
        return False
    line_end = text.find("\n", last)
    return "](" in text[last:line_end if line_end >= 0 else len(text)]


_REACTION_EMOJI = frozenset("❤ ♥ 👍 💙 🧡 💛 💚 💜 🖤 🤍".split())
_GATE_WORDS = frozenset("пост запись набрать собрать условие под".split())
_REVEAL_VERBS = frozenset("рассказать выложить опубликовать показать открыть раскрыть поделиться".split())


@signal(
    "like_gate", "follower_chasing",
    title="Контент в обмен на лайки",
    why="Пост придерживает обещанное, пока аудитория не «заплатит» реакциями: это погоня за "
        "цифрами охвата за счёт тех, кто уже читает.",
    tip="Выложите рецепт или продолжение сразу, а реакции пусть будут оценкой, а не ценой.",
    example="Наберём 100 лайков — выложим рецепт соуса!",
    phrases=["лайк", "набрать", "собрать", "набирать", "собирать"],
    norm_phrases=["лайков", "лайки", "как только"],
    withholds=True,
)
def like_gate(ctx: Context, found: list[TokenSpan]) -> Hit:
    """Reactions as the price of content: «150 ❤ под этим постом — и рецепт», «наберём 100 лайков —
    расскажем», «опубликуем, как только у поста будет 100 лайков»."""
    spans = [(i - 1, i + 1) for i in ctx.tokens_of_kind(kinds.EMOJI)
             if i > 0 and ctx.like_num(i - 1) and ctx.norm(i).replace("\ufe0f", "") in _REACTION_EMOJI
             and ctx.sentence_has_lemma(i, _GATE_WORDS)]
    spans += [(s, e) for s, e in found if _contingent(ctx, s)]
    return hit_from_tokens(ctx, sorted(set(spans)))


def _contingent(ctx: Context, start: int) -> bool:
    """A number of reactions and a promise to reveal something in the same stretch: «наберём 150
    сов — расскажем», «100 лайков — и продолжение»."""
    s_start, s_end = ctx.sentence_of(start)
    s_end = max(s_end, ctx.sentence_of(min(s_end, len(ctx.doc) - 1))[1])  # the promise may follow
    has_number = any(ctx.like_num(i) for i in range(s_start, s_end))
    promise = ctx.has_lemma(s_start, s_end, _REVEAL_VERBS | {"продолжение", "рецепт", "подсказка"})
    return has_number and promise and _asks_reactions(ctx)


_REACTION_WORDS = frozenset("лайк лайков лайки лайка лайками реакций реакции реакцию сердечек сердечко".split())


def _asks_reactions(ctx: Context) -> bool:
    """Whether the post asks for reactions at all: a like word, a heart, «ставьте 🦉»."""
    if ctx.has_norm(0, len(ctx.doc), _REACTION_WORDS):
        return True
    n = len(ctx.doc)
    return any(ctx.norm(i).replace("\ufe0f", "") in _REACTION_EMOJI
               or (i + 1 < n and ctx.lemma(i) in {"ставить", "поставить"} and ctx.kind(i + 1) == kinds.EMOJI)
               for i in range(n) if ctx.kind(i) == kinds.EMOJI or ctx.lemma(i) in {"ставить", "поставить"})


_SUPERLATIVE_PRAISE = frozenset({"хороший", "крупный"})  # praise only as «лучший», «крупнейший»
_NEEDS_CONTEXT = (frozenset({"наилучший", "самый", "профессионал", "гордиться"}) | lx.PRAISE_ADJ
                  | _SUPERLATIVE_PRAISE)


def _praise_span(ctx: Context, start: int, end: int) -> TokenSpan | None:
    """Praise of the brand: «мы лучшие», «лучший салон в городе», «лидер рынка».

    A single praising word counts only when the sentence speaks of «мы/наш» or the word
    is followed by a place («в городе», «на рынке»), so «лучший способ», «уникальная
    форма щётки» or «секреты профессионалов» do not count.
    """
    if ctx.norm(start) in ctx.options.brand_names:
        return None
    lemma = ctx.lemma(start)
    if end - start > 1 or lemma not in _NEEDS_CONTEXT:
        return start, end
    if lemma in _SUPERLATIVE_PRAISE and not ctx.has_flag(start, SUPERLATIVE):
        return None
    if lemma == "самый":  # «самый быстрый интернет в городе», not «самый частый вопрос»
        if end >= len(ctx.doc) or not (ctx.has_lemma(end, end + 1, lx.PRAISE_AFTER_SAMYJ)
                                       or ctx.doc[end].pos_ == "ADJ"):
            return None
        end += 1
    if end < len(ctx.doc) and ctx.has_lemma(end, end + 1, lx.ADVICE_NOUNS):
        return None
    if start > 0 and ctx.has_lemma(start - 1, start, frozenset({"какой", "что", "как", "чем"})):
        return None
    s_start, s_end = ctx.sentence_of(start)
    if ctx.has_norm(s_start, s_end, frozenset({"?"})):
        return None
    if ctx.has_lemma(s_start, s_end, lx.READER_CONTENT):
        return None  # «лучшие ответы опубликуем»: the readers' work, not the brand
    if ctx.has_lemma(s_start, s_end, lx.WE_LEMMAS):
        return start, end
    if lemma == "гордиться":
        return None  # pride counts only in a sentence about «мы/наш» (above)
    after = range(end, min(end + 4, len(ctx.doc)))
    in_place = ctx.has_lemma(end, end + 4, frozenset({"в", "на"})) and any(ctx.has_flag(i, PROPER) for i in after)
    return (start, end) if ctx.has_lemma(end, end + 4, lx.PLACE_NOUNS) or in_place else None


@signal(
    "self_praise", "self_praise",
    title="Самовосхваление",
    why="«Мы лучшие» читатель не может проверить; бренд говорит о себе, а не о том, "
        "что важно читателю.",
    tip="Замените эпитеты фактами, которые можно проверить: срок, число, пример работы, "
        "отзыв с подробностями.",
    example="Мы — лучшая клиника города с высочайшим качеством услуг!",
    phrases=[
        "хороший", "наилучший", "самый", *lx.PRAISE_ADJ, "профессионал",
        *_SUPERLATIVE_PRAISE, "гордиться",
        *expand("лидер", lx.LEADER_OBJECTS), *expand(lx.QUALITY_ADJ, "качество"),
        *expand("довольный", lx.CLIENT_NOUNS),
    ],
    norm_phrases=[
        "№ 1", "№1", "# 1", "#1", "номер один", "номер 1", "топ-1", "только у нас",
        "нам доверяют", "нам доверяет", "лет на рынке", "года на рынке",
    ],
)
def self_praise(ctx: Context, found: list[TokenSpan]) -> Hit:
    spans = [_praise_span(ctx, s, e) for s, e in found]
    return hit_from_tokens(ctx, [s for s in spans if s])


def _promise_span(ctx: Context, start: int, end: int) -> TokenSpan | None:
    """A promise made, not one denied («не навсегда», «ничего не гарантирует») or quoted."""
    if ctx.norm(start) == "за" and ctx.has_lemma(start + 1, end, lx.TIME_NOUNS):
        # «за 3 дня» only next to «похудеть», «выучить»...
        return (start, end) if ctx.sentence_has_lemma(start, lx.RESULT_VERBS) else None
    if " ".join(ctx.norm(i) for i in range(start, end)) in lx.PER_PERIOD:
        # «от 100 000 ₽ в месяц» only as a promise of earnings, not a price or a salary
        s_start, s_end = ctx.sentence_of(start)
        earns = ctx.has_lemma(s_start, s_end, lx.EARN_LEMMAS)
        return (start, end) if earns and not ctx.has_lemma(s_start, s_end, lx.PAY_LEMMAS) else None
    if ctx.has_lemma(start - 2, start, frozenset({"не", "ни"})):
        return None
    if start > 0 and ctx.norm(start - 1) in {"«", '"', "“", "„"}:
        return None  # «навсегда» in quotes is a claim being discussed
    if ctx.lemma(start).startswith("гарантир") and ctx.sentence_has_lemma(start, lx.PAY_LEMMAS):
        return None  # «гарантированный минимум 80 000 ₽» in a vacancy
    return start, end


def _hundred_percent(ctx: Context) -> list[TokenSpan]:
    """«100%» next to a result or a guarantee; not «100% хлопок»."""
    return [
        (i, i + 1) for i in ctx.tokens_of_kind(kinds.PERCENT)
        if ctx.norm(i).replace(" ", "") == "100%" and ctx.has_lemma(i - 3, i + 4, lx.PROMISE_NOUNS)
    ]


@signal(
    "unreal_promise", "unreal_promise",
    title="Нереальные обещания",
    why="Гарантии «100%», «навсегда», «без усилий» звучат как обман и разочаровывают "
        "тех, кто поверил.",
    tip="Опишите реальный результат и его условия: что обычно получается, за какой срок "
        "и от чего это зависит.",
    example="Гарантируем результат 100%: похудеете на 10 кг за неделю без диет!",
    phrases=[
        "гарантировать", "гарантированно", "гарантированный", "навсегда", "навечно",
        *expand("гарантия", {"результат", "успех", "эффект"}), *expand("без", lx.EFFORTLESS_NOUNS),
        *expand({"мгновенный", "моментальный"}, {"результат", "эффект"}),
        *expand(lx.MAGIC_LEMMAS, lx.MAGIC_NOUNS), "пассивный доход",
        *expand("за", lx.TIME_NOUNS),
    ],
    norm_phrases=lx.PER_PERIOD,
    hard_push=True,
)
def unreal_promise(ctx: Context, found: list[TokenSpan]) -> Hit:
    spans = [_promise_span(ctx, s, e) for s, e in found]
    taken = [s for s in spans if s]
    return hit_from_tokens(ctx, sorted(set(taken + _hundred_percent(ctx))))


@signal(
    "monologue", "monologue",
    title="Монолог о себе",
    why="Пост говорит «мы», «наш» и почти не обращается к читателю — это монолог "
        "бренда вместо разговора.",
    tip="Переверните фразы к читателю: не «мы предлагаем», а «вы получите»; спросите, "
        "что думает аудитория.",
    example="Мы открылись! Мы работаем для вас, наши мастера — наша гордость.",
)
def monologue(ctx: Context, found: list[TokenSpan]) -> Hit:
    """Brand «мы» in present-tense sentences outweighs «вы» two to one (stories excluded)."""
    we = ctx.found(WE)
    if len(we) < 3:
        return NO_HIT
    past_sentences = {ctx.sentence_of(i) for i in ctx.tokens_with_flag(PAST)}
    brand_we = [
        (s, e) for s, e in we
        if ctx.sentence_of(s) not in past_sentences and ctx.norm(s) not in ctx.options.brand_names
    ]
    you = len(ctx.found(YOU)) + ctx.count_flag(SECOND_PERSON | FINITE, without=IMPERATIVE)
    if len(brand_we) < 3 or len(brand_we) < 2 * you:
        return NO_HIT
    return Hit(ctx.char_spans(brand_we), round(len(brand_we) / (len(brand_we) + you), 3))


@signal(
    "contact_block", "contact_spam",
    title="Блок контактов и ссылок",
    why="Столбик телефонов, адресов, мессенджеров и ссылок — примета «социального "
        "спама»: пост превращается в визитку.",
    tip="Оставьте один главный контакт, который нужен именно для этого поста; остальное "
        "вынесите в шапку профиля.",
    example="☎ +7 (812) 555-12-34 📍 ул. Ленина, 5 🌐 site.ru ✉ @shop WhatsApp: 8-900-...",
    norm_phrases=sorted(lx.MESSENGERS | lx.ADDRESS_NORMS),
)
def contact_block(ctx: Context, found: list[TokenSpan]) -> Hit:
    """Three contact items (phones, links, e-mails, messengers, addresses), or two kinds."""
    items = [(i, ctx.kind(i)) for kind in lx.CONTACT_KINDS for i in ctx.tokens_of_kind(kind)]
    items += [(s, ctx.norm(s)) for s, _ in found]
    if len(items) < 2 or (len(items) < 3 and len({k for _, k in items}) < 2):
        return NO_HIT
    return hit_from_tokens(ctx, sorted((i, i + 1) for i, _ in items))


_VOWELS = frozenset("аеиоуыэюяaeiouy")


def _shouted(word: str) -> bool:
    """A caps word that is not an abbreviation.

    Cyrillic: five letters or more with two vowels or more («СКИДКА», not «НАТО», «ГИБДД»).
    Latin caps in Russian posts are mostly acronyms (HTTP, SQL), except promo words (SALE).
    """
    lower = word.lower()
    if lower in lx.ABBREVIATIONS:
        return False
    if lower.isascii():
        return lower in lx.LATIN_SHOUTS
    return len(word) >= 5 and sum(ch in _VOWELS for ch in lower) >= 2


@signal(
    "caps", "shouting",
    title="КАПС",
    why="Слова заглавными буквами читаются как крик; так пишут спамеры, а не друзья.",
    tip="Пишите обычными буквами; главное поставьте в первую строку и скажите смыслом, "
        "а не регистром.",
    example="ВНИМАНИЕ!!! СУПЕР АКЦИЯ!",
)
def caps(ctx: Context, found: list[TokenSpan]) -> Hit:
    """Upper-case words that are not abbreviations or the brand's own name."""
    shouted = {i for i in ctx.upper_words if _shouted(ctx.token_text(i))}
    if not shouted:
        return NO_HIT
    brand = ctx.options.brand_names
    runs = [
        (s, e) for s, e in _adjacent_runs(ctx.upper_words)
        if not shouted.isdisjoint(range(s, e)) and not (brand and any(ctx.norm(i) in brand for i in range(s, e)))
    ]
    if not runs:
        return NO_HIT
    words = sum(e - s for s, e in runs)
    return Hit(ctx.char_spans(runs), round(words / max(ctx.n_words, 1), 3))


_EXCLAMATION = re.compile(r"!{2,}|(?:[!?]\s*){3,}|!")


@signal(
    "exclamations", "shouting",
    title="Восклицательные знаки",
    why="«!!!» и восклицание в каждой фразе — крик, который снижает доверие к тексту.",
    tip="Оставьте не больше одного восклицательного знака на пост, и только там, где "
        "эмоция настоящая.",
    example="Новинка!!! Успейте!!!",
)
def exclamations(ctx: Context, found: list[TokenSpan]) -> Hit:
    """A run of «!!» or more, or at least three «!» making half the sentences."""
    text = ctx.text
    if "!" not in text:
        return NO_HIT
    marks = list(_EXCLAMATION.finditer(text))
    runs = [m.span() for m in marks if len(m.group().replace(" ", "")) > 1]
    singles = [m.span() for m in marks if m.group() == "!"]
    if runs:
        return Hit(tuple(runs), float(len(runs) + len(singles)))
    if len(singles) >= 3 and len(singles) * 2 >= len(ctx.sentences):
        return Hit(tuple(singles), float(len(singles)))
    return NO_HIT


@signal(
    "emoji_flood", "shouting",
    title="Поток эмодзи",
    why="Гирлянды эмодзи мешают читать и выглядят как спам-рассылка.",
    tip="Оставьте один-два эмодзи по смыслу — как маркеры списка или настроение.",
    example="🔥🔥🔥 Горячие новинки 😍😍 💥💥",
)
def emoji_flood(ctx: Context, found: list[TokenSpan]) -> Hit:
    """Three emoji in a row, or five or more at one per ten words.

    A lone emoji at the start of a line is a list bullet and does not count.
    """
    all_emoji = ctx.tokens_of_kind(kinds.EMOJI)
    following = set(all_emoji)
    emoji = [i for i in all_emoji if not _starts_line(ctx, i) or i + 1 in following]
    if len(emoji) < 3:
        return NO_HIT
    long_run = any(e - s >= 3 for s, e in _adjacent_runs(emoji))
    dense = len(emoji) >= 5 and len(emoji) >= 0.1 * max(ctx.n_words, 1)
    if not long_run and not dense:
        return NO_HIT
    spans = ctx.char_spans((i, i + 1) for i in emoji)
    return Hit(spans, round(len(emoji) / max(ctx.n_words, 1), 3))


def _starts_line(ctx: Context, token: int) -> bool:
    return token == 0 or ctx.kind(token - 1) == kinds.NEWLINE


def _adjacent_runs(tokens: list[int]) -> list[TokenSpan]:
    """Group sorted token indices into runs of neighbours (single spaces are not tokens)."""
    runs: list[TokenSpan] = []
    for t in tokens:
        if runs and runs[-1][1] == t:
            runs[-1] = (runs[-1][0], t + 1)
        else:
            runs.append((t, t + 1))
    return runs


@signal(
    "hype_words", "shouting",
    title="Хайп-слова",
    why="«Вау», «шок», «бомба», «невероятный» обещают эмоцию вместо содержания.",
    tip="Замените оценку фактом: что именно удивит или обрадует читателя.",
    example="ШОК! Невероятная бомба сезона!",
    phrases=sorted(lx.HYPE_LEMMAS),
)
def hype_words(ctx: Context, found: list[TokenSpan]) -> Hit:
    return hit_from_tokens(ctx, found)


@signal(
    "hashtag_stuffing", "hashtag_stuffing",
    title="Гора хештегов",
    why="Десяток хештегов — охота за охватом, а не забота о читателе; текст тонет в "
        "метках.",
    tip="Оставьте 1–3 хештега, по которым читатель действительно ищет вашу рубрику.",
    example="#скидки #акция #купить #доставка #вкусно #еда #спб #пицца",
)
def hashtag_stuffing(ctx: Context, found: list[TokenSpan]) -> Hit:
    """Five hashtags or more, or three or more making a quarter of the words."""
    tags = ctx.tokens_of_kind(kinds.HASHTAG)
    n = len(tags)
    if n >= 5 or (n >= 3 and n * 4 >= ctx.n_words):
        return hit_from_tokens(ctx, [(i, i + 1) for i in tags])
    return NO_HIT


SHOWCASE_MIN = 3  # showcase adjectives in one stretch of text
SHOWCASE_WINDOW = 30  # tokens


@signal(
    "showcase", "monologue",
    title="Витрина прилагательных",
    why="«Сочные, нежные, ароматные» описывают, как бренд хочет выглядеть, а не то, что "
        "читателю нужно знать, чтобы выбрать.",
    tip="Замените прилагательные сведениями: состав, размер, вес, для кого и чем одно "
        "отличается от другого.",
    example="Сочные бургеры, хрустящая картошка, нежные десерты — всё это ждёт вас!",
    phrases=sorted(lx.SHOWCASE_ADJ),
)
def showcase(ctx: Context, found: list[TokenSpan]) -> Hit:
    """At least :data:`SHOWCASE_MIN` showcase adjectives within :data:`SHOWCASE_WINDOW` tokens."""
    starts = [s for s, _ in found]
    for i in range(len(starts) - SHOWCASE_MIN + 1):
        if starts[i + SHOWCASE_MIN - 1] - starts[i] <= SHOWCASE_WINDOW:
            return hit_from_tokens(ctx, found)
    return NO_HIT


SIGNALS = [
    buy_call, contact_call, link_push, offer, visit_call, discount, price, promo_code, urgency, giveaway,
    follow_ask, like_gate, self_praise, unreal_promise, monologue, showcase, contact_block, caps, exclamations,
    emoji_flood, hype_words, hashtag_stuffing,
]
