"""The stock screens' queries: stock on hand a page at a time over a million products, a
product's movements newest first with the running balance, the stock documents list."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select, text

from posapp.db.catalogue_queries import fts_prefix_query
from posapp.db.tables import barcodes, products
from posapp.domain.catalogue import LifecycleState
from posapp.domain.money import Money
from posapp.domain.quantity import Quantity
from posapp.domain.stock import DocumentType
from posapp.services.stock import (
    DocumentRow,
    MovementRow,
    OrderLinePrint,
    PurchaseOrderPrint,
    StockRow,
)

# Reserved: what documents set aside there (for the rows of the page only: no sort comes after).
_ON_HAND = """SELECT p.id, p.sku, p.name, p.unit, l.code, s.on_hand_milli, m.reorder_point_milli,
        (SELECT coalesce(sum(r.quantity_milli), 0) FROM stock_reservations r
         WHERE r.product_id = s.product_id AND r.location_id = s.location_id)
    FROM {source}
    CROSS JOIN stock_levels s ON s.product_id = p.id
    JOIN locations l ON l.id = s.location_id
    LEFT JOIN stock_limits m ON m.product_id = s.product_id AND m.location_id = s.location_id
    WHERE (:location IS NULL OR l.code = :location)
      AND (:category IS NULL OR p.category_id = (SELECT id FROM categories WHERE name = :category))
      AND (NOT :low OR s.on_hand_milli < 0 OR s.on_hand_milli < m.reorder_point_milli)
      {match}
    {order} LIMIT :limit OFFSET :offset"""


def stock_page(
    engine: Engine,
    typed: str,
    location: str | None,
    low_only: bool,
    offset: int,
    limit: int,
    category: str | None = None,
) -> list[StockRow]:
    """Without typed words, in product name order off the name index (CROSS JOIN keeps the
    products the outer loop, so a page reads its own rows, not every level sorted); with them,
    the search index finds the products (as the product list does) and each page is sorted for
    reading."""
    query = fts_prefix_query(typed)
    if query:
        # In the search index's own order: sorting every match of "1 kg" took seconds.
        sql = _ON_HAND.format(
            source="products_fts CROSS JOIN products p ON p.local_id = products_fts.rowid",
            match="AND products_fts MATCH :query",
            order="",
        )
    else:
        sql = _ON_HAND.format(source="products p", match="", order="ORDER BY p.name, p.sku, l.code")
    params = {
        "location": location,
        "category": category,
        "low": low_only,
        "limit": limit,
        "offset": offset,
    }
    with engine.connect() as connection:
        rows = connection.execute(text(sql), {**params, "query": query}).all()
    found = [StockRow(_uuid(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], int(r[7])) for r in rows]
    return sorted(found, key=lambda row: (row.name, row.sku, row.location)) if query else found


def below_reorder_point(engine: Engine) -> int:
    """Products and locations holding less than the reorder point set for them (the limits
    are few: the stock levels are read for them only)."""
    with engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT count(*) FROM stock_limits m JOIN stock_levels s "
                    "ON s.product_id = m.product_id AND s.location_id = m.location_id "
                    "WHERE s.on_hand_milli < m.reorder_point_milli"
                )
            ).scalar_one()
        )


# A movement another node of the store made names that node and its document ("T02 S01-T02-…").
_MOVEMENTS = """SELECT m.seq, m.business_at, m.reason,
        coalesce(s.number, d.number, m.origin || ' ' || m.origin_document, ''), l.code,
        m.quantity_milli
    FROM stock_movements m
    JOIN locations l ON l.id = m.location_id
    LEFT JOIN sales s ON s.id = m.sale_id
    LEFT JOIN stock_documents d ON d.id = m.document_id
    WHERE m.product_id = :product
    ORDER BY m.seq DESC LIMIT :limit OFFSET :offset"""


def movement_page(
    engine: Engine, product_id: uuid.UUID, offset: int, limit: int
) -> list[MovementRow]:
    """Newest first; each with the product's stock (all locations) after it: today's stock
    less what the movements after it did, so a page costs its own rows and one sum."""
    params = {"product": product_id.hex, "limit": limit, "offset": offset}
    with engine.connect() as connection:
        rows = connection.execute(text(_MOVEMENTS), params).all()
        if not rows:
            return []
        balance = connection.execute(
            text(
                "SELECT coalesce((SELECT sum(on_hand_milli) FROM stock_levels "
                "WHERE product_id = :product), 0) - coalesce((SELECT sum(quantity_milli) "
                "FROM stock_movements WHERE product_id = :product AND seq > :newest), 0)"
            ),
            {"product": product_id.hex, "newest": rows[0][0]},
        ).scalar_one()
    page = []
    for seq, at, reason, document, location, quantity in rows:
        page.append(MovementRow(seq, _aware(at), reason, document, location, quantity, balance))
        balance -= quantity
    return page


_DOCUMENTS = """SELECT d.id, d.number, d.doc_type, d.status, l.code, coalesce(s.code, ''),
        coalesce(s.name, ''),
        coalesce(d.reason, ''), coalesce(d.reference, ''),
        (SELECT count(*) FROM stock_document_lines x WHERE x.document_id = d.id),
        d.business_at, d.created_by
    FROM stock_documents d
    JOIN locations l ON l.id = d.location_id
    LEFT JOIN suppliers s ON s.id = d.supplier_id
    WHERE (:id IS NULL OR d.id = :id)
      AND (:doc_type IS NULL OR d.doc_type = :doc_type)
      AND (NOT :open_only OR d.completed_at IS NULL AND d.status != 'cancelled')
    ORDER BY d.created_at DESC, d.number DESC LIMIT 500"""


def document_rows(
    engine: Engine,
    doc_type: DocumentType | None,
    open_only: bool,
    document_id: uuid.UUID | None = None,
) -> list[DocumentRow]:
    params: dict[str, object] = {
        "doc_type": None if doc_type is None else doc_type.value,
        "open_only": open_only,
    }
    params["id"] = None if document_id is None else document_id.hex
    with engine.connect() as connection:
        rows = connection.execute(text(_DOCUMENTS), params).all()
    return [
        DocumentRow(
            _uuid(r[0]),
            r[1],
            DocumentType(r[2]),
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            r[9],
            _aware(r[10]),
            r[11],
        )
        for r in rows
    ]


def location_codes(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(
            connection.execute(
                text("SELECT code FROM locations WHERE archived_at IS NULL ORDER BY code")
            ).scalars()
        )


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _aware(value: object) -> datetime:
    """SQLite's text timestamps (UTC, no zone) as aware datetimes."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def document_line_fields(
    engine: Engine, document_id: uuid.UUID, currency: str
) -> list[dict[str, str]]:
    """A document's lines as its editor shows them (an order's with what came so far)."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT p.sku, p.name, x.quantity_milli, x.unit_cost_minor, x.batch, x.expiry, "
                "(SELECT sum(r.quantity_milli) FROM stock_document_lines r JOIN stock_documents g "
                "ON g.id = r.document_id WHERE r.order_line_id = x.id "
                "AND g.completed_at IS NOT NULL) "
                "FROM stock_document_lines x JOIN products p ON p.id = x.product_id "
                "WHERE x.document_id = :id ORDER BY x.line_no"
            ),
            {"id": document_id.hex},
        ).all()
    return [
        {
            "sku": sku,
            "name": name,
            "quantity": str(Quantity.from_thousandths(quantity)),
            "cost": "" if cost is None else str(Money(cost, currency).amount),
            "batch": batch or "",
            "expiry": expiry or "",
            # What receipts brought against an order line so far.
            "received": "" if received is None else str(Quantity.from_thousandths(received)),
        }
        for sku, name, quantity, cost, batch, expiry, received in rows
    ]


def sellable_products(engine: Engine, limit: int) -> list[tuple[str, int | None, bool, int]]:
    """(SKU, cost in minor units, sold by weight, the biggest pack a barcode of it sells, in
    thousandths) of the first products the till sells (new, active, phasing out…), by SKU."""
    states = [state.value for state in LifecycleState if state.sellable]
    biggest = (
        select(func.coalesce(func.max(barcodes.c.pack_qty_milli), 1000))
        .where(barcodes.c.product_id == products.c.id)
        .scalar_subquery()
    )
    with engine.connect() as connection:
        rows = connection.execute(
            select(products.c.sku, products.c.cost_minor, products.c.weighed, biggest)
            .where(products.c.state.in_(states))
            .order_by(products.c.sku)
            .limit(limit)
        ).all()
    return [(sku, cost, bool(weighed), int(pack)) for sku, cost, weighed, pack in rows]


def location_rows(engine: Engine) -> list[tuple[str, str, str, int | None]]:
    """(code, name, kind, capacity) of the store's locations, by code."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT code, name, kind, capacity FROM locations WHERE archived_at IS NULL "
                "ORDER BY code"
            )
        ).all()
    return [(code, name, kind, capacity) for code, name, kind, capacity in rows]


