"""Stock counts for the commands and screens: start, count, post, and what a count shows."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text

from posapp.bootstrap.node import Node
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
