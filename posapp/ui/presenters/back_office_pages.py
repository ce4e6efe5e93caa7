"""Which back-office pages a person sees, without Qt: those whose work their role has. The
services refuse what a role may not do whatever the screen shows; this keeps a stock clerk's
screen to goods in and stock, and an accountant's to what they read."""

from __future__ import annotations

from collections.abc import Callable

from posapp.domain.permissions import Permission as P

_CATALOGUE = frozenset({P.MANAGE_CATALOGUE, P.PURCHASE, P.VIEW_REPORTS})
_STOCK = frozenset(
    {P.RECEIVE_STOCK, P.ADJUST_STOCK, P.PURCHASE, P.MANAGE_CATALOGUE, P.VIEW_REPORTS}
)
_CASH = frozenset({P.VIEW_REPORTS, P.MANAGE_USERS})

# Page → the permissions any one of which opens it, in the order the pages are listed.
PAGE_WORK: dict[str, frozenset[P]] = {
    "Dashboard": frozenset({P.VIEW_REPORTS}),
    "Products": _CATALOGUE,
    "Price lists": _CATALOGUE,
    "Promotions": _CATALOGUE,
    "Customers": _CATALOGUE,
    "Suppliers": _CATALOGUE,
    "Stock": _STOCK,
    "Goods in and adjustments": frozenset({P.RECEIVE_STOCK, P.ADJUST_STOCK, P.PURCHASE}),
    "Stock counts": frozenset({P.RECEIVE_STOCK, P.ADJUST_STOCK}),
    "Suppliers' accounts": frozenset({P.PAYABLES, P.PURCHASE}),
    "Costs and profit": frozenset({P.VIEW_REPORTS}),
    "Reports": frozenset({P.VIEW_REPORTS}),
    "Chain": frozenset({P.VIEW_REPORTS}),  # head office's lists of every store
    "People": frozenset({P.MANAGE_USERS}),
    "Workflows": frozenset({P.MANAGE_USERS}),
    "Settings": frozenset({P.MANAGE_USERS, P.DEVICE_SETTINGS, P.MANAGE_CATALOGUE}),
    "Shifts and Z reports": _CASH,
    "Journal": _CASH,
    "Head office sync": _CASH,
}


def pages_for(may: Callable[[str], bool]) -> list[str]:
    """The pages, in their order, that a person who `may` do what they may sees."""
    return [page for page, work in PAGE_WORK.items() if any(may(p) for p in work)]
