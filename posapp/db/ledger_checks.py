"""Ledger invariants for `posapp check`, as SQL over the stored rows (read-only)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

from posapp.db.documents_json import sale_json
from posapp.db.engine import create_sqlite_engine
from posapp.db.ledger_repositories import (
    GENESIS_HASH,
    JournalEntry,
    SqlAlchemyJournal,
    entry_hash,
)
from posapp.db.sales_repository import SqlAlchemySales
from posapp.domain.sale import SaleDocument

_LIMIT = 20


def stock_matches_movements(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(f"""
        WITH ledger AS (
            SELECT product_id, location_id, sum(quantity_milli) AS total
            FROM stock_movements GROUP BY product_id, location_id)
        SELECT coalesce(l.product_id, s.product_id), l.total, s.on_hand_milli
        FROM ledger l FULL OUTER JOIN stock_levels s
          ON s.product_id = l.product_id AND s.location_id = l.location_id
        WHERE l.total IS NOT s.on_hand_milli AND NOT (l.total IS NULL AND s.on_hand_milli = 0)
        LIMIT {_LIMIT}""").fetchall()
    return [
        f"product {p}: movements sum to {ledger}, stock level says {level}"
        for p, ledger, level in rows
    ]


def movements_have_their_documents(connection: sqlite3.Connection) -> list[str]:
    """Every movement comes from a sale or return, from a stock document in a status that
    moves stock, line for line, or from another node of the store (named with its document);
    its sequence never ties; a completed document moved each line once and is queued for head
    office once; a count's adjustments settle a posted count."""
    rows = connection.execute(f"""
        SELECT m.seq, 'has no document' FROM stock_movements m
        WHERE m.sale_id IS NULL AND m.document_id IS NULL AND m.origin IS NULL
        UNION ALL
        SELECT m.seq, 'belongs to ' || d.number || ', which is ' || d.status
        FROM stock_movements m JOIN stock_documents d ON d.id = m.document_id
        JOIN workflow_statuses w ON w.doc_type = d.doc_type AND w.status = d.status
        WHERE w.effect != 'moves'
        UNION ALL
        SELECT m.seq, 'names a line its document does not have' FROM stock_movements m
        LEFT JOIN stock_document_lines x ON x.id = m.document_line_id
        WHERE m.document_id IS NOT NULL AND (x.id IS NULL OR x.document_id != m.document_id)
        UNION ALL
        SELECT NULL, d.number || ' is complete, but ' || count(m.seq) || ' movements for '
            || (SELECT count(*) FROM stock_document_lines x WHERE x.document_id = d.id) || ' lines'
        FROM stock_documents d
        JOIN workflow_statuses w ON w.doc_type = d.doc_type AND w.status = d.status
        LEFT JOIN stock_movements m ON m.document_id = d.id
        WHERE w.effect = 'moves' GROUP BY d.id
        HAVING count(m.seq) != (SELECT count(*) FROM stock_document_lines x
                                WHERE x.document_id = d.id)
            * (CASE WHEN d.doc_type IN ('transfer', 'transfer_in') THEN 2 ELSE 1 END)
        UNION ALL
        SELECT NULL, d.number || ' moved stock, but ' || count(o.seq)
            || ' events carry it to head office'
        FROM stock_documents d
        JOIN workflow_statuses w ON w.doc_type = d.doc_type AND w.status = d.status
        LEFT JOIN outbox_events o ON o.aggregate_id = d.id AND o.kind = 'stock.document_completed'
        WHERE w.effect = 'moves' GROUP BY d.id HAVING count(o.seq) != 1
        UNION ALL
        SELECT NULL, d.number || ' settles ' || c.number || ', which is ' || c.status
        FROM stock_documents d JOIN stock_documents c ON c.id = d.count_id
        WHERE c.doc_type != 'stock_count' OR c.status != 'posted'
        UNION ALL
        SELECT m.seq, 'came from ' || m.origin || ' without its document''s number'
        FROM stock_movements m WHERE m.origin IS NOT NULL AND m.origin_document IS NULL
        UNION ALL
        SELECT NULL, d.number || ' sets stock aside, but is ' || d.status
        FROM stock_reservations r JOIN stock_documents d ON d.id = r.document_id
        JOIN workflow_statuses w ON w.doc_type = d.doc_type AND w.status = d.status
        WHERE w.effect != 'reserves' GROUP BY d.id
        UNION ALL
        SELECT seq, 'shares its sequence number' FROM stock_movements
        WHERE seq IS NOT NULL GROUP BY seq HAVING count(*) > 1
        LIMIT {_LIMIT}""").fetchall()
    return [what if seq is None else f"movement {seq} {what}" for seq, what in rows]


