"""Points that add up: what a report shows per reason sums to the score minus the base."""

from __future__ import annotations

import numpy as np
import pytest

from classifier.scoring.points import Gate, Part, attribute, round_points
from classifier.scoring.selling import VALUE_SIGNALS

DRAFTS = [
    "ТОЛЬКО СЕГОДНЯ скидка 50% на всё меню! Успей заказать до 23:00 👉 ссылка в шапке",
    "Как выбрать арбуз: постучите — звук должен быть звонким; жёлтое пятно — признак того, что "
    "ягода лежала на бахче и дозрела.",
    "Новое меню осени в «Кастрюле»: шеф Илья три недели искал, как сделать тыквенный суп не "
    "приторным, — добавил печёный перец и чуть копчёной паприки. Рассказываем его историю в "
    "карточках. Всю неделю на новое меню скидка 20%. Забронировать стол: +7 900 123-45-67. А вы "
    "едите тыкву или обходите её стороной?",
    "Ищем бариста: смена 2/2 с 8 до 20, 2 800 ₽ за смену плюс чаевые, бесплатный обед и форма. "
    "Обучим с нуля.",
    "Звоните прямо сейчас! Телефон в шапке профиля 🔥",
    "Мы — лучшие! Нам 10 лет, спасибо, что выбираете нас! Подписывайтесь, нас уже 50 000!!!",
    "С Новым годом! Пусть в нём будет больше тёплых вечеров.",
]


@pytest.mark.parametrize("text", DRAFTS)
def test_points_add_up_to_the_score_minus_the_base(scorer, text):
    result = scorer.score(text)
    assert round(sum(r.weight for r in result.reasons) + result.base, 1) == result.score
    assert result.junk_points - result.value_points == pytest.approx(result.score - result.base, abs=0.05)


@pytest.mark.parametrize("text", DRAFTS)
def test_the_verdict_reads_from_the_score_shown(scorer, text):
    """No «52 — на грани» when `rewrite` starts at 52: the verdict is decided on the rounded score."""
    result = scorer.score(text)
    assert result.score == round(result.score, 1)
    assert result.verdict == scorer.thresholds.verdict(result.score)


@pytest.mark.parametrize("text", DRAFTS)
def test_value_signals_never_count_as_junk(scorer, text):
    for reason in scorer.score(text).reasons:
        if reason.signal in VALUE_SIGNALS or reason.polarity == "value":
            assert reason.weight <= 0, reason
        else:
            assert reason.weight >= 0, reason


@pytest.mark.parametrize("text", DRAFTS)
def test_a_junk_reason_says_what_removing_it_gives(scorer, text):
    result = scorer.score(text)
    for reason in result.junk_reasons:
        assert reason.without is not None and reason.without <= result.score + 0.05


def test_a_reason_that_moves_nothing_gets_no_points():
    """Shapley's dummy property: points only for what changes the score in some company."""
    gate = Gate(calibration=(1.0, 0.0), intercept=-1.0, rewrite=60.0)
    shares = attribute(gate, [Part(2.0, opens=True), Part(0.0), Part(-0.7, value=True)])
    assert shares.points[1] == pytest.approx(0.0)


def test_shapley_points_are_exact_on_a_small_game():
    gate = Gate(calibration=(1.0, 0.0), intercept=-1.0, rewrite=60.0)
    parts = [Part(2.0, opens=True), Part(-0.5, value=True), Part(0.7)]
    shares = attribute(gate, parts)
    assert sum(shares.points) == pytest.approx(shares.score - shares.base)
    # by hand: two orders per pair, six orders in all
    a = attribute(gate, parts[:1])
    assert a.points[0] == pytest.approx(a.score - a.base)


def test_the_gate_and_the_floor_are_part_of_the_game():
    gate = Gate(calibration=(1.0, 0.0), intercept=0.0, rewrite=60.0)
    words_only = attribute(gate, [Part(3.0)])
    assert words_only.score == pytest.approx(gate.ceiling) and words_only.capped
    push_only = attribute(gate, [Part(0.1, opens=True, hard=True)])
    assert push_only.score == 60.0 and push_only.floored
    with_value = attribute(gate, [Part(0.1, opens=True, hard=True), Part(-0.2, value=True)])
    assert with_value.score < 60.0 and not with_value.floored


def test_many_reasons_are_pooled_and_still_add_up():
    gate = Gate(calibration=(0.8, -0.5), intercept=-1.0, rewrite=55.0)
    rng = np.random.default_rng(0)
    parts = [Part(float(v), opens=i == 0) for i, v in enumerate(rng.normal(0, 0.5, 20))]
    shares = attribute(gate, parts)
    assert sum(shares.points) == pytest.approx(shares.score - shares.base)


@pytest.mark.parametrize(("score", "base", "points"), [
    (61.26, 12.0, [30.14, 19.12]),
    (99.96, 3.51, [47.71, 16.12, 16.0, 16.02, 1.2, -0.6]),
    (51.94, 20.0, [10.05, 10.05, 10.05, 1.79]),
])
def test_rounded_points_add_up_to_the_rounded_score(score, base, points):
    score_r, base_r, rounded = round_points(score, base, points)
    assert round(sum(rounded) + base_r, 1) == score_r
    assert all(abs(r - p) <= 0.1 + 1e-9 for r, p in zip(rounded, points))


def test_a_post_with_no_reason_scores_the_base():
    gate = Gate(calibration=(1.0, 0.0), intercept=-1.0, rewrite=50.0)
    shares = attribute(gate, [])
    assert shares.score == shares.base and shares.points == []
