"""Payables on SQLite: the entries that make each supplier's balance, payments and the bills
they pay, and what a bill or a receipt line has had billed or paid so far."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Connection, func, insert, select

from posapp.db.tables import (
    payable_entries,
    payment_allocations,
    stock_document_lines,
    stock_documents,
    supplier_payments,
)
from posapp.domain.payables import OpenBill, Payment


class SqlAlchemyPayables:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add_entry(
        self,
        entry_id: uuid.UUID,
        *,
        supplier_id: uuid.UUID,
        kind: str,
        amount_minor: int,
        business_at: datetime,
        at: datetime,
        document_id: uuid.UUID | None = None,
        payment_id: uuid.UUID | None = None,
        due_at: datetime | None = None,
    ) -> None:
        self._connection.execute(
            insert(payable_entries).values(
                id=entry_id,
                supplier_id=supplier_id,
                kind=kind,
                amount_minor=amount_minor,
                document_id=document_id,
                payment_id=payment_id,
                business_at=business_at,
                due_at=due_at,
                created_at=at,
            )
        )

    def add_payment(self, payment: Payment, at: datetime) -> None:
        self._connection.execute(
            insert(supplier_payments).values(
                id=payment.id,
                number=payment.number,
                supplier_id=payment.supplier_id,
                account=payment.account,
                amount_minor=payment.amount_minor,
                paid_at=payment.paid_at,
                reference=payment.reference,
                created_by=payment.by,
                created_at=at,
            )
        )
        if payment.allocations:
            self._connection.execute(
                insert(payment_allocations),
                [
                    {"payment_id": payment.id, "bill_id": bill, "amount_minor": amount}
                    for bill, amount in payment.allocations
                ],
            )

    def balance(self, supplier_id: uuid.UUID) -> int:
        total = self._connection.execute(
            select(func.sum(payable_entries.c.amount_minor)).where(
                payable_entries.c.supplier_id == supplier_id
            )
        ).scalar()
        return int(total or 0)

    def open_bills(self, supplier_id: uuid.UUID | None, as_of: datetime) -> list[OpenBill]:
        """Posted bills dated by `as_of`, with what payments made by then paid of each, oldest
        first (those fully paid included: the caller decides)."""
        paid = (
            select(func.coalesce(func.sum(payment_allocations.c.amount_minor), 0))
            .join(supplier_payments, supplier_payments.c.id == payment_allocations.c.payment_id)
            .where(
                payment_allocations.c.bill_id == payable_entries.c.document_id,
                supplier_payments.c.paid_at <= as_of,
            )
            .scalar_subquery()
        )
        query = (
            select(
                payable_entries.c.document_id,
                stock_documents.c.number,
                payable_entries.c.supplier_id,
                payable_entries.c.business_at,
                payable_entries.c.due_at,
                payable_entries.c.amount_minor,
                paid,
            )
            .join(stock_documents, stock_documents.c.id == payable_entries.c.document_id)
            .where(payable_entries.c.kind == "BILL", payable_entries.c.business_at <= as_of)
            .order_by(payable_entries.c.business_at, stock_documents.c.number)
        )
        if supplier_id is not None:
            query = query.where(payable_entries.c.supplier_id == supplier_id)
        return [OpenBill(*row) for row in self._connection.execute(query)]

    def credits(self, as_of: datetime) -> dict[uuid.UUID, int]:
        """Supplier → what is owed back or paid ahead by `as_of`: returns, and payments beyond
        the bills they were allocated to (negative)."""
        returns = self._connection.execute(
            select(payable_entries.c.supplier_id, func.sum(payable_entries.c.amount_minor))
            .where(payable_entries.c.kind == "RETURN", payable_entries.c.business_at <= as_of)
            .group_by(payable_entries.c.supplier_id)
        ).all()
        allocated = (
            select(func.coalesce(func.sum(payment_allocations.c.amount_minor), 0))
            .where(payment_allocations.c.payment_id == supplier_payments.c.id)
            .scalar_subquery()
        )
        ahead = self._connection.execute(
            select(
                supplier_payments.c.supplier_id,
                func.sum(supplier_payments.c.amount_minor - allocated),
            )
            .where(supplier_payments.c.paid_at <= as_of)
            .group_by(supplier_payments.c.supplier_id)
        ).all()
        found: dict[uuid.UUID, int] = {}
        for supplier, amount in [*returns, *((s, -int(a)) for s, a in ahead)]:
            found[supplier] = found.get(supplier, 0) + int(amount)
        return {s: a for s, a in found.items() if a}

    def billed(self, receipt_line_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Receipt line → quantity billed for it by posted bills."""
        if not receipt_line_ids:
            return {}
        rows = self._connection.execute(
            select(
                stock_document_lines.c.receipt_line_id,
                func.sum(stock_document_lines.c.quantity_milli),
            )
            .join(stock_documents, stock_documents.c.id == stock_document_lines.c.document_id)
            .where(
                stock_document_lines.c.receipt_line_id.in_(receipt_line_ids),
                stock_documents.c.doc_type == "supplier_bill",
                stock_documents.c.status == "posted",
            )
            .group_by(stock_document_lines.c.receipt_line_id)
        )
        return {line: int(total) for line, total in rows}

    def returned(self, receipt_line_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Receipt line → quantity sent back against it by completed supplier returns."""
        if not receipt_line_ids:
            return {}
        rows = self._connection.execute(
            select(
                stock_document_lines.c.receipt_line_id,
                func.sum(stock_document_lines.c.quantity_milli),
            )
            .join(stock_documents, stock_documents.c.id == stock_document_lines.c.document_id)
            .where(
                stock_document_lines.c.receipt_line_id.in_(receipt_line_ids),
                stock_documents.c.doc_type == "supplier_return",
                stock_documents.c.completed_at.is_not(None),
            )
            .group_by(stock_document_lines.c.receipt_line_id)
        )
        return {line: int(total) for line, total in rows}
