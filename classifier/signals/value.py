"""Signals of audience value: what a reader gets from a post without buying anything."""

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
    SECOND_PERSON,
    Context,
    Hit,
    TokenSpan,
    expand,
    hit_from_regex,
    hit_from_tokens,
    signal,
)
from classifier.signals.helpers import WE, YOU

_QUESTION_MARKS = frozenset({"?"})


def _trimmed(ctx: Context, start: int, end: int) -> TokenSpan:
    """A sentence without its leading and trailing whitespace or newline tokens."""
    blank = (kinds.SPACE, kinds.NEWLINE)
    while start < end and ctx.kind(start) in blank:
        start += 1
    while end > start and ctx.kind(end - 1) in blank:
        end -= 1
    return start, end


@signal(
    "audience_question", "dialogue",
    title="Вопрос к аудитории",
    why="Вопрос читателю приглашает к разговору: подписчик видит, что его мнение "
        "важно (против ошибки 4 — не слышать аудиторию).",
    tip="Сохраните вопрос и ответьте тем, кто напишет; лучшие ответы можно показать в "
        "следующем посте.",
    example="А вы как храните зелень, чтобы она не вяла за два дня?",
    norm_phrases=["?"],
)
def audience_question(ctx: Context, found: list[TokenSpan]) -> Hit:
    """Questions to the reader, not sales openers («Хотите скидку?») nor «Почему мы?»."""
    marks = found
    if not marks:
        return NO_HIT
    you = {s for s, _ in ctx.found(YOU)}
    you.update(ctx.tokens_with_flag(SECOND_PERSON))
    we = {s for s, _ in ctx.found(WE)}
    spans = set()
    for q, _ in marks:
        start, end = _trimmed(ctx, *ctx.sentence_of(q))
        if start >= end or ctx.has_lemma(start, end, lx.SALES_QUESTION_LEMMAS):
            continue
        if any(start <= i < end for i in we):
            continue
        addressed = any(start <= i < end for i in you)
        if addressed or ctx.lemma(start) in lx.QUESTION_WORDS:
            spans.add((start, end))
    return hit_from_tokens(ctx, sorted(spans))


def _invites(ctx: Context, start: int, end: int) -> bool:
    """«Пишите / делитесь / расскажите» followed by comments, opinions or stories."""
    if ctx.lemma(start) not in lx.SHARE_VERBS or end - start > 1:
        return True
    if not ctx.has_flag(start, IMPERATIVE):
        return False
    return ctx.has_lemma(end, end + 6, lx.SHARE_TARGETS) or ctx.has_norm(end, end + 6, lx.SHARE_TARGETS)


@signal(
    "comment_invite", "dialogue",
    title="Приглашение к обсуждению",
    why="Просьба поделиться опытом или мнением превращает ленту бренда в разговор, "
        "а подписчиков — в сообщество.",
    tip="Задайте конкретную тему для ответа и вернитесь в комментарии: диалог держится "
        "на ответах бренда.",
    example="Поделитесь в комментариях своим способом — соберём лучшие в отдельный пост.",
    phrases=[
        *lx.SHARE_VERBS,
        *expand("ждать", {"ваш", "твой"}, lx.OPINION_NOUNS | {"комментарий", "фото"}),
        *expand({"ваш", "твой"}, lx.OPINION_NOUNS),
    ],
    norm_phrases=[
        "как думаете", "как считаете", "как думаешь", "как считаешь", "а вы ?", "а ты ?",
        "а у вас", "а как у вас", "а у тебя", "что скажете", "что думаете", "что посоветуете",
    ],
)
def comment_invite(ctx: Context, found: list[TokenSpan]) -> Hit:
    return hit_from_tokens(ctx, [(s, e) for s, e in found if _invites(ctx, s, e)])


_STEP = re.compile(
    r"(?im)^[ \t>*_]*(?:\d{1,2}[.)](?=\s)|[0-9]\ufe0f?\u20e3|шаг\s*\d+|во-первых|во-вторых|в-третьих)"
)


