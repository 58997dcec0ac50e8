"""Per-team scoring settings: thresholds, disabled signals, brand names, extra phrases."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    ok_threshold: float | None = None  # None: the model's own thresholds
    rewrite_threshold: float | None = None
    disabled_signals: frozenset[str] = frozenset()
    brand_names: frozenset[str] = frozenset()  # lower-case words of the brand's own names
    extra_phrases: dict[str, float] = field(default_factory=dict)  # phrase -> score points
