"""Stock at a node: the stock screens and the `posapp stock` commands wired to the store."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from posapp.bootstrap import batches
from posapp.bootstrap.node import Node
from posapp.db import stock_queries
from posapp.db.store import StoreError
from posapp.domain.batches import Pick
from posapp.domain.errors import DomainError
from posapp.domain.quantity import Quantity
from posapp.domain.stock import (
    CHOSEN_REASONS,
    AdjustmentReason,
    DocumentType,
    LocationKind,
    StockDocument,
)
from posapp.services import stock
from posapp.services.catalogue import identify_product
from posapp.services.shared import FieldError
from posapp.services.stock import (
    DocumentRow,
    DocumentView,
    DraftHeader,
    DraftLine,
    MovementRow,
    StockAdmin,
    StockRow,
)


def create(
    node: Node, doc_type: DocumentType, header: DraftHeader, lines: Sequence[DraftLine]
) -> StockDocument:
    return stock.create_document(
        node.unit_of_work(),
        doc_type=doc_type,
        header=header,
        lines=lines,
        terminal_code=node.settings.terminal_code,
        clock=node.clock,
        new_id=node.new_id,
    )


def move(
    node: Node, document_id: uuid.UUID, to_status: str, note: str | None = None
) -> StockDocument:
    return stock.change_status(
        node.unit_of_work(),
        document_id=document_id,
        to_status=to_status,
        note=note,
        clock=node.clock,
        new_id=node.new_id,
    )


def receive(node: Node, header: DraftHeader, lines: Sequence[DraftLine]) -> StockDocument:
    """A goods receipt made and received at once (goods counted in at the door)."""
    document = create(node, DocumentType.GOODS_RECEIPT, header, lines)
    return move(node, document.id, "received")


def adjust(node: Node, header: DraftHeader, lines: Sequence[DraftLine]) -> StockDocument:
    """A stock adjustment made and posted at once."""
    document = create(node, DocumentType.STOCK_ADJUSTMENT, header, lines)
    return move(node, document.id, "posted")


def add_location(
    node: Node, code: str, name: str, kind: LocationKind, capacity: int | None
) -> uuid.UUID:
    return stock.add_location(
        node.unit_of_work(),
        code=code,
        name=name,
        kind=kind,
        capacity=capacity,
        clock=node.clock,
        new_id=node.new_id,
    )


def set_limits(node: Node, sku: str, location: str | None, point: str, level: str) -> None:
    """A product's reorder point and level at a location, as typed (in its unit)."""
    try:
        point_milli, level_milli = (
            Quantity.parse(point).thousandths,
            Quantity.parse(level).thousandths,
        )
    except (DomainError, ValueError):
        raise FieldError(
            "reorder point and level", f"{point} / {level}", "are quantities"
        ) from None
    stock.set_limits(
        node.unit_of_work(),
        sku=sku,
        location_code=location,
        point_milli=point_milli,
        level_milli=level_milli,
    )


def order(node: Node, header: DraftHeader, lines: Sequence[DraftLine]) -> StockDocument:
    """A purchase order made and sent at once."""
    document = create(node, DocumentType.PURCHASE_ORDER, header, lines)
    return move(node, document.id, "sent")


def receive_order(
    node: Node, number: str, header: DraftHeader, lines: Sequence[DraftLine] | None
) -> StockDocument:
    """A goods receipt against an order (everything still to come, without lines), received."""
    receipt = stock.receive_order(
        node.unit_of_work(),
        order_id=document_id(node, number),
        lines=lines,
        header=header,
        terminal_code=node.settings.terminal_code,
        clock=node.clock,
        new_id=node.new_id,
    )
    return move(node, receipt.id, "received")


def lines_from_file(node: Node, path: Path) -> dict[str | None, list[DraftLine]]:
    """A CSV or Excel file of lines (sku, quantity, cost, batch, expiry, location), every row
    checked: UnreadableFile, or ImportRefused with every problem."""
    from posapp.reports.table_files import open_table

    table = open_table(path)
    return stock.lines_by_location(
        node.unit_of_work(), table.columns, table.read(), currency=node.settings.currency
    )


