"""Sales and returns turned into head office's rows by PostgreSQL itself: the one write path for
documents, fed only payloads the contract has checked (documents.check_batch).

The batch's document events are already in `events` (payload: the node's JSON text). One
statement reads each payload once (`payload::jsonb`) and inserts the documents, their lines,
tenders and stock movements, and folds the movements into stock levels. Parsing JSON and
building rows in Python took most of head office's time on a long backlog; PostgreSQL does the
same in C, next to the data.

Ownership that needs head office's tables is decided here: a location belongs to the store that
first sold from it, and an id that is already another row's (another store's sale, line or
movement, or one of this till's own sent again under a new event) refuses the batch.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import psycopg
from sqlalchemy import Connection

from sync.contract import SaleDocument
from sync.server.documents import Refused
from sync.server.nodes import Node
from sync.server.value_checkpoints import CHECKPOINTED

# Data-modifying CTEs all run, to completion, once; the final SELECT counts the rows that did not
# go in because their id was taken, so the caller can undo it all.
_DOCUMENTS = f"""
WITH docs AS MATERIALIZED (
    SELECT d.* FROM events e, jsonb_to_record(e.payload::jsonb) AS d(
        id uuid, number text, kind text, terminal_code text, location_id uuid, cashier_id uuid,
        currency text, subtotal bigint, discount bigint, tax bigint, total bigint,
        rounding bigint, original_id uuid, flags jsonb, created_at timestamptz, lines jsonb,
        tenders jsonb, customer_id uuid)
    WHERE e.id = ANY(%(ids)s)
), lines AS MATERIALIZED (
    SELECT d.id AS sale_id, d.location_id, d.kind, d.created_at, x.*
    FROM docs d, jsonb_to_recordset(d.lines) AS x(
        id uuid, line_no int, product_id uuid, sku text, name text, quantity_milli bigint,
        unit_price bigint, line_discount bigint, basket_discount bigint, amount bigint,
        tax bigint, original_line_id uuid, list_price bigint, net bigint, price_note text,
        taxes jsonb)
), sale_rows AS (
    INSERT INTO sales (id, node_id, store_code, terminal_code, number, kind, location_id,
        cashier_id, currency, subtotal_minor, discount_minor, tax_minor, total_minor,
        rounding_minor, original_id, flags, created_at, customer_id)
    SELECT id, %(node)s, %(store)s, %(terminal)s, number, kind, location_id, cashier_id,
        currency, subtotal, discount, tax, total, rounding, original_id,
        array_to_string(ARRAY(SELECT jsonb_array_elements_text(flags)), ','), created_at,
        customer_id
    FROM docs ON CONFLICT DO NOTHING RETURNING 1
), line_rows AS (
    INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, quantity_milli,
        unit_price_minor, discount_minor, amount_minor, tax_minor, original_line_id,
        list_price_minor, basket_discount_minor, net_minor, price_note)
    SELECT id, sale_id, line_no, product_id, sku, name, quantity_milli, unit_price,
        line_discount + basket_discount, amount, tax, original_line_id, list_price,
        basket_discount, net, price_note
    FROM lines ON CONFLICT DO NOTHING RETURNING 1
), tax_rows AS (
    -- [rate code, rate in millionths, tax] per rate a line is taxed at.
    INSERT INTO sale_taxes (sale_id, rate_code, rate_ppm, lines, base_minor, tax_minor)
    SELECT l.sale_id, t.x->>0, (t.x->>1)::int, count(*), sum(l.net), sum((t.x->>2)::bigint)
    FROM lines l, jsonb_array_elements(l.taxes) AS t(x)
    GROUP BY l.sale_id, t.x->>0, (t.x->>1)::int
    ON CONFLICT DO NOTHING
), tender_rows AS (
    INSERT INTO sale_tenders (sale_id, position, kind, amount_minor, reference)
    SELECT d.id, t.position - 1, t.x->>'kind', (t.x->>'amount')::bigint, t.x->>'reference'
    FROM docs d, jsonb_array_elements(d.tenders) WITH ORDINALITY AS t(x, position)
    ON CONFLICT DO NOTHING
), moved AS (
    -- A sale takes goods out; a return (negative quantities) puts them back.
    INSERT INTO stock_movements (id, node_id, store_code, product_id, location_id,
        quantity_milli, reason, document_id, created_at)
    SELECT id, %(node)s, %(store)s, product_id, location_id, -quantity_milli, kind, sale_id,
        created_at
    FROM lines ON CONFLICT DO NOTHING
    RETURNING product_id, location_id, quantity_milli, created_at AS placed_at
), levels AS (
    -- Locked in (product, location) order: two tills' batches cannot deadlock on them.
    INSERT INTO stock_levels (product_id, location_id, on_hand_milli)
    SELECT product_id, location_id, sum(quantity_milli) FROM moved
    GROUP BY product_id, location_id ORDER BY product_id, location_id
    ON CONFLICT (product_id, location_id) DO UPDATE
    SET on_hand_milli = stock_levels.on_hand_milli + excluded.on_hand_milli
), {CHECKPOINTED}
SELECT (SELECT count(*) FROM docs) - (SELECT count(*) FROM sale_rows),
       (SELECT count(*) FROM lines) - (SELECT count(*) FROM line_rows),
       (SELECT count(*) FROM lines) - (SELECT count(*) FROM moved)
