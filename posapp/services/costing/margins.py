"""Who may see what goods cost and what a sale earned: those whose role may see reports (the
till's provisional margin will ask the same). Refused with NotPermitted, naming the role."""

from __future__ import annotations

from posapp.domain.actors import Actor, NotPermitted
from posapp.domain.permissions import Permission


def may_see_margins(actor: Actor | None) -> None:
    """None is the shop's own command line with no one signed in: whoever holds the file."""
    if actor is not None and not actor.may(Permission.VIEW_REPORTS):
        raise NotPermitted(
            f"{actor.name} ({actor.role}) may not see costs and margins: that needs a role "
            f"with {Permission.VIEW_REPORTS.value}"
        )