@signal(
    "steps", "howto",
    title="Шаги и нумерованный список",
    why="Пошаговая структура показывает, что пост можно применить: читатель уносит "
        "готовый алгоритм.",
    tip="Оставьте шаги короткими и конкретными, по одному действию в пункте.",
    example="1. Снимите колпачок. 2. Промойте фильтр. 3. Высушите 2 часа.",
)
def steps(ctx: Context, found: list[TokenSpan]) -> Hit:
    """Two or more numbered lines (1., 2), 1️⃣, «Шаг 1», «во-первых»), or a numbered list
    written in one line («1. Снимите колпачок. 2. Промойте фильтр.»)."""
    text = ctx.text
    starts = [line.lstrip(" \t>*_")[:2].lower() for line in text.split("\n")]
    if sum(1 for s in starts if s[:1].isdigit() or s in ("ша", "во", "в-")) >= 2:
        hit = hit_from_regex(ctx, _STEP)
        if hit.value >= 2:
            return hit
    return _inline_steps(text)


_INLINE_STEP = re.compile(r"(?<![\w.,:/-])(\d{1,2})[.)](?=\s+[^\W\d_])")


def _inline_steps(text: str) -> Hit:
    """Numbers 1, 2, 3... in order, each followed by a word: an enumeration within a line.

    >>> _inline_steps("1. Снимите колпачок. 2. Промойте фильтр.").value, _inline_steps("В 2. классе 1) было").value
    (2.0, 0.0)
    """
    if "1" not in text:
        return NO_HIT
    spans: list[tuple[int, int]] = []
    for m in _INLINE_STEP.finditer(text):
        if int(m.group(1)) == len(spans) + 1:
            spans.append(m.span())
        elif int(m.group(1)) == 1:
            spans = [m.span()]
    return Hit(tuple(spans), float(len(spans))) if len(spans) >= 2 else NO_HIT


_MODALS = frozenset({
    "лучше", "стоит", "стоило", "следует", "нужно", "надо", "важно", "необходимо",
    "рекомендуем", "рекомендуется", "советуем", "можно", "как", "чтобы",
})


def _advice_span(ctx: Context, start: int, end: int) -> TokenSpan | None:
    """A modal or «как» with an infinitive («стоит проверить», «как выбрать»), not a sale."""
    if ctx.norm(start) not in _MODALS:
        return start, end
    verb = end
    if verb < len(ctx.doc) and ctx.norm(verb) == "не":
        verb += 1
    if verb >= len(ctx.doc) or not ctx.has_flag(verb, INFINITIVE):
        return None
    if ctx.lemma(verb) in lx.BUY_VERBS:
        return None
    return start, verb + 1


@signal(
    "advice", "howto",
    title="Советы",
    why="Совет, который работает без покупки, — главная причина читать бренд: пост "
        "полезен сам по себе.",
    tip="Сделайте совет проверяемым: цифры, время, что будет, если сделать иначе.",
    example="Как выбрать арбуз: постучите — звук должен быть звонким.",
    phrases=sorted(lx.ADVICE_LEMMAS),
    norm_phrases=[*_MODALS, "обратите внимание", "не забудьте", "не забывайте"],
)
def advice(ctx: Context, found: list[TokenSpan]) -> Hit:
    spans = [_advice_span(ctx, s, e) for s, e in found]
    return hit_from_tokens(ctx, [s for s in spans if s])


_NOT_FACT_CONTEXT = lx.DISCOUNT_LEMMAS | lx.PROMO_LEMMAS | {"гарантировать", "гарантия"}


_DEADLINE_BEFORE = frozenset({"только", "лишь"})


def _fact_span(ctx: Context, start: int, end: int) -> TokenSpan | None:
    if ctx.lemma(start) in lx.UNIT_LEMMAS and end - start == 1:
        if not ctx.like_num(start - 1):
            return None
        first = _number_start(ctx, start - 1)  # «16 часов», «5 000 г»
        if ctx.has_norm(first - 1, first, _DEADLINE_BEFORE):
            return None  # «только 3 дня»: a deadline (urgency), not a fact
        return first, end
    return start, end


