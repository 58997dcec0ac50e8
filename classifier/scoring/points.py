"""Points that add up: each reason's exact share of the score (Shapley values over reasons).

A post's decision value is the model's intercept plus one part per reason (a signal's
features, the junk words, the value words, a team's phrase). The score is a function of the
reasons present, and that function has two rules besides the calibrated curve:

* **the gate**: without a push (a reason whose signal pushes a sale, numbers or the brand,
  or a team's stop phrase) the score stays just below `rewrite`; learned words alone never
  ask for a rewrite;
* **the floor**: a hard push (:attr:`~classifier.signals.base.Signal.hard_push`: a call to
  buy, call or click, a discount, a promo code, urgency, a follow ask, an unreal promise)
  with no value signal beside it makes the post `rewrite`, however few words it has; so does
  content held back for reactions (:attr:`~classifier.signals.base.Signal.withholds`).

A reason's points are its Shapley value in that function: the average, over every order
in which the reasons could be added to an empty post, of how much the score moves when it
comes in. They add up exactly to the score minus the base (the score of a post with no
reason at all), whatever the curve, the gate and the floor do. For k reasons this takes
2**k evaluations; past :data:`MAX_EXACT` reasons the weakest are pooled (see :func:`attribute`).

>>> gate = Gate(calibration=(1.0, 0.0), intercept=-2.0, rewrite=50.0)
>>> parts = [Part(3.0, opens=True, hard=True), Part(-1.0, value=True)]
>>> result = attribute(gate, parts)
>>> result.score, round(result.base, 1), [round(p, 1) for p in result.points]
(50.0, 11.9, [53.2, -15.1])
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from classifier.model.linear import ceiling, gated

MAX_EXACT = 12  # reasons valued exactly; the rest are pooled


@dataclass(frozen=True)
class Gate:
    """The score as a function of the decision value, with the gate and the floor."""

    calibration: tuple[float, float]  # a, b of sigmoid(a * decision + b)
    intercept: float
    rewrite: float  # the `rewrite` threshold, 0-100

    @property
    def ceiling(self) -> float:
        """The highest score of a post without a push: just below `rewrite`."""
        return ceiling(self.rewrite)

    def raw(self, logits: np.ndarray | float) -> np.ndarray | float:
        """The calibrated score (0-100) of decision values, before the gate and the floor."""
        a, b = self.calibration
        return 100.0 / (1.0 + np.exp(-np.clip(a * np.asarray(logits) + b, -35, 35)))

    def scores(self, logits: np.ndarray, opens: np.ndarray, floored: np.ndarray) -> np.ndarray:
        """Scores (0-100) of decision values; ``opens``: a push is present; ``floored``: a
        hard push without a value signal is present."""
        return gated(self.raw(logits), opens, floored, self.rewrite)


@dataclass(frozen=True)
class Part:
    """One reason's share of the decision value and its roles in the gate."""

    logit: float
    opens: bool = False  # a push: lets the score reach `rewrite`
    hard: bool = False  # a hard push: with no value reason present, makes the post `rewrite`
    value: bool = False  # gives the reader something: keeps the floor away
    withholds: bool = False  # holds content back for reactions: the floor applies whatever else is there


@dataclass(frozen=True)
class Attribution:
    """The score, the base, each reason's points and the score without each reason."""

    score: float
    base: float
    points: list[float]
    without: list[float]
    capped: bool  # the gate held the score below `rewrite`
    floored: bool  # the floor lifted the score to `rewrite`


