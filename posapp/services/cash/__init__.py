"""Cash: shifts (open, X and Z reports, blind close with over/short), the drawer (no sale, cash in
and out above the limit, voids), and the rule that money moves only in an open shift."""

from posapp.services.cash.cash_drawer import record_no_sale, record_void
from posapp.services.cash.shifts import (
    OverShortNeedsApproval,
    ShiftReport,
    cash_movement,
    close_shift,
    open_shift,
    require_open_shift,
    x_report,
)

__all__ = [
    "OverShortNeedsApproval",
    "ShiftReport",
    "cash_movement",
    "close_shift",
    "open_shift",
    "record_no_sale",
    "record_void",
    "require_open_shift",
    "x_report",
]
