"""The report summaries' invariants for `posapp check` (read-only SQL): what the summaries hold
is what the documents they have folded in hold — the sales and returns up to the fold's place in
the journal, and the imported history — and what the ledger's costs say, less the changes still
waiting in the queue; and the summaries by day, by month and by day alone agree."""

from __future__ import annotations

import sqlite3

_SUMS = ("lines", "quantity_milli", "amount_minor", "net_minor", "tax_minor", "cost_minor")
_FOLDED = """
WITH folded AS (
    SELECT document_id FROM journal_entries
    WHERE kind IN ('sale', 'return')
      AND seq <= coalesce((SELECT position FROM report_cursors WHERE name = 'documents'), 0)
), sold AS (
    SELECT count(*) AS lines, sum(quantity_milli) AS quantity_milli,
           sum(amount_minor) AS amount_minor, sum(net_minor) AS net_minor,
           sum(tax_minor) AS tax_minor
    FROM sale_lines WHERE sale_id IN (SELECT document_id FROM folded)
), imported AS (
    SELECT count(*) AS lines, sum(quantity_milli) AS quantity_milli,
           sum(amount_minor) AS amount_minor, sum(coalesce(cost_minor, 0)) AS cost_minor
    FROM history_lines
), costed AS (
    SELECT sum(c.true_up_minor - CASE WHEN m.sale_id IS NULL THEN 0 ELSE c.value_minor END) AS cost
    FROM movement_costs c JOIN stock_movements m ON m.id = c.movement_id
), waiting AS (
    SELECT sum(q.true_up_minor - CASE WHEN m.sale_id IS NULL THEN 0 ELSE q.value_minor END) AS cost
    FROM report_cost_changes q JOIN stock_movements m ON m.id = q.movement_id
)
SELECT coalesce(sold.lines, 0) + coalesce(imported.lines, 0),
       coalesce(sold.quantity_milli, 0) + coalesce(imported.quantity_milli, 0),
       coalesce(sold.amount_minor, 0) + coalesce(imported.amount_minor, 0),
       coalesce(sold.net_minor, 0) + coalesce(imported.amount_minor, 0),
       coalesce(sold.tax_minor, 0),
       coalesce(costed.cost, 0) - coalesce(waiting.cost, 0) + coalesce(imported.cost_minor, 0)
FROM sold, imported, costed, waiting"""


def _summed(connection: sqlite3.Connection, table: str) -> tuple[int, ...]:
    sums = ", ".join(f"coalesce(sum({column}), 0)" for column in _SUMS)
    return tuple(connection.execute(f"SELECT {sums} FROM {table}").fetchone())


def summaries_match_the_documents(connection: sqlite3.Connection) -> list[str]:
    expected = tuple(connection.execute(_FOLDED).fetchone())
    problems = []
    for table in (
        "sales_days",
        "sales_day_products",
        "sales_week_products",
        "sales_month_products",
    ):
        held = _summed(connection, table)
        problems += [
            f"{table} holds {column} {kept:,} but the documents folded into it hold {due:,}"
            for column, kept, due in zip(_SUMS, held, expected, strict=True)
            if kept != due
        ]
    return problems


# Discounts given: the lines folded so far that sold below their list price or carry a price
# note (posapp.domain.discounts_given, restated in SQL), against the summary by reason.
_DISCOUNT_SUMS = (
    "lines",
    "quantity_milli",
    "list_minor",
    "line_discount_minor",
    "basket_discount_minor",
    "amount_minor",
)
_GIVEN = """
WITH folded AS (
    SELECT document_id FROM journal_entries
    WHERE kind IN ('sale', 'return')
      AND seq <= coalesce((SELECT position FROM report_cursors WHERE name = 'discounts'), 0)
), priced AS (
    SELECT l.quantity_milli, l.line_discount_minor, l.basket_discount_minor, l.amount_minor,
           l.price_note, l.list_price_minor * l.quantity_milli AS exact
    FROM sale_lines l WHERE l.sale_id IN (SELECT document_id FROM folded)
), listed AS (
    SELECT *, CASE WHEN exact >= 0 THEN (exact + 500) / 1000
                   ELSE -((500 - exact) / 1000) END AS list_minor
    FROM priced
)
SELECT count(*), coalesce(sum(quantity_milli), 0), coalesce(sum(list_minor), 0),
       coalesce(sum(line_discount_minor), 0), coalesce(sum(basket_discount_minor), 0),
       coalesce(sum(amount_minor), 0)
FROM listed WHERE list_minor != amount_minor OR coalesce(price_note, '') != ''"""


def discounts_match_the_documents(connection: sqlite3.Connection) -> list[str]:
    due = tuple(connection.execute(_GIVEN).fetchone())
    sums = ", ".join(f"coalesce(sum({column}), 0)" for column in _DISCOUNT_SUMS)
    held = tuple(connection.execute(f"SELECT {sums} FROM sales_day_discounts").fetchone())
    problems = [
        f"sales_day_discounts holds {column} {kept:,} but the lines folded into it hold {owed:,}"
        for column, kept, owed in zip(_DISCOUNT_SUMS, held, due, strict=True)
        if kept != owed
    ]
    given, parts = connection.execute(
        "SELECT coalesce(sum(given_minor - list_minor + amount_minor), 0), "
        "coalesce(sum(given_minor - price_off_minor - line_discount_minor "
        "- basket_discount_minor), 0) FROM sales_day_discounts"
    ).fetchone()
    if given or parts:
        problems.append(
            "sales_day_discounts: what was given is not its list value less what was paid"
        )
    return problems
