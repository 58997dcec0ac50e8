"""Per-team scoring settings: thresholds, disabled signals, brand names, extra phrases, ad marking."""

from __future__ import annotations

from dataclasses import dataclass, field

WARN, REQUIRE, OFF = "warn", "require", "off"
MARKING_MODES = (WARN, REQUIRE, OFF)


@dataclass(frozen=True)
class MarkingPolicy:
    """How the ad-marking check behaves (``ad_marking`` and ``[advertiser]`` in the settings).

    ``warn``: advert-like posts without full marking get a warning; ``require``: such a post
    is also flagged for the exit code; ``off``: no check.
    """

    mode: str = WARN
    advertiser_name: str | None = None  # the team's own advertiser, as it should appear in the marking
    advertiser_inn: str | None = None  # its ИНН, 10 or 12 digits


@dataclass(frozen=True)
class Settings:
    ok_threshold: float | None = None  # None: the model's own thresholds
    rewrite_threshold: float | None = None
    disabled_signals: frozenset[str] = frozenset()
    brand_names: frozenset[str] = frozenset()  # lower-case words of the brand's own names
    extra_phrases: dict[str, float] = field(default_factory=dict)  # phrase -> score points
    marking: MarkingPolicy = MarkingPolicy()
