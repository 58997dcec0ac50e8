"""The ``[plan]`` table of the settings: plan-health norms and the checks that fail a run.

Shares are written in percent, as people say them::

    [plan]
    max_selling_share = 20      # at most 20% selling posts (the 80/20 rule)
    max_selling_run = 2         # selling posts in a row
    max_giveaway_share = 10
    min_question_share = 20
    max_posts_per_day = 3
    max_silence_days = 7
    duplicate_similarity = 60   # word overlap (Jaccard, %) from which two posts are near duplicates
    fail_on = ["selling", "duplicates"]   # as --fail-on-plan: exit code 4 when these fail

>>> norms, checks = plan_settings({"max_selling_share": 25, "fail_on": ["duplicates"]}, str)
>>> norms.max_selling_share, norms.max_posts_per_day, checks
(0.25, 3, ('duplicates',))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from classifier.errors import ConfigError, PostcheckError
from classifier.scoring.health.gate import parse_checks
from classifier.scoring.health.norms import PlanNorms

PERCENT_KEYS = ("max_selling_share", "max_giveaway_share", "min_question_share", "duplicate_similarity")
COUNT_KEYS = ("max_selling_run", "max_posts_per_day", "max_silence_days")
PLAN_KEYS = (*PERCENT_KEYS, *COUNT_KEYS, "fail_on")


def plan_settings(table: object, at: Callable[[str], str]) -> tuple[PlanNorms, tuple[str, ...] | None]:
    """The norms and the failing checks of a ``[plan]`` table; ``at(key)`` names the place of a key."""
    if not isinstance(table, dict):
        raise ConfigError(f"{at('plan')}: plan — это таблица [plan] с нормами контент-плана.")
    unknown = sorted(set(table) - set(PLAN_KEYS))
    if unknown:
        raise ConfigError(f"{at(unknown[0])}: неизвестные настройки в [plan]: {', '.join(unknown)}. "
                          f"Допустимы: {', '.join(PLAN_KEYS)}.")
    changes: dict[str, float | int] = {}
    for key in PERCENT_KEYS:
        if key in table:
            changes[key] = _percent(table[key], key, at) / 100
    for key in COUNT_KEYS:
        if key in table:
            changes[key] = _count(table[key], key, at)
    checks = None
    if "fail_on" in table:
        value = table["fail_on"]
        if not isinstance(value, (str, list)) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{at('fail_on')}: fail_on в [plan] — список проверок, например "
                              'fail_on = ["selling", "duplicates"].')
        try:
            checks = parse_checks(value)
        except PostcheckError as err:
            raise ConfigError(f"{at('fail_on')}: {err}") from None
    return replace(PlanNorms(), **changes), checks


def _percent(value: object, key: str, at: Callable[[str], str]) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise ConfigError(f"{at(key)}: {key} — процент от 0 до 100, например {key} = 20.")
    return float(value)


def _count(value: object, key: str, at: Callable[[str], str]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{at(key)}: {key} — целое число от 1, например {key} = 3.")
    return value
