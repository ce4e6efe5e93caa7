"""Stock: documents that move goods besides the till's sales (goods receipts, stock
adjustments; purchase orders, counts and transfers to come), their workflow held as data, and
what the stock screens read (stock on hand, a product's movements)."""

from posapp.services.stock.documents import (
    DraftHeader,
    DraftLine,
    change_status,
    create_document,
    read_lines,
    save_draft,
)
from posapp.services.stock.places import add_location, set_limits
from posapp.services.stock.stock_admin import (
    DocumentRow,
    DocumentView,
    MovementRow,
    StockAdmin,
    StockRow,
)

__all__ = [
    "DocumentRow",
    "DocumentView",
    "DraftHeader",
    "DraftLine",
    "MovementRow",
    "StockAdmin",
    "StockRow",
    "add_location",
    "change_status",
    "create_document",
    "read_lines",
    "save_draft",
    "set_limits",
]
