"""What plan health needs to know about one row: its verdict, whether it sells, runs a
giveaway or asks the audience, its date and rubric.

Signal ids come from the signal declarations themselves, so a renamed signal cannot
silently drop out of a check.

>>> from classifier.scoring.cells import CellScore
>>> cell = CellScore(score=12.0, verdict="ok", signals=(junk.discount.id, value.audience_question.id))
>>> row = plan_row(3, cell)
>>> row.selling, row.giveaway, row.asks, row.sheet_row
(True, False, True, 4)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from classifier.scoring.cells import CellScore
from classifier.scoring.plan import sheet_row
from classifier.signals import junk, value

REWRITE = "rewrite"
SALES_SIGNALS = frozenset(s.id for s in (
    junk.buy_call, junk.contact_call, junk.link_push, junk.discount, junk.price, junk.promo_code, junk.urgency,
))
GIVEAWAY_SIGNALS = frozenset({junk.giveaway.id})
QUESTION_SIGNALS = frozenset({value.audience_question.id, value.comment_invite.id})


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One row of the plan as the health checks see it (``verdict`` None: not scored)."""

    number: int  # 1-based data row
    verdict: str | None
    selling: bool = False
    giveaway: bool = False
    asks: bool = False
    when: datetime | None = None
    rubric: str = ""

    @property
    def scored(self) -> bool:
        return self.verdict is not None

    @property
    def sheet_row(self) -> int:
        return sheet_row(self.number)


def is_selling(cell: CellScore) -> bool:
    """A selling post: verdict «rewrite», or its strongest reason is a sales signal (a call to
    buy, call or click; a discount, price or promo code; urgency), however calm the post."""
    return cell.verdict == REWRITE or bool(cell.signals) and cell.signals[0] in SALES_SIGNALS


def plan_row(number: int, cell: CellScore, when: datetime | None = None, rubric: str = "") -> PlanRow:
    """The health view of a scored (or unscorable) row."""
    if not cell.scored:
        return PlanRow(number, None, when=when, rubric=rubric)
    signals = set(cell.signals)
    return PlanRow(
        number, cell.verdict, selling=is_selling(cell), giveaway=bool(signals & GIVEAWAY_SIGNALS),
        asks=bool(signals & QUESTION_SIGNALS), when=when, rubric=rubric,
    )
