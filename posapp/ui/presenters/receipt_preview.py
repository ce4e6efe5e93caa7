"""The on-screen receipt preview: the printer's layout, as text."""

from __future__ import annotations

from posapp.domain.sale import SaleDocument
from posapp.services.receipts import as_text, receipt_layout


def receipt_text(doc: SaleDocument, *, store_name: str, cashier: str) -> str:
    return as_text(receipt_layout(doc, store_name=store_name, cashier=cashier))
