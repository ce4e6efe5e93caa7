"""Landed costs: freight, duty, insurance paid for a delivery on top of its lines' prices. The
charge is spread over the receipt's lines — by value unless the person says by quantity or by
weight — and becomes part of what those goods cost from the day they were received; costing
takes it from there (the goods already sold are costed again, an open period's way)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from posapp.domain.actors import NotPermitted
from posapp.domain.costing import LandedBasis, ReceiptLineShare, allocate_landed, half_up
from posapp.domain.numbers import MAX_AMOUNT_MINOR
from posapp.domain.permissions import Permission
from posapp.domain.stock import DocumentType, StockDocument
from posapp.services.shared import Clock, FieldError, IdFactory, UnitOfWork, text_field
from posapp.services.stock.bills import received_receipt
from posapp.services.stock.drafts import acting
from posapp.services.stock.sharing import share_landed_cost


@dataclass(frozen=True)
class LandedCostAdded:
    receipt: str
    amount_minor: int
    shares: tuple[tuple[str, int], ...]  # (sku, its part)
    charged_minor: int  # all the receipt's landed costs so far


def add_landed_cost(
    uow: UnitOfWork,
    *,
    receipt_number: str,
    description: str,
    amount_minor: int,
    basis: LandedBasis,
    clock: Clock,
    new_id: IdFactory,
) -> LandedCostAdded:
    """Refused (FieldError, nothing written) for a receipt not yet received or in a closed
    costing period, an amount of nothing or more than posapp holds, or weight for goods that
    are not weighed."""
    what = text_field({"description": description}, "description", required=True, limit=100)
    if not 0 < amount_minor <= MAX_AMOUNT_MINOR:
        raise FieldError("amount", str(amount_minor), "is not an amount a charge can be")
    with uow:
        by = acting(uow, DocumentType.GOODS_RECEIPT)
        assert uow.actor is not None
        if not uow.actor.may(Permission.RECEIVE_STOCK):
            raise NotPermitted(
                f"{by} ({uow.actor.role}) may not add a landed cost to a goods receipt: that "
                f"needs a role with {Permission.RECEIVE_STOCK.value}"
            )
        receipt = _open_receipt(uow, receipt_number)
        shares = [
            ReceiptLineShare(
                half_up((line.unit_cost_minor or 0) * line.quantity_milli, 1000),
                line.quantity_milli,
                _weight(uow, line.product_id, line.quantity_milli, basis),
            )
            for _, line in receipt.lines
        ]
        parts = allocate_landed(amount_minor, shares, basis)
        charge_id, now = new_id(), clock.now()
        line_parts = list(zip([line_id for line_id, _ in receipt.lines], parts, strict=True))
        uow.receipt_costs.add_charge(
            charge_id,
            document_id=receipt.id,
            description=what,
            amount_minor=amount_minor,
            basis=basis.value,
            shares=line_parts,
            by=by,
            at=now,
        )
        charge = (what, amount_minor, basis.value)
        share_landed_cost(
            uow, charge_id, receipt, charge, line_parts, by=by, now=now, new_id=new_id
        )
        charged = uow.receipt_costs.charged_minor(receipt.id)
        skus = [uow.catalogue.sku_of(line.product_id) or "?" for _, line in receipt.lines]
        uow.commit()
    return LandedCostAdded(
        receipt.number, amount_minor, tuple(zip(skus, parts, strict=True)), charged
    )


def _open_receipt(uow: UnitOfWork, number: str) -> StockDocument:
    """The goods receipt a charge may be added to: received, and costed in the open period."""
    receipt = received_receipt(uow, number)
    closed = uow.receipt_costs.closed_through([line_id for line_id, _ in receipt.lines])
    if closed is not None:
        raise FieldError(
            "receipt",
            number,
            f"was costed in the period closed through {closed.isoformat()}: its goods' costs "
            "are final",
        )
    return receipt


def _weight(uow: UnitOfWork, product_id: uuid.UUID, quantity_milli: int, basis: LandedBasis) -> int:
    """A weighed product's quantity is its weight (grams); piece goods carry none."""
    if basis is not LandedBasis.WEIGHT:
        return 0
    product = uow.catalogue.editable(product_id)
    if product is None or not product.weighed:
        sku = uow.catalogue.sku_of(product_id) or "?"
        raise FieldError("basis", "weight", f"{sku} is sold by the piece: spread by value")
    return quantity_milli
