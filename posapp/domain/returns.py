"""Returns: against a receipt (at the price paid) or without one (at today's price, flagged).

A line is refunded at the price actually paid, discounts included. Partial returns are
proportional and rounded; returning the last remaining units refunds exactly what is left of the
line's amount, so all the returns of a line add up to what was paid for it, never a cent more.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from posapp.domain.basket import BasketTotals
from posapp.domain.errors import NotReturnable
from posapp.domain.money import Money
from posapp.domain.payment import Settlement
from posapp.domain.quantity import Quantity
from posapp.domain.sale import (
    FLAG_NO_RECEIPT,
    DocumentHeader,
    DocumentKind,
    DocumentLine,
    SaleDocument,
    build_sale,
)
from posapp.domain.tax import PriceMode, TaxableLine, TaxRate, TaxRounding, compute_tax


@dataclass(frozen=True, slots=True)
class AlreadyReturned:
    """What earlier returns took back from one original line (positive numbers)."""

    quantity: Quantity
    amount: Money


@dataclass(frozen=True, slots=True)
class ReturnableLine:
    line: DocumentLine
    returned: AlreadyReturned

    @property
    def remaining(self) -> Quantity:
        return self.line.quantity - self.returned.quantity


def returnable_lines(
    sale: SaleDocument, returned: Mapping[uuid.UUID, AlreadyReturned]
) -> tuple[ReturnableLine, ...]:
    if sale.kind is not DocumentKind.SALE:
        raise NotReturnable(f"{sale.number} is a return; only sales can be returned")
    nothing = AlreadyReturned(Quantity.of(0), Money.zero(sale.currency))
    return tuple(ReturnableLine(line, returned.get(line.line_id, nothing)) for line in sale.lines)


def refund_amount(returnable: ReturnableLine, quantity: Quantity) -> Money:
    """The (positive) refund for returning `quantity` of this line now."""
    if quantity.value <= 0:
        raise NotReturnable(f"quantity to return must be more than 0, got {quantity}")
    if quantity > returnable.remaining:
        raise NotReturnable(
            f"only {returnable.remaining} of {returnable.line.name!r} can still be returned, "
            f"not {quantity}"
        )
    if quantity == returnable.remaining:
        return returnable.line.amount - returnable.returned.amount
    return returnable.line.amount.multiply(quantity.value / returnable.line.quantity.value)


def _return_line(
    original: DocumentLine,
    quantity: Quantity,
    refund: Money,
    *,
    line_id: uuid.UUID,
    line_no: int,
    mode: PriceMode,
    rounding: TaxRounding,
) -> DocumentLine:
    """The negative line that gives back `quantity` of `original` for `refund`; its tax is
    worked out on the refund itself, as a credit note's would be."""
    rates = tuple(TaxRate(code, ppm) for code, ppm, _ in original.taxes)
    tax = compute_tax(
        [TaxableLine(-refund, rates)], mode=mode, rounding=rounding, currency=refund.currency
    ).lines[0]
    share = quantity.value / original.quantity.value
    return replace(
        original,
        line_id=line_id,
        line_no=line_no,
        quantity=-quantity,
        line_discount=-original.line_discount.multiply(share),
        basket_discount=-original.basket_discount.multiply(share),
        amount=-refund,
        net=tax.net,
        tax=tax.tax,
        taxes=tuple(
            sorted(
                (r.code, r.rate_ppm, t) for r, (_, t) in zip(rates, tax.tax_by_rate, strict=True)
            )
        ),
        original_line_id=original.line_id,
    )


def _sum(
    lines: Sequence[DocumentLine], field: Callable[[DocumentLine], Money], currency: str
) -> Money:
    return Money(sum(field(line).minor for line in lines), currency)


def build_return(
    header: DocumentHeader,
    sale: SaleDocument,
    returned: Mapping[uuid.UUID, AlreadyReturned],
    selection: Sequence[tuple[uuid.UUID, Quantity]],
    settle_refund: Callable[[Money], Settlement],
    *,
    new_id: Callable[[], uuid.UUID],
    tax_rounding: TaxRounding = TaxRounding.PER_LINE,
) -> SaleDocument:
    """A return document for `selection` (original line id, quantity) of `sale`."""
    if not selection:
        raise NotReturnable("choose at least one line to return")
    by_id = {r.line.line_id: r for r in returnable_lines(sale, returned)}
    lines = []
    for line_no, (line_id, quantity) in enumerate(selection, start=1):
        if line_id not in by_id:
            raise NotReturnable(f"line {line_id} is not on sale {sale.number}")
        refund = refund_amount(by_id[line_id], quantity)
        lines.append(
            _return_line(
                by_id[line_id].line,
                quantity,
                refund,
                line_id=new_id(),
                line_no=line_no,
                mode=sale.price_mode,
                rounding=tax_rounding,
            )
        )
    currency = sale.currency
    total = _sum(lines, lambda line: line.amount, currency)
    settlement = settle_refund(total)
    discount = Money(sum(x.line_discount.minor + x.basket_discount.minor for x in lines), currency)
    return SaleDocument(
        id=header.id,
        number=header.number,
        kind=DocumentKind.RETURN,
        store_id=header.store_id,
        terminal_code=header.terminal_code,
        location_id=header.location_id,
        cashier_id=header.cashier_id,
        created_at=header.created_at,
        currency=currency,
        price_mode=sale.price_mode,
        lines=tuple(lines),
        tenders=settlement.tenders,
        subtotal=total + discount,
        discount=discount,
        net=_sum(lines, lambda line: line.net, currency),
        tax=_sum(lines, lambda line: line.tax, currency),
        total=total,
        rounding=settlement.rounding,
        original_id=sale.id,
        customer_id=sale.customer_id,  # what comes back to an account is credited to it
    )


def build_unreceipted_return(
    header: DocumentHeader,
    totals: BasketTotals,
    settle_refund: Callable[[Money], Settlement],
    *,
    price_mode: PriceMode,
) -> SaleDocument:
    """Goods brought back with no receipt, refunded at today's price (the basket's) and flagged
    for a manager to review."""
    settlement = settle_refund(-totals.total)
    as_sale = build_sale(header, totals, settlement, price_mode=price_mode)
    lines = tuple(
        replace(
            line,
            quantity=-line.quantity,
            line_discount=-line.line_discount,
            basket_discount=-line.basket_discount,
            amount=-line.amount,
            net=-line.net,
            tax=-line.tax,
            taxes=tuple((code, ppm, -tax) for code, ppm, tax in line.taxes),
        )
        for line in as_sale.lines
    )
    return replace(
        as_sale,
        kind=DocumentKind.RETURN,
        lines=lines,
        subtotal=-as_sale.subtotal,
        discount=-as_sale.discount,
        net=-as_sale.net,
        tax=-as_sale.tax,
        total=-as_sale.total,
        flags=(FLAG_NO_RECEIPT,),
    )
