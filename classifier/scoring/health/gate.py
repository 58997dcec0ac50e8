"""Which plan-health checks fail a run (``--fail-on-plan``, or ``fail_on`` in ``[plan]``).

>>> parse_checks("selling, duplicates")
('selling', 'duplicates')
>>> parse_checks("any") == CHECK_IDS, parse_checks("never")
(True, ())
"""

from __future__ import annotations

from collections.abc import Iterable

from classifier.errors import PostcheckError
from classifier.scoring.health import texts
from classifier.scoring.health.model import Finding, PlanHealth

CHECK_IDS = tuple(texts.CHECKS)
ANY, NEVER = "any", "never"


class UnknownCheck(PostcheckError):
    """A check id that does not exist (a usage error)."""


def parse_checks(value: str | Iterable[str]) -> tuple[str, ...]:
    """Check ids from «selling,duplicates», «any» (every check) or «never» (none), in the given order."""
    names = value.split(",") if isinstance(value, str) else list(value)
    found: list[str] = []
    for name in (n.strip().lower() for n in names):
        if name == ANY:
            return CHECK_IDS
        if name in ("", NEVER):
            continue
        if name not in CHECK_IDS:
            raise UnknownCheck(f"нет проверки плана «{name}». Допустимы: {', '.join(CHECK_IDS)}, а также "
                               f"{ANY} (любая) и {NEVER} (никогда).")
        if name not in found:
            found.append(name)
    return tuple(found)


def failed(health: PlanHealth | None, checks: Iterable[str]) -> list[Finding]:
    """The plan's problems among ``checks``."""
    wanted = set(checks)
    return [f for f in health.problems if f.id in wanted] if health is not None else []
