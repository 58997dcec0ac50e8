"""Each signal on positives (in several word forms), negatives, and the known traps."""

from __future__ import annotations

import pytest

from classifier.signals.base import CATEGORIES, JUNK, MARKING, MISTAKES, VALUE
from classifier.signals.registry import SIGNALS

CASES = [
    # (signal, text, fires)
    ("buy_call", "Закажите прямо сейчас!", True),
    ("buy_call", "Купи и не думай.", True),
    ("buy_call", "Покупайте новую коллекцию", True),
    ("buy_call", "Оформите заказ на сайте", True),
    ("buy_call", "Успейте купить до пятницы", True),
    ("buy_call", "Записывайтесь на процедуру", True),
    ("buy_call", "Не покупайте шины в первый мороз — цены выше.", False),
    ("buy_call", "Если вы купите квартиру в ипотеку, проверьте страховку.", False),
    ("buy_call", "Мы закажем ещё стульев к весне.", False),
    ("buy_call", "Покупка квартиры — большой шаг.", False),
    ("contact_call", "Пишите в директ — расскажем цену", True),
    ("contact_call", "Звоните: +7 (812) 555-12-34", True),
    ("contact_call", "Оставьте заявку на сайте", True),
    ("contact_call", "По всем вопросам — к менеджеру", True),
    ("contact_call", "Пишите в комментариях, как вы храните зелень", False),
    ("contact_call", "Позвоните маме на этой неделе, просто так.", False),
    ("contact_call", "Если потёк кран, звоните в аварийную службу.", False),
    ("link_push", "Жмите на ссылку в шапке профиля", True),
    ("link_push", "Переходите по ссылке и выбирайте", True),
    ("link_push", "Подробнее 👉 t.me/shop", True),
    ("link_push", "Отчёт о тратах мы выложили по ссылке.", False),
    ("discount", "Скидка 50% на всё меню", True),
    ("discount", "Только у нас скидки до 70%!", True),
    ("discount", "Дарим скидку постоянным гостям", True),
    ("discount", "Распродажа зимней коллекции", True),
    ("discount", "Всё меню -30%", True),
    ("discount", "2 по цене 1 каждую пятницу", True),
    ("discount", "Как выторговать скидку при покупке квартиры: приходите с одобренной ипотекой", False),
    ("discount", "Акции компании упали на бирже на 3%", False),
    ("price", "Маникюр — 1 500 ₽", True),
    ("price", "Всего 990 руб.", True),
    ("price", "Зарплата от 85 000 ₽ на руки", False),
    ("price", "Доллар — 113 рублей на бирже", False),
    ("promo_code", "По промокоду LETO20 — ещё дешевле", True),
    ("promo_code", "Кешбэк 10% баллами", True),
    ("promo_code", "Десерт в подарок к каждому заказу", True),
    ("promo_code", "На ЕГЭ нужно набрать 80 баллов", False),
    ("urgency", "Только сегодня!", True),
    ("urgency", "Осталось всего 3 места", True),
    ("urgency", "Успейте, пока не разобрали", True),
    ("urgency", "Последний шанс записаться", True),
    ("urgency", "Количество ограничено", True),
    ("urgency", "Не упустите выгоду", True),
    ("urgency", "Если срочно понадобится лекарство, аптека на Ленина открыта", False),
    ("urgency", "Не пропускайте сроки повторной обработки от клещей.", False),
    ("giveaway", "Разыгрываем сертификат на 5000 ₽", True),
    ("giveaway", "Итоги розыгрыша — в пятницу", True),
    ("giveaway", "Условия участия простые", True),
    ("giveaway", "Мы поменяли рецептуру корма.", False),
    ("follow_ask", "Подпишись на канал!", True),
    ("follow_ask", "Поставьте лайк и сделайте репост", True),
    ("follow_ask", "Отметьте трёх друзей в комментариях", True),
    ("follow_ask", "Нас уже 10 000!", True),
    ("follow_ask", "Ставьте 🔥, если понравилось", True),
    ("follow_ask", "Поделитесь своим опытом в комментариях", False),
    ("self_praise", "Мы — лучшие в городе!", True),
    ("self_praise", "Лучший салон в Москве", True),
    ("self_praise", "Высочайшее качество и уникальный подход — это про нас", True),
    ("self_praise", "Мы лидер рынка", True),
    ("self_praise", "Салон №1 в городе", True),
    ("self_praise", "Лучший способ не опоздать к врачу — прийти к открытию.", False),
    ("self_praise", "Какой лучший способ хранить зелень?", False),
    ("self_praise", "Секреты профессионалов: продвинутый SQL", False),
    ("self_praise", "Самые частые ошибки при аренде машины", False),
    ("unreal_promise", "Гарантируем результат!", True),
    ("unreal_promise", "Похудеете на 10 кг за неделю", True),
    ("unreal_promise", "Забудете о проблеме навсегда", True),
    ("unreal_promise", "Результат 100% без усилий", True),
    ("unreal_promise", "Заработок от 100 000 ₽ в месяц без вложений", True),
    ("unreal_promise", "Пломба — это не навсегда: срок службы 5–10 лет.", False),
    ("unreal_promise", "Свитер из 100% хлопка", False),
    ("unreal_promise", "Гарантированный минимум оплаты 80 000 ₽ в первые два месяца", False),
    ("unreal_promise", "Доставим за 40 минут", False),
    ("monologue", "Мы открылись! Мы работаем каждый день. Наши мастера — наша гордость. Мы ждём.", True),
    ("monologue", "Вчера к нам пришла Анна. Мы осмотрели кота и нашли причину. Мы почистили зубы.", False),
    ("monologue", "Мы поменяли график. Теперь вы можете прийти в субботу, а ваши дети — в воскресенье.", False),
    ("contact_block", "☎ +7 (812) 555-12-34 📍 ул. Ленина, 5 🌐 site.ru", True),
    ("contact_block", "Пишите: WhatsApp 8-900-123-45-67", True),
    ("contact_block", "Подробнее — на сайте site.ru", False),
    ("caps", "СУПЕР АКЦИЯ сегодня", True),
    ("caps", "ВНИМАНИЕ: новинка", True),
    ("caps", "Полис ОСАГО можно оформить в МФЦ", False),
    ("caps", "В НАТО обсудили бюджет", False),
    ("caps", "Метод DELETE в HTTP", False),
    ("exclamations", "Новинка!!!", True),
    ("exclamations", "Ура! Открылись! Ждём!", True),
    ("exclamations", "Спасибо, что читаете! Завтра расскажем про соусы. Будет вкусно.", False),
    ("emoji_flood", "🔥🔥🔥 Горячие новинки", True),
    ("emoji_flood", "Новинки 😍 скидки 💥 подарки 🎁 акции 🔥 бонусы 🎉", True),
    ("emoji_flood", "Хорошего дня ☀️", False),
    ("emoji_flood", "✅ шаг первый\n✅ шаг второй\n✅ шаг третий", False),
    ("hype_words", "Невероятная новинка сезона", True),
    ("hype_words", "Это просто бомба!", True),
    ("hype_words", "Мы подготовили обзор чайников.", False),
    ("hashtag_stuffing", "Пицца #пицца #еда #вкусно #доставка #спб", True),
    ("hashtag_stuffing", "Рецепт недели #рецепты", False),
    ("audience_question", "А вы как храните зелень?", True),
    ("audience_question", "Какой кофе вы пьёте по утрам?", True),
    ("audience_question", "Хотите скидку 20%?", False),
    ("audience_question", "Почему мы? Потому что мы лучшие.", False),
    ("comment_invite", "Поделитесь опытом в комментариях", True),
    ("comment_invite", "Пишите в комментариях, что посоветуете", True),
    ("comment_invite", "Как думаете, что это?", True),
    ("comment_invite", "Пишите в директ", False),
    ("steps", "Как прочистить фильтр:\n1. Снимите крышку.\n2. Промойте.\n3. Высушите.", True),
    ("steps", "Шаг 1: откройте приложение.\nШаг 2: выберите карту.", True),
    ("steps", "В 2024 году мы открыли 3 филиала.", False),
    ("advice", "Как выбрать арбуз: постучите по корке", True),
    ("advice", "Стоит проверить давление в шинах до поездки", True),
    ("advice", "Главный лайфхак: храните зелень в банке с водой", True),
    ("advice", "Можно купить со скидкой", False),
    ("facts_numbers", "Кошки спят до 16 часов в сутки", True),
    ("facts_numbers", "По данным исследования, 90% людей не допивают курс", True),
    ("facts_numbers", "Скидка 30% на всё", False),
    ("story", "Однажды к нам пришёл клиент с необычной просьбой.", True),
    ("story", "Марина пришла к нам в марте. Она боялась воды. Через месяц она проплыла 50 метров.", True),
    ("story", "Закажите пиццу сегодня.", False),
    ("humor", "Угадайте по эмодзи, какой это фильм 😂", True),
    ("humor", "Пятничный мем про понедельник", True),
    ("humor", "График работы на праздники.", False),
    ("specifics", "С 1 июля доставляем в Заречный район, с 10:00 до 22:00", True),
    ("specifics", "Работаем по будням с 9 до 18", True),
    ("specifics", "Ура, новинка!", False),
    ("ad_label", "Реклама. ООО «Ромашка», ИНН 7701234567. erid: 2VtzqvXyZ1a", True),
    ("ad_label", "Курс по Python #реклама", True),
    ("ad_label", "На правах рекламы", True),
    ("ad_label", "Наша реклама на радио звучит с понедельника.", False),
    # what a new user found missed or wrong (issue 10)
    ("urgency", "Только 3 дня! Скидка 20%", True),
    ("urgency", "Только в этом месяце — абонемент на полгода", True),
    ("urgency", "Звоните прямо сейчас!", True),
    ("urgency", "Прямо сейчас в городе идёт снег.", False),
    ("urgency", "Отпуск у нас только 3 дня в году.", False),
    ("facts_numbers", "Только 3 дня! Скидка 20%", False),
    ("contact_call", "Звоните прямо сейчас!", True),
    ("humor", "ХаХаХа, вот это поворот", True),
    ("humor", "Курс доллара вырос.\n\n😂 [Подписаться](https://t.me/news) | Прислать новость", False),
    ("humor", "Кот опять уснул в коробке от пиццы 😂", True),
    ("steps", "1. Снимите колпачок. 2. Промойте фильтр. 3. Высушите 2 часа.", True),
    ("steps", "В 2. классе 1) было интересно", False),
    ("self_praise", "Луч — самая быстрая мобильная сеть города.", True),
    ("self_praise", "Самый частый вопрос — как хранить зелень?", False),
    ("self_praise", "Мы гордимся тем, что работаем для вас", True),
    ("self_praise", "Я горжусь сыном: он сам собрал скворечник.", False),
    ("self_praise", "Теперь мы — крупнейшая сеть барбершопов в городе.", True),
    ("self_praise", "Крупная собака требует больше места.", False),
    ("contact_call", "Ждём и вас, запись в директ 💋", True),
    ("contact_call", "Резюме присылайте в личные сообщения группы", True),
    ("contact_call", "Присылайте фото в комментарии!", False),
    # issue 24: sharper rules
    ("offer", "Оформить карту можно онлайн за пять минут.", True),
    ("offer", "Подключить тариф можно в приложении.", True),
    ("offer", "Корм привезём сегодня, заказ на miska-omsk.ru", True),
    ("offer", "Где купить хороший хлеб?", False),
    ("offer", "Купить квартиру без ипотеки сложно.", False),
    ("visit_call", "Забегайте к нам за свежей выпечкой!", True),
    ("visit_call", "Ждём вас с 9 до 21.", False),  # information, not a call
    ("visit_call", "Заходите по дороге на работу!", True),
    ("visit_call", "Если не приходите на приём, предупредите заранее.", False),
    ("showcase", "Нежные пионы, воздушная гипсофила, благородные розы и утончённые ранункулюсы.", True),
    ("showcase", "Хрустящие вафли, воздушный омлет, ароматный кофе — и веранда.", True),
    ("showcase", "Нежный творог и ароматный чай.", False),
    ("like_gate", "Условие: 150 ❤ под этим постом — и рецепт появится завтра.", True),
    ("like_gate", "Наберём 100 лайков — выложим продолжение.", True),
    ("like_gate", "Ставьте 🦉, если малыш не спит днём. Наберём 150 сов — расскажем, как уложить.", True),
    ("like_gate", "За год мы собрали 120 отзывов и расскажем о них в блоге.", False),
    ("follow_ask", "Температура 25 🔥 жара", False),
    ("follow_ask", "Песков опроверг сообщения.\n\n🎯[ Подписывайся на SHOT](https://t.me/shot_shot)", False),
    ("follow_ask", "Подписывайтесь на наш канал, нас уже 50 000!", True),
    ("contact_call", "Звоните в «Домовой», придём сегодня", True),
    ("contact_call", "Бронь — +7 (831) 430-17-70", True),
    ("contact_call", "Заявка в боте, приедем в день обращения", True),
    ("contact_call", "Оставьте адрес в комментариях — перезвоним", True),
    ("contact_call", "Запись к врачу через Госуслуги: откройте раздел «Здоровье»", False),
    ("urgency", "Забирайте, пока не ушло 👇", True),
    ("discount", "Силовики продолжают разгон акции протеста в Тбилиси.", False),
    ("discount", "В Дербенте идёт спецоперация по ликвидации террористов.", False),
    ("discount", "Ликвидация коллекции: все модели со скидкой.", True),
]


