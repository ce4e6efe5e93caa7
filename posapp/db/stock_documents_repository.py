"""Stock documents on SQLite: header, lines, status history, what a receipt brought and a
bill billed, and the numbering of each node's series (places, workflows and reservations in
stock_places_repository)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select, text, update

from posapp.db.stock_places_repository import StockPlacesAndWorkflows
from posapp.db.tables import (
    counters,
    products,
    stock_document_history,
    stock_document_lines,
    stock_documents,
    tax_rates,
)
from posapp.domain.stock import (
    AdjustmentReason,
    DocumentLine,
    DocumentType,
    StatusChange,
    StockDocument,
)


class SqlAlchemyStockDocuments(StockPlacesAndWorkflows):
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def transit_balance(
        self, transit_id: uuid.UUID, origin: str, number: str, reference: str
    ) -> dict[uuid.UUID, tuple[int, int]]:
        """Product → (what the sending store put in transit, what is still there) of one
        transfer: its own movements into this store's transit, less what the receipts and
        settlements that name it (`reference`) took out."""
        rows = self._connection.execute(
            text(
                "SELECT m.product_id, sum(CASE WHEN m.origin = :origin AND m.origin_document = "
                ":number THEN m.quantity_milli ELSE 0 END), sum(m.quantity_milli) "
                "FROM stock_movements m LEFT JOIN stock_documents d ON d.id = m.document_id "
                "WHERE m.location_id = :transit AND ((m.origin = :origin "
                "AND m.origin_document = :number) OR d.reference = :reference) "
                "GROUP BY m.product_id ORDER BY m.product_id"
            ),
            {"transit": transit_id.hex, "origin": origin, "number": number, "reference": reference},
        ).all()
        return {uuid.UUID(hex=str(p)): (int(sent), int(left)) for p, sent, left in rows}

    def set_due(self, document_id: uuid.UUID, due_at: datetime) -> None:
        self._connection.execute(
            update(stock_documents).where(stock_documents.c.id == document_id).values(due_at=due_at)
        )

    def received_lines(self, line_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[int, int]]:
        if not line_ids:
            return {}
        rows = self._connection.execute(
            select(
                stock_document_lines.c.id,
                stock_document_lines.c.quantity_milli,
                stock_document_lines.c.unit_cost_minor,
            )
            .join(stock_documents, stock_documents.c.id == stock_document_lines.c.document_id)
            .where(
                stock_document_lines.c.id.in_(line_ids),
                stock_documents.c.doc_type == DocumentType.GOODS_RECEIPT.value,
                stock_documents.c.completed_at.is_not(None),
            )
        )
        return {line: (int(quantity), int(cost or 0)) for line, quantity, cost in rows}

    def tax_rate_ppm(self, product_id: uuid.UUID) -> int:
        found = self._connection.execute(
            select(tax_rates.c.rate_ppm)
            .join(products, products.c.tax_class_id == tax_rates.c.tax_class_id)
            .where(products.c.id == product_id)
            .order_by(tax_rates.c.code)
            .limit(1)
        ).scalar()
        return int(found or 0)

    def next_number(self, prefix: str, terminal_code: str) -> str:
        name = f"document:{prefix}"
        value = self._connection.execute(
            update(counters)
            .where(counters.c.name == name)
            .values(value=counters.c.value + 1)
            .returning(counters.c.value)
        ).scalar()
        if value is None:
            value = 1
            self._connection.execute(insert(counters).values(name=name, value=value))
        return f"{prefix}-{terminal_code}-{value:06d}"

    def add(self, document: StockDocument, at: datetime) -> None:
        self._connection.execute(
            insert(stock_documents).values(
                id=document.id,
                doc_type=document.doc_type.value,
                number=document.number,
                status=document.status,
                created_by=document.created_by,
                created_at=at,
                **self._header(document, at),
            )
        )
        self._insert_lines(document)

    def _header(self, document: StockDocument, at: datetime) -> dict[str, object]:
        return {
            "location_id": document.location_id,
            "supplier_id": document.supplier_id,
            "reason": None if document.reason is None else document.reason.value,
            "reference": document.reference,
            "business_at": document.business_at,
            "order_id": document.order_id,
            "count_id": document.count_id,
            "other_location_id": document.other_location_id,
            "to_store": document.to_store,
            "due_at": document.due_at,
            "updated_at": at,
        }

    def _insert_lines(self, document: StockDocument) -> None:
        if not document.lines:
            return
        self._connection.execute(
            insert(stock_document_lines),
            [
                {
                    "id": line_id,
                    "document_id": document.id,
                    "line_no": number,
                    "product_id": line.product_id,
                    "quantity_milli": line.quantity_milli,
                    "unit_cost_minor": line.unit_cost_minor,
                    "batch": line.batch,
                    "expiry": line.expiry,
                    "order_line_id": line.order_line_id,
                    "receipt_line_id": line.receipt_line_id,
                    "tax_rate_ppm": line.tax_rate_ppm,
                }
                for number, (line_id, line) in enumerate(document.lines, start=1)
            ],
        )

    def replace_lines(self, document: StockDocument, at: datetime) -> None:
        self._connection.execute(
            update(stock_documents)
            .where(stock_documents.c.id == document.id)
            .values(**self._header(document, at))
        )
        self._connection.execute(
            delete(stock_document_lines).where(stock_document_lines.c.document_id == document.id)
        )
        self._insert_lines(document)

    def get(self, document_id: uuid.UUID) -> StockDocument | None:
        row = self._connection.execute(
            select(stock_documents).where(stock_documents.c.id == document_id)
        ).first()
        if row is None:
            return None
        lines = self._connection.execute(
            select(stock_document_lines)
            .where(stock_document_lines.c.document_id == document_id)
            .order_by(stock_document_lines.c.line_no)
        ).all()
        return StockDocument(
            id=row.id,
            doc_type=DocumentType(row.doc_type),
            number=row.number,
            status=row.status,
            location_id=row.location_id,
            business_at=row.business_at,
            created_by=row.created_by,
            lines=tuple(
                (
                    line.id,
                    DocumentLine(
                        line.product_id,
                        line.quantity_milli,
                        line.unit_cost_minor,
                        line.batch,
                        line.expiry,
                        line.order_line_id,
                        line.receipt_line_id,
                        line.tax_rate_ppm,
                    ),
                )
                for line in lines
            ),
            supplier_id=row.supplier_id,
            reason=None if row.reason is None else AdjustmentReason(row.reason),
            reference=row.reference,
            completed_at=row.completed_at,
            order_id=row.order_id,
            count_id=row.count_id,
            other_location_id=row.other_location_id,
            to_store=row.to_store,
            due_at=row.due_at,
        )

    def id_of_number(self, number: str) -> uuid.UUID | None:
        return self._connection.execute(
            select(stock_documents.c.id).where(stock_documents.c.number == number)
        ).scalar()

    def set_status(
        self, document_id: uuid.UUID, status: str, at: datetime, *, completed: bool
    ) -> None:
        values: dict[str, object] = {"status": status, "updated_at": at}
        if completed:
            values["completed_at"] = at
        self._connection.execute(
            update(stock_documents).where(stock_documents.c.id == document_id).values(**values)
        )

    def history(self, document_id: uuid.UUID) -> list[StatusChange]:
        rows = self._connection.execute(
            select(stock_document_history)
            .where(stock_document_history.c.document_id == document_id)
            .order_by(stock_document_history.c.position)
        )
        return [StatusChange(r.from_status, r.to_status, r.by, r.at, r.note) for r in rows]

    def add_history(self, document_id: uuid.UUID, change: StatusChange) -> None:
        position = self._connection.execute(
            select(stock_document_history.c.position)
            .where(stock_document_history.c.document_id == document_id)
            .order_by(stock_document_history.c.position.desc())
            .limit(1)
        ).scalar()
        self._connection.execute(
            insert(stock_document_history).values(
                document_id=document_id,
                position=(position or 0) + 1,
                from_status=change.from_status,
                to_status=change.to_status,
                by=change.by,
                at=change.at,
                note=change.note,
            )
        )

    def received_against(self, order_id: uuid.UUID) -> dict[uuid.UUID, int]:
        """Order line → what the order's completed receipts brought in (thousandths)."""
        rows = self._connection.execute(
            select(
                stock_document_lines.c.order_line_id,
                func.sum(stock_document_lines.c.quantity_milli),
            )
            .join(stock_documents, stock_documents.c.id == stock_document_lines.c.document_id)
            .where(
                stock_documents.c.order_id == order_id,
                stock_documents.c.completed_at.is_not(None),
            )
            .group_by(stock_document_lines.c.order_line_id)
        )
        return {line_id: int(total) for line_id, total in rows if line_id is not None}
