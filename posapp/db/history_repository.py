"""Imported sales history in the local store (services.shared.ports_history.SalesHistory):
documents and lines written through the driver in the import's transaction, and folded into
the report summaries in that same transaction — an import counts wholly, or not at all."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, select

from posapp.db.report_summaries import HistoryFact, fold_history
from posapp.db.tables import history_documents, products, tax_classes
from posapp.db.types import driver_connection, sqlite_timestamp, sqlite_uuid
from posapp.services.shared import HistoryDocument, HistoryLineRow

_LOOKUP = 500  # names per IN (…): well under SQLite's limit on bound values


class SqlAlchemySalesHistory:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def imported_before(self, numbers: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(numbers), _LOOKUP):
            part = numbers[start : start + _LOOKUP]
            column = history_documents.c.number
            found.update(self._connection.execute(select(column).where(column.in_(part))).scalars())
        return found

    def product_ids(self, codes: Sequence[str]) -> dict[str, uuid.UUID]:
        found: dict[str, uuid.UUID] = {}
        for start in range(0, len(codes), _LOOKUP):
            part = codes[start : start + _LOOKUP]
            rows = self._connection.execute(
                select(products.c.sku, products.c.id).where(products.c.sku.in_(part))
            )
            found.update({sku: product_id for sku, product_id in rows})
        return found

    def tax_classes(self) -> set[str]:
        return set(self._connection.execute(select(tax_classes.c.code)).scalars())

    def add_import(
        self,
        import_id: uuid.UUID,
        *,
        source: str,
        mapping: str,
        documents: int,
        lines: int,
        by: str,
        at: datetime,
    ) -> None:
        driver_connection(self._connection).execute(
            "INSERT INTO history_imports (id, source, mapping, documents, lines, imported_by, "
            "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (sqlite_uuid(import_id), source, mapping, documents, lines, by, sqlite_timestamp(at)),
        )

    def add_documents(self, import_id: uuid.UUID, documents: Sequence[HistoryDocument]) -> None:
        batch = sqlite_uuid(import_id)
        driver_connection(self._connection).executemany(
            "INSERT INTO history_documents (id, import_id, number, kind, day, customer, country, "
            "region, city) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    d.id.hex,
                    batch,
                    d.number,
                    d.kind,
                    d.day.isoformat(),
                    d.customer,
                    d.country,
                    d.region,
                    d.city,
                )
                for d in documents
            ],
        )

    def add_lines(self, lines: Sequence[HistoryLineRow]) -> None:
        raw = driver_connection(self._connection)
        raw.executemany(
            "INSERT INTO history_lines (document_id, line_no, product_id, code, name, "
            "quantity_milli, amount_minor, unit_price_minor, cost_minor) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    row.document_id.hex,
                    row.line_no,
                    sqlite_uuid(row.product_id),
                    row.line.code,
                    row.line.name,
                    row.line.quantity_milli,
                    row.line.amount_minor,
                    row.line.unit_price_minor,
                    row.line.cost_minor,
                )
                for row in lines
            ],
        )
        fold_history(raw, [_fact(row) for row in lines])


def _fact(row: HistoryLineRow) -> HistoryFact:
    """What an imported line adds to the summaries: sold (or, on a credit note, returned) for
    its amount, tax-free as the file gives it, at its cost when the file has one."""
    line = row.line
    returned = line.amount_minor if line.cancelled else 0
    cost = line.cost_minor or 0
    costed = line.quantity_milli if line.cost_minor is not None else 0
    values = (
        1,
        line.quantity_milli,
        line.amount_minor,
        0,
        line.amount_minor,
        0,
        returned,
        cost,
        costed,
    )
    product = None if row.product_id is None else row.product_id.hex
    return line.day, product, row.region, values
