"""Transfers for the commands and screens: between locations, out to another store, in from
one (and what is in transit here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text

from posapp.bootstrap.node import Node
from posapp.bootstrap.stock import create, move
from posapp.domain.stock import (
    TRANSIT,
    AdjustmentReason,
    DocumentType,
    StockDocument,
    location_id_of,
)
from posapp.services import stock


def between_locations(
    node: Node, header: stock.DraftHeader, lines: Sequence[stock.DraftLine]
) -> StockDocument:
    document = create(node, DocumentType.TRANSFER, header, lines)
    return move(node, document.id, "transferred")


def send(node: Node, header: stock.DraftHeader, lines: Sequence[stock.DraftLine]) -> StockDocument:
    """A transfer out to `header.to_store`, made and sent at once."""
    document = create(node, DocumentType.TRANSFER_OUT, header, lines)
    return move(node, document.id, "sent")


def receive(
    node: Node,
    from_store: str,
    number: str,
    lines: Sequence[stock.DraftLine] | None,
    location: str | None,
    short_reason: AdjustmentReason | None,
) -> stock.TransferReceived:
    return stock.receive_transfer(
        node.unit_of_work(),
        from_store=from_store,
        number=number,
        lines=lines,
        location_code=location,
        short_reason=short_reason,
        terminal_code=node.settings.terminal_code,
        clock=node.clock,
        new_id=node.new_id,
    )


def settle(node: Node, from_store: str, number: str, reason: AdjustmentReason) -> list[str]:
    return stock.settle_transfer(
        node.unit_of_work(),
        from_store=from_store,
        number=number,
        reason=reason,
        terminal_code=node.settings.terminal_code,
        clock=node.clock,
        new_id=node.new_id,
    )


@dataclass(frozen=True)
class InTransit:
    from_store: str
    number: str
    lines: int
    sent_milli: int  # 0: received blind, the transfer itself not here yet
    left_milli: int  # still in transit (negative: more came than was sent)


def in_transit(node: Node) -> list[InTransit]:
    """Transfers to this store with goods still in transit, or received with a difference."""
    transit = location_id_of(node.settings.store_code, TRANSIT)
    with node.store.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT coalesce(m.origin_document, d.reference) AS what, m.origin, "
                "m.product_id, m.quantity_milli FROM stock_movements m "
                "LEFT JOIN stock_documents d ON d.id = m.document_id "
                "WHERE m.location_id = :transit"
            ),
            {"transit": transit.hex},
        ).all()
    found: dict[tuple[str, str], dict[str, dict[str, int]]] = {}
    for what, origin, product, quantity in rows:
        if origin is not None:
            key = (origin, what)
        else:
            store, _, number = str(what).partition(" ")
            key = (store, number)
        line = found.setdefault(key, {}).setdefault(product, {"sent": 0, "left": 0})
        line["left"] += quantity
        if origin is not None:
            line["sent"] += quantity
    return [
        InTransit(
            store,
            number,
            len(products),
            sum(p["sent"] for p in products.values()),
            sum(p["left"] for p in products.values()),
        )
        for (store, number), products in sorted(found.items())
        if any(p["left"] for p in products.values())
    ]
