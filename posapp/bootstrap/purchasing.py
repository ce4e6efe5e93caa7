"""Purchasing for the commands and screens: requests turned into orders, supplier bills matched
to receipts and posted, payments, balances and ageing, goods returned to their supplier."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from posapp.bootstrap.node import Node
from posapp.bootstrap.stock import create, move
from posapp.domain.stock import DocumentType, StockDocument
from posapp.services import stock


def request(node: Node, lines: Sequence[stock.DraftLine], note: str | None = None) -> StockDocument:
    """A purchase request, made and submitted at once."""
    document = create(node, DocumentType.PURCHASE_REQUEST, stock.DraftHeader(reference=note), lines)
    return move(node, document.id, "submitted")


def order_requests(node: Node, numbers: Sequence[str], supplier: str) -> StockDocument:
    return stock.order_from_requests(
        node.unit_of_work(),
        request_numbers=numbers,
        supplier_code=supplier,
        terminal_code=node.settings.terminal_code,
        clock=node.clock,
        new_id=node.new_id,
    )


def bill(
    node: Node,
    supplier: str,
    invoice: str,
    bill_date: datetime,
    lines: Sequence[stock.BillLineDraft],
) -> StockDocument:
    return stock.create_bill(
        node.unit_of_work(),
        supplier_code=supplier,
        invoice=invoice,
        bill_date=bill_date,
        lines=lines,
        terminal_code=node.settings.terminal_code,
        clock=node.clock,
        new_id=node.new_id,
    )


def bill_receipts(
    node: Node, supplier: str, invoice: str, bill_date: datetime, receipts: Sequence[str]
) -> StockDocument:
    return stock.bill_receipts(
        node.unit_of_work(),
        supplier_code=supplier,
        invoice=invoice,
        bill_date=bill_date,
        receipt_numbers=receipts,
        terminal_code=node.settings.terminal_code,
        clock=node.clock,
        new_id=node.new_id,
    )


def match(node: Node, bill_id: uuid.UUID, matches: Sequence[tuple[int, str]]) -> StockDocument:
    return stock.match_bill(node.unit_of_work(), bill_id=bill_id, matches=matches, clock=node.clock)


def post(node: Node, bill_id: uuid.UUID) -> stock.BillPosted:
    return stock.post_bill(
        node.unit_of_work(), bill_id=bill_id, clock=node.clock, new_id=node.new_id
    )


def pay(
    node: Node,
    supplier: str,
    account: str,
    amount_minor: int,
    bills: Sequence[str] = (),
    paid_at: datetime | None = None,
    reference: str | None = None,
) -> str:
    return stock.pay_supplier(
        node.unit_of_work(),
        supplier_code=supplier,
        account=account,
        amount_minor=amount_minor,
        bill_numbers=bills,
        paid_at=paid_at,
        reference=reference,
        terminal_code=node.settings.terminal_code,
        clock=node.clock,
        new_id=node.new_id,
    )


def balance(node: Node, supplier: str) -> int:
    return stock.supplier_balance(node.unit_of_work(), supplier)


def ageing(node: Node, as_of: datetime) -> list[stock.AgeingRow]:
    return stock.ageing(node.unit_of_work(), as_of=as_of)


def return_goods(
    node: Node,
    header: stock.DraftHeader,
    lines: Sequence[stock.DraftLine],
    receipt: str | None = None,
) -> StockDocument:
    return stock.return_to_supplier(
        node.unit_of_work(),
        header=header,
        lines=lines,
        receipt_number=receipt,
        terminal_code=node.settings.terminal_code,
        clock=node.clock,
        new_id=node.new_id,
    )


def supplier_names(node: Node) -> dict[uuid.UUID, str]:
    from sqlalchemy import select

    from posapp.db.tables import suppliers

    with node.store.engine.connect() as connection:
        return dict(connection.execute(select(suppliers.c.id, suppliers.c.name)).all())
