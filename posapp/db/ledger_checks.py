"""Ledger invariants for `posapp check`, as SQL over the stored rows (read-only)."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from pathlib import Path

from posapp.db.documents_json import sale_json
from posapp.db.engine import create_sqlite_engine
from posapp.db.ledger_repositories import GENESIS_HASH, SqlAlchemyJournal, entry_hash
from posapp.db.sales_repository import SqlAlchemySales

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


def documents_balance(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute("""
        SELECT s.number,
               s.total_minor, (SELECT coalesce(sum(amount_minor), 0) FROM sale_lines
                               WHERE sale_id = s.id),
               s.net_minor + s.tax_minor, s.subtotal_minor - s.discount_minor,
               s.total_minor + s.rounding_minor,
               (SELECT coalesce(sum(amount_minor), 0) FROM sale_tenders WHERE sale_id = s.id),
               s.tax_minor, (SELECT coalesce(sum(t.tax_minor), 0) FROM sale_line_taxes t
                             JOIN sale_lines l ON l.id = t.line_id WHERE l.sale_id = s.id),
               (SELECT count(*) FROM sale_lines WHERE sale_id = s.id
                  AND net_minor + tax_minor != amount_minor)
        FROM sales s""").fetchall()
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


def journal_chain(path: Path) -> list[str]:
    """Re-link the chain and re-hash each journaled document from its stored rows: editing any
    of them, or the journal itself, names the first entry that no longer holds."""
    engine = create_sqlite_engine(path)
    try:
        with engine.connect() as connection:
            journal = SqlAlchemyJournal(connection, terminal_code="")
            sales = SqlAlchemySales(connection)
            expected_prev = GENESIS_HASH
            for number, entry in enumerate(journal.entries(), start=1):
                if entry.seq != number:
                    return [f"journal entry {number} is missing (next is {entry.seq})"]
                if entry.prev_hash != expected_prev:
                    return [f"journal entry {entry.seq} does not follow entry {entry.seq - 1}"]
                recomputed = entry_hash(
                    entry.seq,
                    entry.kind,
                    entry.document_id,
                    entry.payload_sha256,
                    entry.created_at,
                    entry.prev_hash,
                )
                if recomputed != entry.hash:
                    return [f"journal entry {entry.seq} ({entry.kind}) was altered"]
                if entry.document_id is not None:
                    doc = sales.get(uuid.UUID(str(entry.document_id)))
                    digest = hashlib.sha256(sale_json(doc).encode()).hexdigest() if doc else None
                    if digest != entry.payload_sha256:
                        label = doc.number if doc else entry.document_id
                        return [
                            f"journal entry {entry.seq}: document {label} was altered "
                            "after it was completed"
                        ]
                expected_prev = entry.hash
    finally:
        engine.dispose()
    return []