@pytest.mark.parametrize("signal", SIGNALS, ids=lambda s: s.id)
def test_documented_example_fires_its_signal(hits, signal):
    """`postcheck explain` shows each signal's example: it must fire that very signal."""
    assert hits(signal.example)[signal.id].fired, signal.example


@pytest.mark.parametrize(("text", "quote"), [("Плотность 5 000 г/м², очень тёплое", "5 000 г"),
                                             ("Кошки спят до 16 часов в сутки", "16 часов")])
def test_grouped_numbers_are_quoted_whole(hits, text, quote):
    hit = hits(text)["facts_numbers"]
    assert quote in [text[s:e] for s, e in hit.spans]


@pytest.mark.parametrize(("signal_id", "text", "fires"), CASES)
def test_signal(hits, signal_id, text, fires):
    hit = hits(text)[signal_id]
    assert hit.fired is fires, (signal_id, text, [text[s:e] for s, e in hit.spans])


@pytest.mark.parametrize(
    ("signal_id", "forms"),
    [
        ("discount", ["скидка", "скидки", "скидку", "скидкой", "скидок", "скидками", "СКИДКИ", "cкидкa"]),
        ("buy_call", ["купите", "купи", "покупайте", "закажите", "закажи", "заказывайте", "оформите", "оформляйте"]),
        ("giveaway", ["розыгрыш", "розыгрыша", "розыгрышем", "разыгрываем", "разыграем"]),
        ("urgency", ["успей", "успейте", "спешите", "торопитесь"]),
        ("follow_ask", ["подпишись", "подпишитесь", "подписывайтесь", "подписывайся"]),
    ],
)
def test_every_word_form_matches(hits, signal_id, forms):
    for form in forms:
        assert hits(f"Друзья, {form} сегодня")[signal_id].fired, form