def receive_opening_stock(node: Node, path: Path) -> list[StockDocument]:
    """A shop's opening stock from a file: one goods receipt per location, all or none
    checked first (each receipt then received on its own)."""
    return [
        receive(
            node,
            DraftHeader(location_code=place, reference=f"Opening stock ({path.name})"[:100]),
            lines,
        )
        for place, lines in lines_from_file(node, path).items()
    ]


def document_id(node: Node, number: str) -> uuid.UUID:
    with node.unit_of_work() as uow:
        found = uow.stock_documents.id_of_number(number)
    if found is None:
        raise StoreError(f"no stock document {number!r}")
    return found


def header_of(node: Node, fields: Mapping[str, str]) -> DraftHeader:
    """A document's header from typed fields: location, supplier, reason, reference, to (a
    transfer's location), to_store (a transfer out's), date
    (YYYY-MM-DD in the store's time zone: today is now; another day is noon there, so that no
    time zone moves it to another day)."""
    reason_text = str(fields.get("reason") or "").strip()
    try:
        reason = AdjustmentReason(reason_text) if reason_text else None
    except ValueError:
        names = ", ".join(r.value for r in CHOSEN_REASONS)
        raise FieldError("reason", reason_text, f"is not one of {names}") from None
    day = str(fields.get("date") or "").strip()
    business_at = None  # today: now
    if day:
        zone = ZoneInfo(node.settings.time_zone)
        try:
            typed = date.fromisoformat(day)
        except ValueError:
            raise FieldError("date", day, "is not a date (YYYY-MM-DD)") from None
        if typed != node.clock.now().astimezone(zone).date():
            business_at = datetime.combine(typed, time(12), zone).astimezone(UTC)
    return DraftHeader(
        location_code=str(fields.get("location") or "").strip() or None,
        supplier_code=str(fields.get("supplier") or "").strip() or None,
        reason=reason,
        reference=str(fields.get("reference") or "").strip() or None,
        business_at=business_at,
        to_location_code=str(fields.get("to") or "").strip().upper() or None,
        to_store=str(fields.get("to_store") or "").strip() or None,
    )


def stock_admin(node: Node) -> StockAdmin:
    return NodeStock(node)


