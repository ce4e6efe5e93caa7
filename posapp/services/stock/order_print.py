"""What a purchase order says on paper: from the shop to the supplier, with the supplier's own
codes beside ours, quantities, prices, the total and the supplier's terms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from posapp.domain.money import Money


@dataclass(frozen=True)
class OrderLinePrint:
    sku: str
    name: str
    supplier_code: str  # theirs, from the supplier's catalogue; ours when they have none
    quantity: str  # in our unit, as typed
    unit: str
    unit_cost: Money | None
    amount: Money | None  # quantity × unit cost
    packs: str = ""  # "4 × 12" when the supplier sells it in packs (and it fills whole packs)


@dataclass(frozen=True)
class PurchaseOrderPrint:
    number: str
    status: str
    date: datetime
    reference: str
    shop_name: str
    shop_address: tuple[str, ...]
    shop_tax_number: str
    deliver_to: str  # the location's name
    supplier_code: str
    supplier_name: str
    supplier_contacts: tuple[str, ...]  # "name · phone · e-mail"
    payment_terms_days: int
    lead_time_days: int
    lines: tuple[OrderLinePrint, ...]
    total: Money | None  # None when a line has no price