def test_long_useful_advice_post_fires_no_hard_sell(hits):
    text = (
        "Как выбрать зимние шины, если вы ездите в основном по городу. Смотрите не на бренд, "
        "а на индекс скорости и на дату производства на боковине: шинам старше пяти лет лучше не "
        "доверять, резина дубеет. Шипы нужны, если вы часто выезжаете за город или живёте на "
        "холме; для чистого асфальта подойдут фрикционные. Давление проверяйте раз в месяц на "
        "холодных шинах: на морозе оно падает на 0,1 атмосферы на каждые 10 градусов. Храните "
        "комплект в тёмном месте, лёжа стопкой, если шины на дисках, и стоя — если без. "
        "А вы меняете шины по календарю или по погоде?"
    )
    found = hits(text)
    fired_junk = [sid for sid, h in found.items() if h.fired and CATEGORIES[_cat(sid)].polarity == JUNK]
    assert not [s for s in fired_junk if _cat(s) in ("hard_sell", "price_promo", "urgency")], fired_junk
    assert found["advice"].fired and found["audience_question"].fired


def _cat(signal_id: str) -> str:
    return next(s.category for s in SIGNALS if s.id == signal_id)


def test_brand_name_is_not_caps_or_praise(nlp):
    from classifier.signals.base import Options
    from classifier.signals.engine import SignalEngine

    text = "ЛУЧШИЙ ДОМ открыл новый офис: приходите знакомиться."
    plain = SignalEngine(nlp).run(nlp(text))
    branded = SignalEngine(nlp, options=Options(brand_names=frozenset({"лучший", "дом"}))).run(nlp(text))
    assert plain["caps"].fired
    assert not branded["caps"].fired


def test_every_signal_is_documented_in_russian():
    ids = [s.id for s in SIGNALS]
    assert len(ids) == len(set(ids))
    for s in SIGNALS:
        assert s.category in CATEGORIES
        assert s.polarity in (JUNK, VALUE, MARKING)
        for text in (s.title, s.why, s.tip, s.example):
            assert any("а" <= ch.lower() <= "я" for ch in text), (s.id, text)
        if s.polarity == JUNK:
            assert s.mistake in MISTAKES, s.id


def test_spans_always_index_the_original_text(nlp, engine, corpus):
    for text in corpus.texts[::7]:
        for signal_id, hit in engine.run(nlp(text)).items():
            for start, end in hit.spans:
                assert 0 <= start < end <= len(text), (signal_id, start, end)
                assert text[start:end].strip(), (signal_id, text[start:end])
