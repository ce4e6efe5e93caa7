"""Completed sale and return documents: immutable values, built from a basket and a settlement.

A return is the same kind of document with negative quantities, amounts and tenders, pointing at
the sale it corrects; a sale is never edited once completed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from posapp.domain.basket import BasketTotals
from posapp.domain.money import Money
from posapp.domain.payment import Settlement, Tender
from posapp.domain.quantity import Quantity
from posapp.domain.tax import PriceMode


class DocumentKind(Enum):
    SALE = "SALE"
    RETURN = "RETURN"


# Flags a manager reviews: a return nobody can match to a receipt.
FLAG_NO_RECEIPT = "no_receipt"


@dataclass(frozen=True, slots=True)
class DocumentLine:
    line_id: uuid.UUID
    line_no: int
    product_id: uuid.UUID
    sku: str
    name: str
    unit: str
    quantity: Quantity  # negative on a return
    list_price: Money  # the catalogue price at the time
    unit_price: Money  # the price charged per unit
    line_discount: Money
    basket_discount: Money
    amount: Money  # what the line cost the customer, after discounts (negative on a return)
    net: Money
    tax: Money
    taxes: tuple[tuple[str, int, Money], ...]  # (rate code, ppm, tax), sorted by code
    original_line_id: uuid.UUID | None = None
    price_note: str = ""  # why this price: "VIP group", "3 for 2"


@dataclass(frozen=True, slots=True)
class SaleDocument:
    id: uuid.UUID
    number: str
    kind: DocumentKind
    store_id: uuid.UUID
    terminal_code: str
    location_id: uuid.UUID
    cashier_id: uuid.UUID
    created_at: datetime
    currency: str
    price_mode: PriceMode
    lines: tuple[DocumentLine, ...]
    tenders: tuple[Tender, ...]
    subtotal: Money
    discount: Money
    net: Money
    tax: Money
    total: Money  # Σ line amounts
    rounding: Money  # cash rounding; Σ tenders = total + rounding
    original_id: uuid.UUID | None = None
    flags: tuple[str, ...] = ()
    customer_id: uuid.UUID | None = None  # the customer attached at the till

    @property
    def paid(self) -> Money:
        return self.total + self.rounding


@dataclass(frozen=True, slots=True)
class DocumentHeader:
    """Who, where and when: the parts of a document that do not come from the basket."""

    id: uuid.UUID
    number: str
    store_id: uuid.UUID
    terminal_code: str
    location_id: uuid.UUID
    cashier_id: uuid.UUID
    created_at: datetime


def build_sale(
    header: DocumentHeader,
    totals: BasketTotals,
    settlement: Settlement,
    *,
    price_mode: PriceMode,
    customer_id: uuid.UUID | None = None,
) -> SaleDocument:
    lines = tuple(
        DocumentLine(
            line_id=priced.line.line_id,
            line_no=number,
            product_id=priced.line.item.product_id,
            sku=priced.line.item.sku,
            name=priced.line.item.name,
            unit=priced.line.item.unit,
            quantity=priced.line.quantity,
            list_price=priced.line.item.price,
            unit_price=priced.unit_price,
            line_discount=priced.line_discount,
            basket_discount=priced.basket_discount,
            amount=priced.amount,
            net=priced.tax.net,
            tax=priced.tax.tax,
            taxes=tuple(
                sorted(
                    (rate.code, rate.rate_ppm, amount)
                    for rate, (_, amount) in zip(
                        priced.line.item.tax_rates, priced.tax.tax_by_rate, strict=True
                    )
                )
            ),
            price_note=priced.price_reason,
        )
        for number, priced in enumerate(totals.lines, start=1)
    )
    return SaleDocument(
        id=header.id,
        number=header.number,
        kind=DocumentKind.SALE,
        store_id=header.store_id,
        terminal_code=header.terminal_code,
        location_id=header.location_id,
        cashier_id=header.cashier_id,
        created_at=header.created_at,
        currency=totals.total.currency,
        price_mode=price_mode,
        lines=lines,
        tenders=settlement.tenders,
        subtotal=totals.subtotal,
        discount=totals.discount,
        net=totals.net,
        tax=totals.tax,
        total=totals.total,
        rounding=settlement.rounding,
        customer_id=customer_id,
    )
