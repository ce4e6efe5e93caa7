"""Selling at the till: checkout, returns, parked sales, receipts, the till's actions as the
window calls them, and the simulator that trades through the same services."""

from posapp.services.selling.checkout import SaleCompleted
from posapp.services.selling.receipts import (
    Align,
    PrinterUnavailable,
    ReceiptLayout,
    ReceiptPrinter,
    as_text,
    shift_report_layout,
)
from posapp.services.selling.returns import (
    ORIGINAL_TENDER,
    RecentReceipt,
    ReturnableSale,
    ReturnCompleted,
)
from posapp.services.selling.simulation import Simulator
from posapp.services.selling.till_actions import TillActions

__all__ = [
    "ORIGINAL_TENDER",
    "Align",
    "PrinterUnavailable",
    "ReceiptLayout",
    "ReceiptPrinter",
    "RecentReceipt",
    "ReturnCompleted",
    "ReturnableSale",
    "SaleCompleted",
    "Simulator",
    "TillActions",
    "as_text",
    "shift_report_layout",
]
