"""Stock counts for the commands and screens: start, count, post, and what a count shows."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text

from posapp.bootstrap.node import Node
from posapp.domain.quantity import Quantity
from posapp.services import stock


@dataclass(frozen=True)
class CountLineView:
    sku: str
    name: str
    book_milli: int | None  # None on a blind count until it is posted
    counted_milli: int | None
    expected_milli: int | None  # what the ledger held when it was counted (after posting)


def start(
    node: Node, location: str | None, category: str | None, blind: bool
) -> stock.CountStarted:
    return stock.start_count(
        node.unit_of_work(),
        location_code=location,
        category=category,
        blind=blind,
        terminal_code=node.settings.terminal_code,
        clock=node.clock,
        new_id=node.new_id,
    )


def count(node: Node, document_id: uuid.UUID, counted: Sequence[tuple[str, int]], add: bool) -> int:
    return stock.count_items(
        node.unit_of_work(), document_id=document_id, counted=counted, add=add, clock=node.clock
    )


def post(node: Node, document_id: uuid.UUID, uncounted_zero: bool) -> list[str]:
    return stock.post_count(
        node.unit_of_work(),
        document_id=document_id,
        uncounted_zero=uncounted_zero,
        clock=node.clock,
        new_id=node.new_id,
    )


def lines(node: Node, document_id: uuid.UUID) -> list[CountLineView]:
    """The count's lines by SKU; the book hidden while a blind count is open."""
    with node.store.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT p.sku, p.name, l.book_milli, l.counted_milli, l.expected_milli, c.blind, "
                "d.status FROM stock_count_lines l JOIN stock_counts c "
                "ON c.document_id = l.document_id JOIN stock_documents d ON d.id = c.document_id "
                "JOIN products p ON p.id = l.product_id WHERE l.document_id = :id ORDER BY p.sku"
            ),
            {"id": document_id.hex},
        ).all()
    return [
        CountLineView(
            row.sku,
            row.name,
            None if row.blind and row.status == "counting" else row.book_milli,
            row.counted_milli,
            row.expected_milli,
        )
        for row in rows
    ]


class NodeCounts:
    """CountsAdmin on a node's store, as the person signed in acts."""

    def __init__(self, node: Node) -> None:
        self._node = node

    def counts(self) -> list[stock.CountRow]:
        with self._node.store.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT d.id, d.number, d.status, l.code, d.reference, c.blind, "
                    "d.business_at, (SELECT count(*) FROM stock_count_lines x "
                    "WHERE x.document_id = d.id), (SELECT count(*) FROM stock_count_lines x "
                    "WHERE x.document_id = d.id AND x.counted_milli IS NOT NULL) "
                    "FROM stock_documents d JOIN stock_counts c ON c.document_id = d.id "
                    "JOIN locations l ON l.id = d.location_id ORDER BY d.number DESC"
                )
            ).all()
        return [
            stock.CountRow(
                uuid.UUID(hex=str(r[0])),
                r[1],
                r[2],
                r[3],
                r[4] or "",
                int(r[7]),
                int(r[8]),
                _aware(r[6]),
                bool(r[5]),
            )
            for r in rows
        ]

    def lines(self, count_id: uuid.UUID) -> list[stock.CountLineRow]:
        return [
            stock.CountLineRow(v.sku, v.name, v.book_milli, v.counted_milli, v.expected_milli)
            for v in lines(self._node, count_id)
        ]

    def locations(self) -> list[str]:
        from posapp.db.stock_queries import location_rows

        return [code for code, *_ in location_rows(self._node.store.engine)]

    def start(self, *, location: str | None, category: str | None, blind: bool) -> uuid.UUID:
        return start(self._node, location, category, blind).document_id

    def count(self, *, count_id: uuid.UUID, code: str, quantity_milli: int, add: bool) -> str:
        from posapp.bootstrap.stock import stock_admin

        found = stock_admin(self._node).identify(code)
        # A case's barcode counts the case's units.
        pack = Quantity.parse(found["quantity"] or "1").thousandths
        count(self._node, count_id, [(found["sku"], quantity_milli * pack // 1000)], add)
        return found["sku"]

    def post(self, *, count_id: uuid.UUID, uncounted_zero: bool) -> list[str]:
        return post(self._node, count_id, uncounted_zero)


def _aware(value: object) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
