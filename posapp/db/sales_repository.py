"""Sales and returns: written once, read back as the same frozen documents."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from posapp.db.tables import sale_line_taxes, sale_lines, sale_tenders, sales
from posapp.db.types import driver_connection, sqlite_timestamp, sqlite_uuid
from posapp.domain.money import Money
from posapp.domain.payment import Tender
from posapp.domain.quantity import Quantity
from posapp.domain.returns import AlreadyReturned
from posapp.domain.sale import DocumentKind, DocumentLine, SaleDocument
from posapp.domain.tax import PriceMode

_SALE_SQL = (
    "INSERT INTO sales (id, number, kind, store_id, terminal_code, location_id, cashier_id, "
    "currency, price_mode, subtotal_minor, discount_minor, net_minor, tax_minor, total_minor, "
    "rounding_minor, original_id, flags, created_at, shift_id, customer_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_LINE_SQL = (
    "INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, unit, quantity_milli, "
    "list_price_minor, unit_price_minor, line_discount_minor, basket_discount_minor, "
    "amount_minor, net_minor, tax_minor, original_line_id, price_note) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_TAX_SQL = (
    "INSERT INTO sale_line_taxes (line_id, rate_code, rate_ppm, tax_minor) VALUES (?, ?, ?, ?)"
)
_TENDER_SQL = (
    "INSERT INTO sale_tenders (sale_id, position, kind, amount_minor, reference) "
    "VALUES (?, ?, ?, ?, ?)"
)


_NEXT_NUMBER_SQL = (
    "UPDATE document_series SET last_number = last_number + 1 WHERE series = ? "
    "RETURNING last_number"
)
_FIRST_NUMBER_SQL = "INSERT INTO document_series (series, last_number) VALUES (?, 1)"


class SqlAlchemySales:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    # -- numbering ----------------------------------------------------------------------------
    def next_number(self, series: str) -> str:
        """The next number of `series` ("S01-T01" → "S01-T01-000124"), inside the caller's
        transaction: a rolled-back sale leaves no gap."""
        raw = driver_connection(self._connection)  # every sale numbers itself: the hot path
        found = raw.execute(_NEXT_NUMBER_SQL, (series,)).fetchone()
        if found is None:
            raw.execute(_FIRST_NUMBER_SQL, (series,))
            return f"{series}-{1:06d}"
        return f"{series}-{found[0]:06d}"

    # -- writing ------------------------------------------------------------------------------
    def add(self, doc: SaleDocument, *, shift_id: uuid.UUID | None = None) -> None:
        # Through the driver, in the unit of work's transaction: this is the checkout's hot path,
        # and SQLAlchemy's per-statement work cost more than SQLite's (see db.types).
        raw = driver_connection(self._connection)
        at = sqlite_timestamp(doc.created_at)
        raw.execute(_SALE_SQL, _sale_row(doc, at=at, shift_id=shift_id))
        raw.executemany(_LINE_SQL, [_line_row(doc, line) for line in doc.lines])
        raw.executemany(
            _TAX_SQL,
            [
                (sqlite_uuid(line.line_id), code, ppm, tax.minor)
                for line in doc.lines
                for code, ppm, tax in line.taxes
            ],
        )
        raw.executemany(
            _TENDER_SQL,
            [
                (sqlite_uuid(doc.id), position, tender.kind, tender.amount.minor, tender.reference)
                for position, tender in enumerate(doc.tenders, start=1)
            ],
        )

    # -- reading ------------------------------------------------------------------------------
    def recent_sales(self, series: str, limit: int) -> list[tuple[str, datetime, Money]]:
        """The newest sales of `series`: numbers grow within a series, so its range of the
        unique number index gives them without reading the rest."""
        rows = self._connection.execute(
            select(sales.c.number, sales.c.created_at, sales.c.total_minor, sales.c.currency)
            .where(
                sales.c.number > f"{series}-",
                sales.c.number < f"{series}.",  # "." sorts right after "-"
                sales.c.kind == DocumentKind.SALE.value,
            )
            .order_by(sales.c.number.desc())
            .limit(limit)
        )
        return [(row.number, row.created_at, Money(row.total_minor, row.currency)) for row in rows]

    def get_by_number(self, number: str) -> SaleDocument | None:
        header = self._connection.execute(select(sales).where(sales.c.number == number)).first()
        return None if header is None else self._document(header)

    def get(self, sale_id: uuid.UUID) -> SaleDocument | None:
        header = self._connection.execute(select(sales).where(sales.c.id == sale_id)).first()
        return None if header is None else self._document(header)

    def returned_so_far(self, sale_id: uuid.UUID) -> dict[uuid.UUID, AlreadyReturned]:
        """Per original line: how much earlier returns took back, and for how much."""
        original = sale_lines.alias("original")
        rows = self._connection.execute(
            select(
                sale_lines.c.original_line_id,
                func.sum(sale_lines.c.quantity_milli).label("quantity"),
                func.sum(sale_lines.c.amount_minor).label("amount"),
                func.min(sales.c.currency).label("currency"),
            )
            .join(original, original.c.id == sale_lines.c.original_line_id)
            .join(sales, sales.c.id == sale_lines.c.sale_id)
            .where(original.c.sale_id == sale_id)
            .group_by(sale_lines.c.original_line_id)
        )
        return {
            uuid.UUID(str(row.original_line_id)): AlreadyReturned(
                Quantity.from_thousandths(-row.quantity), Money(-row.amount, row.currency)
            )
            for row in rows
        }

    def get_many(self, sale_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, SaleDocument]:
        """Several documents in four queries (for checks and exports, not one at a time)."""
        headers = self._connection.execute(select(sales).where(sales.c.id.in_(sale_ids))).all()
        return {doc.id: doc for doc in self._documents(headers)}

    def _document(self, header: Any) -> SaleDocument:
        return self._documents([header])[0]

    def _documents(self, headers: Sequence[Any]) -> list[SaleDocument]:
        ids = [header.id for header in headers]
        lines: dict[Any, list[Any]] = defaultdict(list)
        for row in self._connection.execute(
            select(sale_lines)
            .where(sale_lines.c.sale_id.in_(ids))
            .order_by(sale_lines.c.sale_id, sale_lines.c.line_no)
        ):
            lines[row.sale_id].append(row)
        taxes: dict[Any, list[Any]] = defaultdict(list)
        for row in self._connection.execute(
            select(sale_line_taxes)
            .join(sale_lines, sale_lines.c.id == sale_line_taxes.c.line_id)
            .where(sale_lines.c.sale_id.in_(ids))
            .order_by(sale_line_taxes.c.line_id, sale_line_taxes.c.rate_code)
        ):
            taxes[row.line_id].append(row)
        tenders: dict[Any, list[Any]] = defaultdict(list)
        for row in self._connection.execute(
            select(sale_tenders)
            .where(sale_tenders.c.sale_id.in_(ids))
            .order_by(sale_tenders.c.sale_id, sale_tenders.c.position)
        ):
            tenders[row.sale_id].append(row)
        return [
            _assemble(header, lines[header.id], taxes, tenders[header.id]) for header in headers
        ]


def _assemble(
    header: Any, line_rows: Sequence[Any], taxes: dict[Any, list[Any]], tenders: Sequence[Any]
) -> SaleDocument:
    """A document from its stored rows, exactly as it was when it was written."""
    currency = header.currency

    def money(minor: int) -> Money:
        return Money(minor, currency)

    return SaleDocument(
        id=header.id,
        number=header.number,
        kind=DocumentKind(header.kind),
        store_id=header.store_id,
        terminal_code=header.terminal_code,
        location_id=header.location_id,
        cashier_id=header.cashier_id,
        created_at=header.created_at,
        currency=currency,
        price_mode=PriceMode(header.price_mode),
        lines=tuple(
            DocumentLine(
                line_id=row.id,
                line_no=row.line_no,
                product_id=row.product_id,
                sku=row.sku,
                name=row.name,
                unit=row.unit,
                quantity=Quantity.from_thousandths(row.quantity_milli),
                list_price=money(row.list_price_minor),
                unit_price=money(row.unit_price_minor),
                line_discount=money(row.line_discount_minor),
                basket_discount=money(row.basket_discount_minor),
                amount=money(row.amount_minor),
                net=money(row.net_minor),
                tax=money(row.tax_minor),
                taxes=tuple((t.rate_code, t.rate_ppm, money(t.tax_minor)) for t in taxes[row.id]),
                original_line_id=row.original_line_id,
                price_note=row.price_note or "",
            )
            for row in line_rows
        ),
        tenders=tuple(Tender(t.kind, money(t.amount_minor), t.reference) for t in tenders),
        subtotal=money(header.subtotal_minor),
        discount=money(header.discount_minor),
        net=money(header.net_minor),
        tax=money(header.tax_minor),
        total=money(header.total_minor),
        rounding=money(header.rounding_minor),
        original_id=header.original_id,
        flags=tuple(flag for flag in header.flags.split(",") if flag),
        customer_id=header.customer_id,
    )


def _sale_row(doc: SaleDocument, *, at: str, shift_id: uuid.UUID | None) -> tuple[object, ...]:
    """The document's row for `_SALE_SQL`, in its column order."""
    return (
        sqlite_uuid(doc.id),
        doc.number,
        doc.kind.value,
        sqlite_uuid(doc.store_id),
        doc.terminal_code,
        sqlite_uuid(doc.location_id),
        sqlite_uuid(doc.cashier_id),
        doc.currency,
        doc.price_mode.value,
        doc.subtotal.minor,
        doc.discount.minor,
        doc.net.minor,
        doc.tax.minor,
        doc.total.minor,
        doc.rounding.minor,
        sqlite_uuid(doc.original_id),
        ",".join(doc.flags),
        at,
        sqlite_uuid(shift_id),
        sqlite_uuid(doc.customer_id),
    )


def _line_row(doc: SaleDocument, line: DocumentLine) -> tuple[object, ...]:
    """One line's row for `_LINE_SQL`, in its column order."""
    return (
        sqlite_uuid(line.line_id),
        sqlite_uuid(doc.id),
        line.line_no,
        sqlite_uuid(line.product_id),
        line.sku,
        line.name,
        line.unit,
        line.quantity.thousandths,
        line.list_price.minor,
        line.unit_price.minor,
        line.line_discount.minor,
        line.basket_discount.minor,
        line.amount.minor,
        line.net.minor,
        line.tax.minor,
        sqlite_uuid(line.original_line_id),
        line.price_note or None,
    )