def attribute(gate: Gate, parts: Sequence[Part]) -> Attribution:
    """Exact Shapley values of the reasons' parts in the gated score.

    With more than :data:`MAX_EXACT` parts, the weakest (by absolute logit) that play no
    role in the gate are pooled into one and its value is shared among them in proportion to
    their logits.
    """
    parts = list(parts)
    players, pools = _players(parts)
    k = len(players)
    game = _game(k)
    roles = np.array([[p.logit, p.opens, p.hard, p.value, p.withholds] for p in players], dtype=float).reshape(k, 5)
    counts = game.member @ roles[:, 1:]  # per coalition: pushes, hard pushes, value reasons, withholding
    floored = ((counts[:, 1] > 0) & (counts[:, 2] == 0)) | (counts[:, 3] > 0)
    values = gate.scores(gate.intercept + game.member @ roles[:, 0], counts[:, 0] > 0, floored)
    shapley = ((values[game.with_i] - values[game.without_i]) * game.weight).sum(axis=1)
    full, empty = float(values[-1]), float(values[0])
    without = values[(2 ** k - 1) ^ (1 << np.arange(k))].tolist() if k else []
    points, without_part = [0.0] * len(parts), [full] * len(parts)
    for i, members in enumerate(pools):
        total = sum(parts[j].logit for j in members)
        for j in members:
            share = parts[j].logit / total if total and len(members) > 1 else 1.0 / len(members)
            points[j] = float(shapley[i]) * share
            without_part[j] = without[i] if len(members) == 1 else full - points[j]
    raw = float(gate.raw(gate.intercept + roles[:, 0].sum()))
    return Attribution(
        score=full, base=empty, points=points, without=without_part,
        capped=bool(counts[-1, 0] == 0 and raw > gate.ceiling),
        floored=bool(floored[-1] and raw < gate.rewrite),
    )


@dataclass(frozen=True)
class _Game:
    """The coalitions of k players: membership (2**k x k, each row a coalition by its bits), and for
    each player the coalitions without it, the same with it, and their Shapley weights."""

    member: np.ndarray
    without_i: np.ndarray
    with_i: np.ndarray
    weight: np.ndarray


@functools.cache
def _game(k: int) -> _Game:
    masks = np.arange(2 ** k)
    member = ((masks[:, None] >> np.arange(k)) & 1).astype(float)
    sizes = member.sum(axis=1).astype(int)
    factor = np.array([math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k) for s in range(k)])
    without = np.array([masks[(masks >> i) & 1 == 0] for i in range(k)], dtype=int).reshape(k, 2 ** k // 2)
    with_i = without | (1 << np.arange(k))[:, None]
    return _Game(member, without, with_i, factor[sizes[without]] if k else np.zeros((0, 0)))


def _players(parts: list[Part]) -> tuple[list[Part], list[list[int]]]:
    """The parts valued exactly, and which original parts each stands for."""
    if len(parts) <= MAX_EXACT:
        return parts, [[i] for i in range(len(parts))]
    order = sorted(range(len(parts)), key=lambda i: (parts[i].opens or parts[i].hard or parts[i].value
                                                       or parts[i].withholds, abs(parts[i].logit)), reverse=True)
    kept, pooled = order[:MAX_EXACT - 1], order[MAX_EXACT - 1:]
    pool = Part(sum(parts[i].logit for i in pooled), opens=any(parts[i].opens for i in pooled),
                hard=any(parts[i].hard for i in pooled), value=any(parts[i].value for i in pooled),
                withholds=any(parts[i].withholds for i in pooled))
    return [parts[i] for i in kept] + [pool], [[i] for i in kept] + [pooled]


def round_points(score: float, base: float, points: Sequence[float]) -> tuple[float, float, list[float]]:
    """Score, base and points rounded to tenths so that the rounded points add up exactly
    to the rounded score minus the rounded base (largest remainders get the spare tenths).

    >>> round_points(61.26, 12.0, [30.14, 19.12])
    (61.3, 12.0, [30.2, 19.1])
    """
    score_r, base_r = round(score, 1), round(base, 1)
    target = round((score_r - base_r) * 10)
    tenths = [p * 10 for p in points]
    floors = [math.floor(t) for t in tenths]
    spare = target - sum(floors)
    order = sorted(range(len(points)), key=lambda i: tenths[i] - floors[i], reverse=spare > 0)
    for i in order[:abs(spare)]:
        floors[i] += 1 if spare > 0 else -1
    return score_r, base_r, [f / 10 for f in floors]
