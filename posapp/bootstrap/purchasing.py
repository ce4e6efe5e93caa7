"""Purchasing for the commands and screens: requests turned into orders, supplier bills matched
to receipts and posted, payments, balances and ageing, goods returned to their supplier."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

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


class NodePayables:
    """PayablesAdmin on a node's store, as the person signed in acts."""

    def __init__(self, node: Node) -> None:
        self._node = node

    def currency(self) -> str:
        return self._node.settings.currency

    def accounts(self, *, as_of: datetime) -> list[stock.SupplierAccount]:
        from sqlalchemy import select

        from posapp.db.tables import suppliers

        with self._node.store.engine.connect() as connection:
            known = {
                row.id: (row.code, row.name)
                for row in connection.execute(
                    select(suppliers.c.id, suppliers.c.code, suppliers.c.name)
                )
            }
        return [
            stock.SupplierAccount(
                *known.get(row.supplier_id, ("?", "?")),
                row.buckets,
                row.credit_minor,
                row.total_minor,
            )
            for row in ageing(self._node, as_of)
        ]

    def open_orders(self, supplier_code: str) -> list[stock.OpenOrder]:
        from sqlalchemy import text

        with self._node.store.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT d.number, d.status, d.business_at, (SELECT count(*) FROM "
                    "stock_document_lines l WHERE l.document_id = d.id) FROM stock_documents d "
                    "JOIN suppliers s ON s.id = d.supplier_id WHERE s.code = :code "
                    "AND d.doc_type = 'purchase_order' "
                    "AND d.status IN ('draft', 'sent', 'partially_received') "
                    "ORDER BY d.business_at"
                ),
                {"code": supplier_code},
            ).all()
        return [stock.OpenOrder(r[0], r[1], _aware(r[2]), int(r[3])) for r in rows]

    def open_bills(self, supplier_code: str) -> list[stock.OpenBill]:
        node = self._node
        with node.unit_of_work() as uow:
            supplier_id = uow.suppliers.id_of_code(supplier_code)
            if supplier_id is None:
                return []
            bills = uow.payables.open_bills(supplier_id, datetime.now(UTC))
            invoices = {}
            for bill in bills:
                document = uow.stock_documents.get(bill.id)
                invoices[bill.id] = "" if document is None else document.reference or ""
        return [
            stock.OpenBill(
                bill.number,
                invoices[bill.id],
                bill.business_at,
                bill.due_at,
                bill.total_minor,
                bill.total_minor - bill.paid_minor,
            )
            for bill in bills
            if bill.total_minor > bill.paid_minor
        ]

    def pay_from(self) -> list[str]:
        with self._node.unit_of_work() as uow:
            stored = uow.settings.stored().get("purchasing.pay_from", ["Safe", "Bank"])
        return [str(a) for a in stored] if isinstance(stored, list) else []

    def pay(self, *, supplier_code: str, account: str, amount: str, bills: Sequence[str]) -> str:
        from posapp.services.shared import money_field

        money = money_field("amount", amount, self._node.settings.currency, required=True)
        assert money is not None
        return pay(self._node, supplier_code, account, money.minor, bills)


def _aware(value: object) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
