"""Who may see what goods cost and what a sale earned.

Costs and profit of recorded documents (`posapp cost why`, valuation): roles that may see
reports. The margin of the basket being rung up at the till: roles with "see margin", and it is
provisional — priced at each product's last cost (posapp.domain.costing.provisional)."""

from __future__ import annotations

from posapp.domain.actors import Actor, NotPermitted
from posapp.domain.basket import BasketTotals
from posapp.domain.costing.provisional import ProvisionalMargin, provisional_margin
from posapp.domain.permissions import Permission
from posapp.services.shared import TillContext


def may_see_margins(actor: Actor | None) -> None:
    """None is the shop's own command line with no one signed in: whoever holds the file."""
    if actor is not None and not actor.may(Permission.VIEW_REPORTS):
        raise NotPermitted(
            f"{actor.name} ({actor.role}) may not see costs and margins: that needs a role "
            f"with {Permission.VIEW_REPORTS.value}"
        )


def till_margin(till: TillContext, totals: BasketTotals) -> ProvisionalMargin | None:
    """The basket's provisional margin for the signed-in cashier, or None when their role may
    not see it (the till then shows no trace of cost at all)."""
    if not till.may(Permission.SEE_MARGIN):
        return None
    return provisional_margin(totals.lines, till.currency)
