"""Turning the events nodes send into head office's rows: documents with their lines, tenders
and stock movements; journal entries with the shifts and cash movements they describe.

Pure functions from parsed events to row tuples, so a malformed event is found (and the whole
batch refused with its sequence number) before anything is written.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sync.protocol import (
    DOCUMENT_EVENTS,
    JOURNAL_EVENT_PREFIX,
    MASTER_ENTITIES,
    MASTER_EVENT_PREFIX,
)


class MalformedEvent(ValueError):
    def __init__(self, seq: int, reason: str) -> None:
        super().__init__(f"event {seq}: {reason}")
        self.seq = seq


class ForeignDocument(PermissionError):
    """A document numbered for another store or till than the node that sent it."""


@dataclass(frozen=True)
class IncomingEvent:
    seq: int
    id: uuid.UUID
    kind: str
    aggregate_id: uuid.UUID
    created_at: datetime
    payload: str  # the node's canonical JSON


@dataclass
class Rows:
    """Everything one batch's new events add, grouped by table, in sequence order."""

    sales: list[tuple[Any, ...]] = field(default_factory=list)
    lines: list[tuple[Any, ...]] = field(default_factory=list)
    tenders: list[tuple[Any, ...]] = field(default_factory=list)
    movements: list[tuple[Any, ...]] = field(default_factory=list)
    journal: list[tuple[Any, ...]] = field(default_factory=list)
    shifts_opened: list[tuple[Any, ...]] = field(default_factory=list)
    shifts_closed: list[tuple[Any, ...]] = field(default_factory=list)
    cash: list[tuple[Any, ...]] = field(default_factory=list)
    master: list[tuple[uuid.UUID, str, str, Any]] = field(default_factory=list)
    unknown_kinds: list[tuple[uuid.UUID, str]] = field(default_factory=list)


def _object(event: IncomingEvent) -> dict[str, Any]:
    try:
        value = json.loads(event.payload)
    except ValueError as error:
        raise MalformedEvent(event.seq, f"payload is not JSON ({error})") from None
    if not isinstance(value, dict):
        raise MalformedEvent(event.seq, "payload is not a JSON object")
    return value


def collect(events: list[IncomingEvent], *, store_code: str, terminal_code: str) -> Rows:
    """Rows for `events`; MalformedEvent or ForeignDocument if any one of them is refused."""
    rows = Rows()
    for event in events:
        try:
            if event.kind in DOCUMENT_EVENTS:
                _document(rows, _object(event), store_code, terminal_code)
            elif event.kind.startswith(JOURNAL_EVENT_PREFIX):
                _journal(rows, event, _object(event), store_code, terminal_code)
            elif event.kind.startswith(MASTER_EVENT_PREFIX):
                _master(rows, event, _object(event))
            else:
                rows.unknown_kinds.append((event.id, event.kind))
        except MalformedEvent:
            raise
        except KeyError as error:
            raise MalformedEvent(event.seq, f"{event.kind} payload has no field {error}") from None
        except (TypeError, ValueError, AttributeError) as error:
            raise MalformedEvent(
                event.seq, f"{event.kind} payload has a field of the wrong type or value ({error})"
            ) from None
    return rows


def _document(rows: Rows, doc: dict[str, Any], store_code: str, terminal_code: str) -> None:
    number = str(doc["number"])
    if doc["terminal_code"] != terminal_code or not number.startswith(
        f"{store_code}-{terminal_code}-"
    ):
        raise ForeignDocument(
            f"document {number} (till {doc['terminal_code']}) is not this node's "
            f"({store_code}-{terminal_code})"
        )
    sale_id = uuid.UUID(doc["id"])
    kind = str(doc["kind"])
    location_id = uuid.UUID(doc["location_id"])
    created_at = datetime.fromisoformat(doc["created_at"])
    original = doc.get("original_id")
    rows.sales.append((
        sale_id, store_code, terminal_code, number, kind, location_id, uuid.UUID(doc["cashier_id"]),
        str(doc["currency"]), int(doc["subtotal"]), int(doc["discount"]), int(doc["tax"]),
        int(doc["total"]), int(doc["rounding"]), uuid.UUID(original) if original else None,
        ",".join(doc["flags"]), created_at,
    ))  # fmt: skip
    for line in doc["lines"]:
        line_id, product_id = uuid.UUID(line["id"]), uuid.UUID(line["product_id"])
        quantity = int(line["quantity_milli"])
        original_line = line.get("original_line_id")
        rows.lines.append((
            line_id, sale_id, int(line["line_no"]), product_id, str(line["sku"]),
            str(line["name"]), quantity, int(line["unit_price"]),
            int(line["line_discount"]) + int(line["basket_discount"]), int(line["amount"]),
            int(line["tax"]), uuid.UUID(original_line) if original_line else None,
        ))  # fmt: skip
        # A sale takes goods out; a return (negative quantities) puts them back.
        rows.movements.append(
            (line_id, store_code, product_id, location_id, -quantity, kind, sale_id, created_at)
        )
    for position, tender in enumerate(doc["tenders"]):
        rows.tenders.append(
            (sale_id, position, str(tender["kind"]), int(tender["amount"]), tender["reference"])
        )


def _journal(
    rows: Rows, event: IncomingEvent, data: dict[str, Any], store_code: str, terminal_code: str
) -> None:
    kind = event.kind.removeprefix(JOURNAL_EVENT_PREFIX)
    rows.journal.append((event.aggregate_id, store_code, terminal_code, kind, event.payload,
                         event.created_at))  # fmt: skip
    if kind == "shift_open":
        rows.shifts_opened.append((
            uuid.UUID(data["id"]), store_code, terminal_code, int(data["shift"]),
            str(data["cashier"]), int(data["float"]), event.created_at,
        ))  # fmt: skip
    elif kind == "z_report":
        cash = data["cash"]
        rows.shifts_closed.append((
            store_code, terminal_code, int(data["shift"]), event.created_at,
            int(data["z_number"]), int(cash["expected"]), int(cash["counted"]),
        ))  # fmt: skip
    elif kind in ("cash_in", "cash_out", "drop"):
        rows.cash.append((
            uuid.UUID(data["id"]), store_code, terminal_code, int(data["shift"]), kind,
            int(data["amount"]), str(data["reason"]), event.created_at,
        ))  # fmt: skip


def _master(rows: Rows, event: IncomingEvent, data: dict[str, Any]) -> None:
    entity = event.kind.removeprefix(MASTER_EVENT_PREFIX)
    if entity not in MASTER_ENTITIES or data.get("entity") != entity:
        raise MalformedEvent(event.seq, f"unknown master data {entity!r}")
    key = data["key"]
    record = data["record"]
    if not isinstance(key, str) or not key or (record is not None and not isinstance(record, dict)):
        raise MalformedEvent(event.seq, "a master-data change needs a key and a record or null")
    rows.master.append((event.id, entity, key, record))
