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

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

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
        return round(self.rewrite - 0.1, 1)

    def raw(self, logits: np.ndarray | float) -> np.ndarray | float:
        """The calibrated score (0-100) of decision values, before the gate and the floor."""
        a, b = self.calibration
        return 100.0 / (1.0 + np.exp(-np.clip(a * np.asarray(logits) + b, -35, 35)))

    def scores(self, logits: np.ndarray, opens: np.ndarray, floored: np.ndarray) -> np.ndarray:
        """Scores (0-100) of decision values; ``opens``: a push is present; ``floored``: a
        hard push without a value signal is present."""
        raw = np.where(opens, self.raw(logits), np.minimum(self.raw(logits), self.ceiling))
        return np.where(floored, np.maximum(raw, self.rewrite), raw)


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
    member = (np.arange(2 ** k)[:, None] >> np.arange(k)) & 1 if k else np.zeros((1, 0), dtype=int)
    values = _values(gate, players, member.astype(bool))
    full, empty = values[-1] if k else values[0], values[0]
    shapley = _shapley(values, member, k)
    without = [float(values[(2 ** k - 1) ^ (1 << i)]) for i in range(k)]
    points, without_part = [0.0] * len(parts), [float(full)] * len(parts)
    for i, members in enumerate(pools):
        total = sum(parts[j].logit for j in members)
        for j in members:
            share = parts[j].logit / total if total and len(members) > 1 else 1.0 / len(members)
            points[j] = float(shapley[i]) * share
            without_part[j] = without[i] if len(members) == 1 else float(full) - points[j]
    everything = np.ones((1, k), dtype=bool)
    raw = gate.raw(gate.intercept + sum(p.logit for p in players))
    return Attribution(
        score=float(full), base=float(empty), points=points, without=without_part,
        capped=bool(not _opens(players, everything)[0] and raw > gate.ceiling),
        floored=bool(_floored(players, everything)[0] and raw < gate.rewrite),
    )


def _players(parts: list[Part]) -> tuple[list[Part], list[list[int]]]:
    """The parts valued exactly, and which original parts each stands for."""
    if len(parts) <= MAX_EXACT:
        return parts, [[i] for i in range(len(parts))]
    order = sorted(range(len(parts)), key=lambda i: (parts[i].opens or parts[i].hard or parts[i].value
                                                       or parts[i].withholds,
                                                       abs(parts[i].logit)), reverse=True)
    kept, pooled = order[:MAX_EXACT - 1], order[MAX_EXACT - 1:]
    pool = Part(sum(parts[i].logit for i in pooled), opens=any(parts[i].opens for i in pooled),
                hard=any(parts[i].hard for i in pooled), value=any(parts[i].value for i in pooled),
                withholds=any(parts[i].withholds for i in pooled))
    return [parts[i] for i in kept] + [pool], [[i] for i in kept] + [pooled]


def _opens(players: list[Part], member: np.ndarray) -> np.ndarray:
    return member[:, [p.opens for p in players]].any(axis=1) if players else np.zeros(len(member), dtype=bool)


def _floored(players: list[Part], member: np.ndarray) -> np.ndarray:
    if not players:
        return np.zeros(len(member), dtype=bool)
    hard = member[:, [p.hard for p in players]].any(axis=1)
    value = member[:, [p.value for p in players]].any(axis=1)
    withheld = member[:, [p.withholds for p in players]].any(axis=1)
    return (hard & ~value) | withheld


def _values(gate: Gate, players: list[Part], member: np.ndarray) -> np.ndarray:
    logits = gate.intercept + member.astype(float) @ np.array([p.logit for p in players], dtype=float)
    return gate.scores(logits, _opens(players, member), _floored(players, member))


def _shapley(values: np.ndarray, member: np.ndarray, k: int) -> np.ndarray:
    if k == 0:
        return np.zeros(0)
    sizes = member.sum(axis=1)
    weight = np.array([math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k) for s in range(k)])
    masks = np.arange(2 ** k)
    out = np.empty(k)
    for i in range(k):
        without = masks[(masks >> i) & 1 == 0]
        out[i] = float(weight[sizes[without]] @ (values[without | (1 << i)] - values[without]))
    return out


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