class NodeStock:
    """StockAdmin on a node's store, as the person signed in at `node`."""

    def __init__(self, node: Node) -> None:
        self._node = node
        self._engine = node.store.engine

    def expiring(self) -> stock.ExpiryAlert:
        return batches.expiring(self._node)

    def first_expiring(self, sku: str, location: str, quantity_milli: int) -> list[Pick]:
        return batches.pick(self._node, sku, location, quantity_milli)

    def on_hand(
        self,
        *,
        typed: str,
        location: str | None,
        low_only: bool,
        offset: int,
        limit: int,
        category: str | None = None,
    ) -> list[StockRow]:
        return stock_queries.stock_page(
            self._engine, typed, location, low_only, offset, limit, category
        )

    def movements(self, *, product_id: uuid.UUID, offset: int, limit: int) -> list[MovementRow]:
        return stock_queries.movement_page(self._engine, product_id, offset, limit)

    def locations(self) -> list[str]:
        return stock_queries.location_codes(self._engine)

    def identify(self, code: str) -> dict[str, str]:
        found = identify_product(
            self._node.catalogue, code=code, rules=self._node.till.weight_rules
        )
        return {
            "sku": found.product.sku,
            "name": found.product.name,
            "quantity": str(found.pack_quantity),
            "cost": "",
            "batch": found.batch or "",
            "expiry": "" if found.expiry is None else found.expiry.isoformat(),
        }

    def documents(self, *, doc_type: DocumentType | None, open_only: bool) -> list[DocumentRow]:
        return stock_queries.document_rows(self._engine, doc_type, open_only)

    def document(self, document_id: uuid.UUID) -> DocumentView:
        (row,) = stock_queries.document_rows(self._engine, None, False, document_id)
        with self._node.unit_of_work() as uow:
            workflow = uow.stock_documents.workflow(row.doc_type)
            history = uow.stock_documents.history(document_id)
        return DocumentView(
            row=row,
            lines=stock_queries.document_line_fields(
                self._engine, document_id, self._node.settings.currency
            ),
            editable=workflow.status(row.status).editable,
            next_statuses=[
                (t.to_status, t.name)
                for t in workflow.next_from(row.status)
                if not (
                    row.doc_type is DocumentType.PURCHASE_ORDER
                    and t.to_status in stock.RECEIVED_BY_RECEIPTS
                )
            ],
            history=history,
        )

    def create(
        self,
        *,
        doc_type: DocumentType,
        header: Mapping[str, str],
        lines: Sequence[Mapping[str, str]],
    ) -> uuid.UUID:
        drafted = stock.read_lines(lines, self._node.settings.currency)
        return create(self._node, doc_type, header_of(self._node, header), drafted).id

    def save(
        self,
        *,
        document_id: uuid.UUID,
        header: Mapping[str, str],
        lines: Sequence[Mapping[str, str]],
    ) -> None:
        node = self._node
        stock.save_draft(
            node.unit_of_work(),
            document_id=document_id,
            header=header_of(node, header),
            lines=stock.read_lines(lines, node.settings.currency),
            clock=node.clock,
            new_id=node.new_id,
        )

    def change_status(self, *, document_id: uuid.UUID, to_status: str, note: str = "") -> None:
        move(self._node, document_id, to_status, note or None)

    def order_pdf(self, order_id: uuid.UUID) -> bytes:
        from posapp.reports.purchase_order_pdf import purchase_order_pdf

        currency = self._node.settings.currency
        return purchase_order_pdf(
            stock_queries.purchase_order_print(self._engine, order_id, currency)
        )

    def in_transit(self) -> list[tuple[str, str, int, int, int]]:
        from posapp.bootstrap import transfers

        return [
            (t.from_store, t.number, t.lines, t.sent_milli, t.left_milli)
            for t in transfers.in_transit(self._node)
        ]

    def receive_transfer(self, *, from_store: str, number: str) -> str:
        from posapp.bootstrap import transfers

        return transfers.receive(self._node, from_store, number, None, None, None).number

    def first_steps(self, doc_type: DocumentType) -> list[tuple[str, str]]:
        with self._node.unit_of_work() as uow:
            workflow = uow.stock_documents.workflow(doc_type)
        return [
            (t.to_status, t.name)
            for t in workflow.next_from(workflow.first)
            if t.to_status != "cancelled"
        ]

    def receipt_note_pdf(self, receipt_id: uuid.UUID) -> bytes:
        from posapp.reports.receipt_note_pdf import receipt_note_pdf

        return receipt_note_pdf(self.document(receipt_id), self._node.settings.store_name)

    def changed_price_labels(self, receipt_id: uuid.UUID) -> bytes | None:
        from posapp.bootstrap.catalogue import shelf_labels
        from posapp.db.product_list import price_changed_since

        before = stock_queries.previous_receipt_at(self._engine, receipt_id)
        with self._node.unit_of_work() as uow:
            receipt = uow.stock_documents.get(receipt_id)
        assert receipt is not None
        received = {line.product_id for _, line in receipt.lines}
        changed = (
            received
            if before is None
            else (received & set(price_changed_since(self._engine, before)))
        )
        if not changed:
            return None
        return shelf_labels(self._node, product_ids=sorted(changed))

    def receive_order(self, order_id: uuid.UUID) -> uuid.UUID:
        node = self._node
        receipt = stock.receive_order(
            node.unit_of_work(),
            order_id=order_id,
            lines=None,
            header=DraftHeader(),
            terminal_code=node.settings.terminal_code,
            clock=node.clock,
            new_id=node.new_id,
        )
        return receipt.id
