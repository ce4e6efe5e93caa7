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

__all__ = [
    "DraftHeader",
    "DraftLine",
    "change_status",
    "create_document",
    "read_lines",
    "save_draft",
]