def _number_start(ctx: Context, token: int) -> int:
    """The first token of a number written in groups of three digits («5 000», «1 250 000»)."""
    while (token > 0 and len(ctx.token_text(token)) == 3 and ctx.token_text(token).isdigit()
           and ctx.token_text(token - 1).isdigit() and len(ctx.token_text(token - 1)) <= 3
           and ctx.char_span(token, token + 1)[0] - ctx.char_span(token - 1, token)[1] == 1):
        token -= 1
    return token


def _percent_facts(ctx: Context) -> list[TokenSpan]:
    """Percentages that are facts («90% людей»), not discounts («-30%», «скидка 30%»)."""
    return [
        (i, i + 1) for i in ctx.tokens_of_kind(kinds.PERCENT)
        if ctx.norm(i)[:1] not in "-−–" and not ctx.sentence_has_lemma(i, _NOT_FACT_CONTEXT)
    ]


@signal(
    "facts_numbers", "facts",
    title="Факты и цифры",
    why="Цифры и факты, которые не являются ценами, дают читателю знание и делают "
        "пост поводом вернуться.",
    tip="Укажите источник цифры и что она значит для читателя.",
    example="Кошки спят до 16 часов в сутки: хищнику нужно копить силы для рывка.",
    phrases=sorted(lx.UNIT_LEMMAS | lx.FACT_LEMMAS),
    norm_phrases=[
        "по данным", "по статистике", "по оценкам", "по подсчетам", "в среднем", "потому что",
        "дело в том", "это значит",
    ],
)
def facts_numbers(ctx: Context, found: list[TokenSpan]) -> Hit:
    spans = [_fact_span(ctx, s, e) for s, e in found]
    return hit_from_tokens(ctx, sorted({s for s in spans if s} | set(_percent_facts(ctx))))


def _narrates(ctx: Context, token: int) -> bool:
    """«Рассказала» tells a story; «расскажите» and «рассказываем» only announce one."""
    if ctx.lemma(token) not in {"рассказать", "рассказывать", "вспоминать", "вспомнить"}:
        return True
    return ctx.has_flag(token, PAST)


@signal(
    "story", "story",
    title="История или кейс",
    why="История с героем и подробностями удерживает внимание и учит на чужом опыте "
        "лучше любых эпитетов.",
    tip="Добавьте деталь, которую читатель узнает в своей жизни, и вывод, который можно "
        "применить.",
    example="Однажды к нам пришла Анна с котом, который перестал есть. Оказалось, дело в зубах.",
    phrases=sorted(lx.STORY_LEMMAS),
    norm_phrases=["как-то", "было это"],
)
def story(ctx: Context, found: list[TokenSpan]) -> Hit:
    """Story cues, or narration: three or more past-tense verbs, half the finite verbs."""
    cues = [(s, e) for s, e in found if _narrates(ctx, s)]
    past = ctx.tokens_with_flag(PAST)
    finite = ctx.count_flag(FINITE)
    narrative = len(past) >= 3 and len(past) * 2 >= finite
    spans = cues + ([(i, i + 1) for i in past[:12]] if narrative else [])
    if not spans:
        return NO_HIT
    return Hit(ctx.char_spans(sorted(set(spans))), float(len(cues) + (len(past) if narrative else 0)))


_SMILES = re.compile(r"\){2,}|\b(?:ха){2,}\b|\bа(?:ха){2,}\b", re.IGNORECASE)


