"""The stock documents repository's other half: the store's locations and reorder limits, each
document type's workflow as stored, and the stock documents set aside (reservations)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, func, insert, select

from posapp.db.tables import (
    locations,
    stock_documents,
    stock_limits,
    stock_reservations,
    stores,
    workflow_statuses,
    workflow_transitions,
)
from posapp.domain.permissions import Permission
from posapp.domain.stock import (
    TRANSIT,
    DocumentType,
    Effect,
    LocationKind,
    Status,
    StockDocument,
    Transition,
    Workflow,
    location_id_of,
)


class StockPlacesAndWorkflows:
    _connection: Connection

    def workflow(self, doc_type: DocumentType) -> Workflow:
        rows = self._connection.execute(
            select(workflow_statuses).where(workflow_statuses.c.doc_type == doc_type.value)
        ).all()
        statuses = {
            row.status: Status(row.status, row.name, Effect(row.effect), row.editable, row.final)
            for row in rows
        }
        first = next(row.status for row in rows if row.first)
        transitions = tuple(
            Transition(row.from_status, row.to_status, Permission(row.permission), row.name)
            for row in self._connection.execute(
                select(workflow_transitions)
                .where(workflow_transitions.c.doc_type == doc_type.value)
                .order_by(workflow_transitions.c.from_status, workflow_transitions.c.to_status)
            )
        )
        return Workflow(doc_type, first, statuses, transitions)

    def reserve(self, document: StockDocument) -> None:
        """Set the document's lines aside at its location (outgoing goods only)."""
        self._connection.execute(
            insert(stock_reservations),
            [
                {
                    "document_line_id": line_id,
                    "document_id": document.id,
                    "product_id": line.product_id,
                    "location_id": document.location_id,
                    "quantity_milli": line.quantity_milli,
                }
                for line_id, line in document.lines
            ],
        )

    def release(self, document_id: uuid.UUID) -> None:
        self._connection.execute(
            delete(stock_reservations).where(stock_reservations.c.document_id == document_id)
        )

    def replace_workflow(self, workflow: Workflow) -> None:
        doc_type = workflow.doc_type.value
        for table in (workflow_transitions, workflow_statuses):
            self._connection.execute(delete(table).where(table.c.doc_type == doc_type))
        self._connection.execute(
            insert(workflow_statuses),
            [
                {
                    "doc_type": doc_type,
                    "status": s.code,
                    "name": s.name,
                    "effect": s.effect.value,
                    "editable": s.editable,
                    "final": s.final,
                    "first": s.code == workflow.first,
                }
                for s in workflow.statuses.values()
            ],
        )
        if workflow.transitions:
            self._connection.execute(
                insert(workflow_transitions),
                [
                    {
                        "doc_type": doc_type,
                        "from_status": t.from_status,
                        "to_status": t.to_status,
                        "permission": t.permission.value,
                        "name": t.name,
                    }
                    for t in workflow.transitions
                ],
            )

    def documents_in(self, doc_type: DocumentType, status: str) -> int:
        return int(
            self._connection.execute(
                select(func.count()).where(
                    stock_documents.c.doc_type == doc_type.value, stock_documents.c.status == status
                )
            ).scalar_one()
        )

    def location_id(self, code: str | None) -> uuid.UUID | None:
        query = select(locations.c.id).where(locations.c.archived_at.is_(None))
        if code is None:
            query = query.where(locations.c.kind == LocationKind.SELLING.value)
        else:
            query = query.where(locations.c.code == code)
        return self._connection.execute(query.order_by(locations.c.code).limit(1)).scalar()

    def transit_location(self, store_code: str) -> uuid.UUID:
        location_id = location_id_of(store_code, TRANSIT)
        if (
            self._connection.execute(
                select(locations.c.id).where(locations.c.id == location_id)
            ).first()
            is None
        ):
            at = datetime.now(UTC)
            self._connection.execute(
                insert(locations).values(
                    id=location_id,
                    store_id=self._connection.execute(select(stores.c.id).limit(1)).scalar_one(),
                    code=TRANSIT,
                    name="Goods in transit to this store",
                    kind=LocationKind.IN_TRANSIT.value,
                    created_at=at,
                    updated_at=at,
                )
            )
        return location_id

    def add_location(
        self,
        location_id: uuid.UUID,
        *,
        code: str,
        name: str,
        kind: LocationKind,
        capacity: int | None,
        at: datetime,
    ) -> None:
        store_id = self._connection.execute(select(stores.c.id).limit(1)).scalar_one()
        self._connection.execute(
            insert(locations).values(
                id=location_id,
                store_id=store_id,
                code=code,
                name=name,
                kind=kind.value,
                capacity=capacity,
                created_at=at,
                updated_at=at,
            )
        )

    def set_limits(
        self, product_id: uuid.UUID, location_id: uuid.UUID, point_milli: int, level_milli: int
    ) -> None:
        key = (stock_limits.c.product_id == product_id) & (
            stock_limits.c.location_id == location_id
        )
        self._connection.execute(delete(stock_limits).where(key))
        self._connection.execute(
            insert(stock_limits).values(
                product_id=product_id,
                location_id=location_id,
                reorder_point_milli=point_milli,
                reorder_level_milli=level_milli,
            )
        )