def documents_balance(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute("""
        WITH l AS (SELECT sale_id AS id, sum(amount_minor) AS amount,
                          sum(net_minor + tax_minor != amount_minor) AS bad
                   FROM sale_lines GROUP BY sale_id),
             t AS (SELECT sale_id AS id, sum(amount_minor) AS amount FROM sale_tenders
                   GROUP BY sale_id),
             r AS (SELECT l.sale_id AS id, sum(x.tax_minor) AS tax FROM sale_line_taxes x
                   JOIN sale_lines l ON l.id = x.line_id GROUP BY l.sale_id)
        SELECT s.number, s.total_minor, coalesce(l.amount, 0), s.net_minor + s.tax_minor,
               s.subtotal_minor - s.discount_minor, s.total_minor + s.rounding_minor,
               coalesce(t.amount, 0), s.tax_minor, coalesce(r.tax, 0), coalesce(l.bad, 0)
        FROM sales s LEFT JOIN l ON l.id = s.id LEFT JOIN t ON t.id = s.id
        LEFT JOIN r ON r.id = s.id""").fetchall()
    problems = []
    for number, total, lines, net_tax, sub_disc, paid, tenders, tax, rate_tax, bad_lines in rows:
        if total != lines:
            problems.append(f"{number}: total {total} but lines sum to {lines}")
        if total != net_tax or total != sub_disc:
            problems.append(
                f"{number}: total {total}, net + tax {net_tax}, subtotal - discount {sub_disc}"
            )
        if paid != tenders:
            problems.append(f"{number}: {paid} to pay but tenders sum to {tenders}")
        if tax != rate_tax:
            problems.append(f"{number}: tax {tax} but tax per rate sums to {rate_tax}")
        if bad_lines:
            problems.append(f"{number}: {bad_lines} lines where net + tax != amount")
        if len(problems) >= _LIMIT:
            break
    return problems


def returns_match_sales(connection: sqlite3.Connection) -> list[str]:
    orphans = connection.execute(f"""
        SELECT s.number, l.line_no FROM sale_lines l JOIN sales s ON s.id = l.sale_id
        LEFT JOIN sale_lines o ON o.id = l.original_line_id
        LEFT JOIN sales os ON os.id = o.sale_id
        WHERE s.kind = 'RETURN' AND l.original_line_id IS NOT NULL
          AND (o.id IS NULL OR os.id IS NOT s.original_id OR o.product_id != l.product_id
               OR os.kind != 'SALE')
        LIMIT {_LIMIT}""").fetchall()
    over = connection.execute(f"""
        SELECT os.number, o.line_no, o.quantity_milli, -sum(l.quantity_milli),
               o.amount_minor, -sum(l.amount_minor)
        FROM sale_lines l JOIN sale_lines o ON o.id = l.original_line_id
        JOIN sales os ON os.id = o.sale_id
        GROUP BY o.id
        HAVING -sum(l.quantity_milli) > o.quantity_milli OR -sum(l.amount_minor) > o.amount_minor
        LIMIT {_LIMIT}""").fetchall()
    return [
        f"return {n} line {no} does not match a line of the sale it returns" for n, no in orphans
    ] + [
        f"sale {n} line {no}: sold {q / 1000:g} for {a}, returned {rq / 1000:g} for {ra}"
        for n, no, q, rq, a, ra in over
    ]


_BATCH = 500


def _entry_problem(
    entry: JournalEntry,
    expected_seq: int,
    expected_prev: str,
    documents: dict[uuid.UUID, SaleDocument],
) -> str | None:
    if entry.seq != expected_seq:
        return f"journal entry {expected_seq} is missing (next is {entry.seq})"
    if entry.prev_hash != expected_prev:
        return f"journal entry {entry.seq} does not follow entry {entry.seq - 1}"
    recomputed = entry_hash(
        entry.seq,
        entry.kind,
        entry.document_id,
        entry.payload_sha256,
        entry.created_at,
        entry.prev_hash,
    )
    if recomputed != entry.hash:
        return f"journal entry {entry.seq} ({entry.kind}) was altered"
    if entry.document_id is None:
        stored = hashlib.sha256(entry.payload.encode()).hexdigest() if entry.payload else None
        if stored != entry.payload_sha256:
            return f"journal entry {entry.seq} ({entry.kind}): its event was altered"
        return None
    doc = documents.get(uuid.UUID(str(entry.document_id)))
    digest = hashlib.sha256(sale_json(doc).encode()).hexdigest() if doc else None
    if digest != entry.payload_sha256:
        label = doc.number if doc else entry.document_id
        return f"journal entry {entry.seq}: document {label} was altered after it was completed"
    return None


def journal_chain(path: Path) -> list[str]:
    """Re-link the chain and re-hash each journaled document from its stored rows: editing any
    of them, or the journal itself, names the first entry that no longer holds."""
    engine = create_sqlite_engine(path)
    try:
        with engine.connect() as connection:
            journal = SqlAlchemyJournal(connection, terminal_code="")
            sales = SqlAlchemySales(connection)
            entries = journal.entries()
            expected_prev = GENESIS_HASH
            for start in range(0, len(entries), _BATCH):
                batch = entries[start : start + _BATCH]
                documents = sales.get_many(
                    [uuid.UUID(str(e.document_id)) for e in batch if e.document_id is not None]
                )
                for offset, entry in enumerate(batch, start=start + 1):
                    problem = _entry_problem(entry, offset, expected_prev, documents)
                    if problem:
                        return [problem]
                    expected_prev = entry.hash
    finally:
        engine.dispose()
    return []


def count_entries(path: Path) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM journal_entries").fetchone()[0])
    finally:
        connection.close()


def documents_journaled_and_queued(connection: sqlite3.Connection) -> list[str]:
    """Every document has one journal entry and one outbox event, and nothing else has: the
    three are written in one transaction, so a difference means a half-written sale."""
    rows = connection.execute(f"""
        WITH j AS (SELECT document_id AS id, count(*) AS n FROM journal_entries
                   GROUP BY document_id),
             o AS (SELECT aggregate_id AS id, count(*) AS n FROM outbox_events
                   GROUP BY aggregate_id),
             l AS (SELECT sale_id AS id, count(*) AS n FROM sale_lines GROUP BY sale_id),
             m AS (SELECT sale_id AS id, count(*) AS n FROM stock_movements GROUP BY sale_id)
        SELECT s.number, coalesce(j.n, 0), coalesce(o.n, 0), coalesce(l.n, 0), coalesce(m.n, 0)
        FROM sales s
        LEFT JOIN j ON j.id = s.id LEFT JOIN o ON o.id = s.id
        LEFT JOIN l ON l.id = s.id LEFT JOIN m ON m.id = s.id
        WHERE NOT (coalesce(j.n, 0) = 1 AND coalesce(o.n, 0) = 1 AND coalesce(l.n, 0) > 0
                   AND coalesce(m.n, 0) = coalesce(l.n, 0))
        LIMIT {_LIMIT}""").fetchall()
    problems = [
        f"{number}: {journal} journal entries, {events} outbox events, {lines} lines, "
        f"{moves} stock movements"
        for number, journal, events, lines, moves in rows
    ]
    strays = connection.execute("""
        SELECT (SELECT count(*) FROM journal_entries WHERE document_id IS NOT NULL
                AND document_id NOT IN (SELECT id FROM sales)),
               (SELECT count(*) FROM outbox_events WHERE kind NOT LIKE 'master.%'
                AND aggregate_id NOT IN (SELECT id FROM sales)
                AND aggregate_id NOT IN (SELECT id FROM stock_documents)
                AND aggregate_id NOT IN (SELECT id FROM supplier_payments)
                AND aggregate_id NOT IN (SELECT id FROM journal_entries
                                         WHERE document_id IS NULL)),
               (SELECT count(*) FROM journal_entries j WHERE document_id IS NULL
                AND payload IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM outbox_events o WHERE o.aggregate_id = j.id))
        """).fetchone()
    if strays[0] or strays[1]:
        problems.append(
            f"{strays[0]} journal entries and {strays[1]} outbox events name no sale or event"
        )
    if strays[2]:
        problems.append(f"{strays[2]} journal events were never queued for head office")
    return problems


def journaled_rows_match(connection: sqlite3.Connection) -> list[str]:
    """Rows whose content the journal holds — shifts, cash movements, Z reports — still say what
    was journaled: an edited float, cash out or Z total is named. (Documents are checked against
    their entries in journal_chain.)"""
    events: dict[str, dict[str, dict[str, Any]]] = {"shift_open": {}, "cash": {}, "z_report": {}}
    for kind, payload in connection.execute(
        "SELECT kind, payload FROM journal_entries WHERE kind IN "
        "('shift_open', 'cash_in', 'cash_out', 'drop', 'z_report')"
    ):
        data = _json(payload)
        if not isinstance(data, dict):  # an entry edited into nonsense: journal_chain names it
            continue
        if kind == "z_report":
            events["z_report"][str(data.get("z_number"))] = data
        elif kind == "shift_open":
            events["shift_open"][str(data.get("id"))] = data
        else:
            events["cash"][str(data.get("id"))] = {**data, "kind": kind}
    problems = []
    for shift_id, number, float_minor in connection.execute(
        "SELECT id, number, opening_float_minor FROM shifts"
    ):
        opened = events["shift_open"].get(str(uuid.UUID(shift_id)))
        if opened is None or opened.get("float") != float_minor:
            problems.append(f"shift {number}: its opening float differs from the journal")
    for movement_id, kind, amount, reason in connection.execute(
        "SELECT id, kind, amount_minor, reason FROM cash_movements"
    ):
        journaled = events["cash"].get(str(uuid.UUID(movement_id)))
        if journaled is None or (
            journaled["kind"],
            journaled.get("amount"),
            journaled.get("reason"),
        ) != (kind, amount, reason):
            problems.append(
                f"cash movement {movement_id} ({kind} {amount}) differs from the journal"
            )
    for number, payload in connection.execute("SELECT number, payload FROM z_reports"):
        if events["z_report"].get(str(number)) != _json(payload):
            problems.append(f"Z report {number} differs from the journal")
    return problems[:_LIMIT]


def _json(payload: str | None) -> Any:
    """The JSON `payload` holds; None when it is empty or was edited into something that is not
    JSON (a check names that row rather than crash on it)."""
    try:
        return json.loads(payload or "null")
    except json.JSONDecodeError:
        return None


def journaled_rows(path: Path) -> list[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return journaled_rows_match(connection)
    finally:
        connection.close()