@signal(
    "humor", "humor",
    title="Юмор и игра",
    why="Шутка, загадка или игра развлекают: к такому бренду возвращаются не за "
        "скидкой, а за настроением.",
    tip="Свяжите шутку с жизнью читателя, а не с продуктом, и предложите ответить.",
    example="Угадайте по трём эмодзи, какой это фильм: 🧊🚢💔",
    phrases=sorted(lx.HUMOR_LEMMAS),
    norm_phrases=[
        *lx.HUMOR_EMOJI, "правда или миф", "правда или вымысел", "факт или фейк", "факт или миф",
    ],
)
def humor(ctx: Context, found: list[TokenSpan]) -> Hit:
    """Humour words, games and quizzes, laughing emoji and «ахаха» or «))», except an emoji in a
    footer line (a line with a link or a mention: «😂 Подписаться | Прислать новость»)."""
    spans = {ctx.char_span(s, e) for s, e in found if not _in_footer(ctx, s)}
    text = ctx.text
    if "))" in text or "хах" in text.lower():
        spans.update(m.span() for m in _SMILES.finditer(text))
    return Hit(tuple(sorted(spans)), float(len(spans))) if spans else NO_HIT


_LINK_KINDS = frozenset({kinds.URL, kinds.MENTION, kinds.VKLINK})


def _in_footer(ctx: Context, token: int) -> bool:
    """An emoji on a line that also holds a link or a mention (a channel's footer)."""
    if ctx.kind(token) != kinds.EMOJI:
        return False
    start, end = ctx.line_of(token)
    return any(ctx.kind(i) in _LINK_KINDS for i in range(start, end)) or "|" in ctx.text[
        ctx.char_span(start, start + 1)[0]:ctx.char_span(end - 1, end)[1]]


# Clock times, dates and «с 10 до 22» in one scan; the left edge is checked by _clean_left.
# The lookahead lets the scan skip quickly over positions that cannot start a match.
_WHEN = re.compile(
    r"(?=[\dсС])(?:(?P<time>\d{1,2}:[0-5]\d(?![\d:]))"
    r"|(?P<date>\d{1,2}\.(?:0[1-9]|1[0-2])(?:\.(?:\d{4}|\d{2}))?(?![\d.]))"
    r"|(?P<range>[сС]\s+\d{1,2}(?::\d{2})?\s+до\s+\d{1,2}(?::\d{2})?(?!\d)))"
)
_DIGIT = re.compile(r"\d")


def _clean_left(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in ".:")


def _valid_when(match: re.Match[str]) -> bool:
    if match.group("time"):
        return int(match.group().split(":")[0]) < 24
    if match.group("date"):
        return 1 <= int(match.group().split(".")[0]) <= 31
    return True


def _specific_span(ctx: Context, start: int, end: int) -> TokenSpan | None:
    if ctx.lemma(start) in lx.MONTHS and end - start == 1:  # «1 июля», not «в июле»
        return (start - 1, end) if ctx.like_num(start - 1) else None
    return start, end


@signal(
    "specifics", "specifics",
    title="Полезная конкретика",
    why="Часы, даты, адреса, сроки и условия — то, что читателю нужно знать, чтобы "
        "действовать; такой пост — сервис, а не реклама.",
    tip="Проверьте, что конкретика полная: когда, где, для кого и что делать, если "
        "что-то пошло не так.",
    example="С 1 июля доставляем в Заречный район, ежедневно с 10:00 до 22:00.",
    phrases=sorted(lx.MONTHS | lx.SCHEDULE_LEMMAS),
    norm_phrases=["по будням", "по выходным", "по адресу", "в течение", "не позднее", "не позже"],
)
def specifics(ctx: Context, found: list[TokenSpan]) -> Hit:
    spans = {_specific_span(ctx, s, e) for s, e in found}
    chars = set(ctx.char_spans(sorted(s for s in spans if s)))
    text = ctx.text
    if _DIGIT.search(text):
        chars.update(m.span() for m in _WHEN.finditer(text) if _clean_left(text, m.start()) and _valid_when(m))
    return Hit(tuple(sorted(chars)), float(len(chars))) if chars else NO_HIT


SIGNALS = [
    audience_question, comment_invite, steps, advice, facts_numbers, story, humor, specifics,
]