def purchase_order_print(engine: Engine, order_id: uuid.UUID, currency: str) -> PurchaseOrderPrint:
    """A purchase order with all it says on paper: the shop (from its settings), the supplier,
    and each line with the supplier's code for it."""
    with engine.connect() as connection:
        head = connection.execute(
            text(
                "SELECT d.number, d.status, d.business_at, coalesce(d.reference, ''), l.name, "
                "s.id, s.code, s.name, s.contacts, s.payment_terms_days, s.lead_time_days "
                "FROM stock_documents d JOIN locations l ON l.id = d.location_id "
                "JOIN suppliers s ON s.id = d.supplier_id WHERE d.id = :id"
            ),
            {"id": order_id.hex},
        ).one()
        rows = connection.execute(
            text(
                "SELECT p.sku, p.name, p.unit, x.quantity_milli, x.unit_cost_minor, "
                "coalesce(sp.supplier_code, p.sku), coalesce(sp.pack_milli, 1000) "
                "FROM stock_document_lines x "
                "JOIN products p ON p.id = x.product_id LEFT JOIN supplier_products sp "
                "ON sp.product_id = x.product_id AND sp.supplier_id = :supplier "
                "WHERE x.document_id = :id ORDER BY x.line_no"
            ),
            {"id": order_id.hex, "supplier": _uuid(head[5]).hex},
        ).all()
        shop: dict[str, str] = dict(
            connection.execute(
                text(
                    "SELECT key, value FROM settings WHERE key IN "
                    "('node.store_name', 'store.address', 'store.tax_number')"
                )
            ).all()
        )
    lines = tuple(_print_line(row, currency) for row in rows)
    amounts = [line.amount for line in lines]
    total = None if None in amounts else Money(sum(a.minor for a in amounts if a), currency)
    contacts = json.loads(head[8] or "[]")
    return PurchaseOrderPrint(
        number=head[0],
        status=head[1],
        date=_aware(head[2]),
        reference=head[3],
        shop_name=json.loads(shop.get("node.store_name", '""')),
        shop_address=tuple(json.loads(shop.get("store.address", "[]"))),
        shop_tax_number=json.loads(shop.get("store.tax_number", '""')),
        deliver_to=head[4],
        supplier_code=head[6],
        supplier_name=head[7],
        supplier_contacts=tuple(
            " · ".join(part for part in (c["name"], c["phone"], c["email"]) if part)
            for c in contacts
        ),
        payment_terms_days=head[9],
        lead_time_days=head[10],
        lines=lines,
        total=total,
    )


def _print_line(row: Any, currency: str) -> OrderLinePrint:
    sku, name, unit, quantity, cost, supplier_code, pack = row
    unit_cost = None if cost is None else Money(cost, currency)
    amount = None if cost is None else Money(cost * quantity // 1000, currency)
    packs = ""
    if pack != 1000 and quantity % pack == 0:
        packs = f"{quantity // pack} × {Quantity.from_thousandths(pack)}"
    return OrderLinePrint(
        sku,
        name,
        supplier_code,
        str(Quantity.from_thousandths(quantity)),
        unit,
        unit_cost,
        amount,
        packs,
    )


def previous_receipt_at(engine: Engine, receipt_id: uuid.UUID) -> datetime | None:
    """When the store's goods receipt before this one was completed (None: it is the first)."""
    with engine.connect() as connection:
        found = connection.execute(
            text(
                "SELECT max(p.completed_at) FROM stock_documents p, stock_documents r "
                "WHERE r.id = :id AND p.doc_type = 'goods_receipt' AND p.id != r.id "
                "AND p.completed_at IS NOT NULL "
                "AND p.completed_at < coalesce(r.completed_at, '9999')"
            ),
            {"id": receipt_id.hex},
        ).scalar()
    return None if found is None else _aware(found)