"""

# The first use of a location registers it for the sender's store; the answer is any location
# of the batch that another store registered first.
_LOCATIONS = """
WITH registered AS (
    INSERT INTO store_locations (location_id, store_code, node_id, registered_at)
    SELECT DISTINCT unnest(%(locations)s::uuid[]), %(store)s, %(node)s, %(now)s
    ON CONFLICT DO NOTHING
)
SELECT location_id, store_code FROM store_locations
WHERE location_id = ANY(%(locations)s::uuid[]) AND store_code <> %(store)s
ORDER BY location_id LIMIT 1
"""
_TAKEN_IDS = """
SELECT 'sale', id, store_code FROM sales WHERE id = ANY(%(sales)s::uuid[])
UNION ALL SELECT 'line', l.id, s.store_code FROM sale_lines l JOIN sales s ON s.id = l.sale_id
    WHERE l.id = ANY(%(lines)s::uuid[])
UNION ALL SELECT 'movement', id, store_code FROM stock_movements WHERE id = ANY(%(lines)s::uuid[])
LIMIT 1
"""

# Business-rule problems, from the rows just written (no payload is parsed again), whichever path
# wrote them.
_RETURNS_OF_UNKNOWN_SALES = """
SELECT e.id, s.original_id FROM events e JOIN sales s ON s.id = e.aggregate_id
WHERE e.id = ANY(%s) AND s.original_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM sales o WHERE o.id = s.original_id)
ORDER BY e.seq
"""
_UNKNOWN_PRODUCTS = """
SELECT e.id, string_agg(DISTINCT l.sku, ', ' ORDER BY l.sku)
FROM events e JOIN sale_lines l ON l.sale_id = e.aggregate_id
WHERE e.id = ANY(%s) AND NOT EXISTS (
    SELECT 1 FROM master_records m WHERE m.entity = 'product' AND m.key = l.product_id::text)
GROUP BY e.id, e.seq ORDER BY e.seq
"""


def write_documents(
    connection: Connection, node: Node, documents: dict[uuid.UUID, SaleDocument], now: datetime
) -> None:
    """Write the checked documents (by event id, already in `events`); Refused, with nothing
    written, for another store's location or an id that is already another row's."""
    raw = connection.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    cursor = raw.cursor()
    register_locations(
        cursor, sorted({document.location_id for document in documents.values()}), node, now
    )
    params = {
        "ids": list(documents),
        "node": node.id,
        "store": node.store_code,
        "terminal": node.terminal_code,
    }
    try:
        with raw.transaction():  # a savepoint inside the batch's transaction
            cursor.execute(_DOCUMENTS, params)
            if any(cursor.fetchone() or ()):
                raise _IdTaken
    except _IdTaken:
        raise Refused(_which_id_was_taken(cursor, list(documents.values()), node)) from None


def register_locations(
    cursor: psycopg.Cursor[Any], locations: list[uuid.UUID], node: Node, now: datetime
) -> None:
    """The sender's store takes the locations no store has used yet; Refused when one of them
    is another store's."""
    cursor.execute(
        _LOCATIONS, {"locations": locations, "store": node.store_code, "node": node.id, "now": now}
    )
    taken = cursor.fetchone()
    if taken is not None:
        raise Refused(f"location {taken[0]} belongs to store {taken[1]}, not {node.store_code}")


class _IdTaken(Exception):
    """Undo the savepoint: some row's id was already another row's."""


def _which_id_was_taken(
    cursor: psycopg.Cursor[Any], documents: list[SaleDocument], node: Node
) -> str:
    sales = [document.id for document in documents]
    lines = [line.id for document in documents for line in document.lines]
    cursor.execute(_TAKEN_IDS, {"sales": sales, "lines": lines})
    found = cursor.fetchone()
    if found is None:
        return "the same document or line id appears twice in this batch"
    what, taken_id, store = found
    whose = "another store's" if store != node.store_code else "already another"
    return f"{what} id {taken_id} is {whose} {what} (store {store}): ids are never reused"


def document_flags(
    cursor: psycopg.Cursor[Any], event_ids: list[uuid.UUID], node: Node
) -> list[tuple[uuid.UUID, str]]:
    """The business-rule problems of the documents `event_ids` carried, however they were written:
    accepted, listed for head office to review."""
    flags: list[tuple[uuid.UUID, str]] = []
    cursor.execute("SELECT EXISTS (SELECT 1 FROM master_records WHERE entity = 'product')")
    row = cursor.fetchone()
    if row is not None and row[0]:
        # Only against a catalogue head office actually keeps: a chain that sends prices down
        # knows every product; one that only collects sales has none to compare with.
        cursor.execute(_UNKNOWN_PRODUCTS, (event_ids,))
        flags += [
            (event_id, f"products head office does not know: {skus}")
            for event_id, skus in cursor.fetchall()
        ]
    cursor.execute(_RETURNS_OF_UNKNOWN_SALES, (event_ids,))
    flags += [
        (event_id, f"a return of sale {original} that head office has not received")
        for event_id, original in cursor.fetchall()
    ]
    return flags
