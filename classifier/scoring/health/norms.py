"""The norms a content plan is measured against; a team changes them in ``[plan]`` of its settings.

The default share of selling posts follows the 80/20 rule of thumb of SMM practice: at
least four posts in five serve the reader (advice, stories, news, entertainment), at most
one in five sells. The other defaults are postcheck's own choices for a brand community.
"""

from __future__ import annotations

from dataclasses import dataclass

SELLING_RULE = "80/20"


@dataclass(frozen=True)
class PlanNorms:
    """Limits of a healthy plan; shares are fractions (0.2 = 20 %)."""

    max_selling_share: float = 0.20  # the 80/20 rule: at most one post in five sells
    max_selling_run: int = 2  # more selling posts in a row than this is a run worth breaking
    max_giveaway_share: float = 0.10  # at most one post in ten is a giveaway or contest
    min_question_share: float = 0.20  # at least one post in five asks the audience something
    max_posts_per_day: int = 3
    max_silence_days: int = 7  # more days than this without a post is a long silence
    duplicate_similarity: float = 0.6  # Jaccard similarity of word sets from which posts are near duplicates
