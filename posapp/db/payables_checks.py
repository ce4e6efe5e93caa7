"""The payables ledger's invariants for `posapp check`, as SQL over the stored rows."""

from __future__ import annotations

import sqlite3

_LIMIT = 20


def payables_match_their_documents(connection: sqlite3.Connection) -> list[str]:
    """Each posted bill owes once and only a posted bill owes; each supplier return with a
    value is credited once; each payment is one entry of minus its amount and pays no bill
    more than it owes, nor more than itself."""
    rows = connection.execute(f"""
        SELECT d.number || ' is posted, with ' || count(e.id) || ' payable entries'
        FROM stock_documents d LEFT JOIN payable_entries e
          ON e.document_id = d.id AND e.kind = 'BILL'
        WHERE d.doc_type = 'supplier_bill' AND d.status = 'posted'
        GROUP BY d.id HAVING count(e.id) != 1
        UNION ALL
        SELECT 'a payable entry names ' || coalesce(d.number, 'no bill') || ', which is '
            || coalesce(d.status, 'missing')
        FROM payable_entries e LEFT JOIN stock_documents d ON d.id = e.document_id
        WHERE e.kind = 'BILL' AND (d.id IS NULL OR d.doc_type != 'supplier_bill'
                                   OR d.status != 'posted')
        UNION ALL
        SELECT d.number || ' was returned, with ' || count(e.id) || ' credits'
        FROM stock_documents d LEFT JOIN payable_entries e
          ON e.document_id = d.id AND e.kind = 'RETURN'
        WHERE d.doc_type = 'supplier_return' AND d.completed_at IS NOT NULL
          AND EXISTS (SELECT 1 FROM stock_document_lines l WHERE l.document_id = d.id
                      AND coalesce(l.unit_cost_minor, 0) > 0)
        GROUP BY d.id HAVING count(e.id) != 1
        UNION ALL
        SELECT p.number || ' is ' || p.amount_minor || ', its entries '
            || coalesce(-sum(e.amount_minor), 0)
        FROM supplier_payments p LEFT JOIN payable_entries e ON e.payment_id = p.id
        GROUP BY p.id HAVING count(e.id) != 1 OR -sum(e.amount_minor) != p.amount_minor
        UNION ALL
        SELECT p.number || ' pays ' || sum(a.amount_minor) || ' of bills, more than itself'
        FROM supplier_payments p JOIN payment_allocations a ON a.payment_id = p.id
        GROUP BY p.id HAVING sum(a.amount_minor) > p.amount_minor
        UNION ALL
        SELECT d.number || ' is paid ' || sum(a.amount_minor) || ' of ' || e.amount_minor
        FROM payment_allocations a JOIN stock_documents d ON d.id = a.bill_id
        JOIN payable_entries e ON e.document_id = d.id AND e.kind = 'BILL'
        GROUP BY d.id HAVING sum(a.amount_minor) > e.amount_minor
        LIMIT {_LIMIT}""").fetchall()
    return [row[0] for row in rows]
