"""Folding the sales and returns uploads brought into head office's report summaries
(sync.server.report_tables), by PostgreSQL itself: each step takes a few thousand documents off
the queue a trigger on `sales` fills, and adds their lines, totals and tenders to every summary
in one short transaction — after the upload's transaction, never inside it.

Days are the store's local days, by the time zone its nodes send (sync.server.store_zones; UTC
for a store not heard from, and a store's days counted before a change of zone stay as they
were). Category, brand and region are not known here: their keys are the nothing-id and "".
Documents from before migration 0019 fold into its summaries (taxes, customers, discounts)
from a queue of their own.
Costs fold in from the changes costing makes (a queue the triggers of migration 0016 fill), so
the margin follows every re-costing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from posapp.db.tables.reporting import DISCOUNT_SUMS, NOTHING, TAX_SUMS, TENDER_SUMS, TILL_SUMS
from posapp.domain.discounts_given import BASKET_DISCOUNT, BELOW_LIST, CASHIER_DISCOUNT

STEP = 5_000

_DOCUMENTS = """
CREATE TEMP TABLE folding ON COMMIT DROP AS
SELECT s.id, s.store_code, s.kind, s.cashier_id, s.terminal_code, s.total_minor,
       s.discount_minor, s.tax_minor, s.customer_id, local.at,
       local.at::date AS day, date_trunc('week', local.at)::date AS week,
       date_trunc('month', local.at)::date AS month
FROM sales s LEFT JOIN store_zones z ON z.store_code = s.store_code
CROSS JOIN LATERAL (SELECT s.created_at AT TIME ZONE coalesce(z.time_zone, 'UTC') AS at) local
WHERE s.id IN (SELECT sale_id FROM {queue} ORDER BY sale_id LIMIT :step FOR UPDATE SKIP LOCKED)
"""
_PRODUCT_COLUMNS = (
    "lines, quantity_milli, amount_minor, discount_minor, net_minor, tax_minor, returned_minor, "
    "cost_minor, costed_milli"
)
_ADDED = ", ".join(f"{c} = {{table}}.{c} + excluded.{c}" for c in _PRODUCT_COLUMNS.split(", "))


def _added(table: str, columns: tuple[str, ...]) -> str:
    """What an upsert into a summary adds to the row already there."""
    return ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns)


# A line's category and brand: its product's in the catalogue when folded in. Weeks keep a row
# per product and week, whatever its category (how its demand varies is the product's).
_GROUPS = """coalesce(c.category_id, CAST(:nothing AS uuid)),
       coalesce(c.brand_id, CAST(:nothing AS uuid))"""
_NO_GROUPS = "CAST(:nothing AS uuid), CAST(:nothing AS uuid)"


def _groups(period: str) -> str:
    return _NO_GROUPS if period == "week" else _GROUPS


_LINES = """
SELECT {store} f.{period}, l.product_id, {groups},
       count(*), sum(l.quantity_milli), sum(l.amount_minor), sum(l.discount_minor),
       sum(l.amount_minor - l.tax_minor), sum(l.tax_minor),
       sum(CASE WHEN l.quantity_milli < 0 THEN l.amount_minor ELSE 0 END), 0, 0
FROM folding f JOIN sale_lines l ON l.sale_id = f.id
LEFT JOIN catalogue_products c ON c.id = l.product_id
GROUP BY {store} f.{period}, l.product_id, {groups}"""
_BY_PRODUCT = """
INSERT INTO {table} ({store_key} {period}, product_id, category_id, brand_id, {columns}) {lines}
ON CONFLICT ({store_key} {period}, product_id, category_id, brand_id) DO UPDATE SET {added}"""
# By store, and for the whole chain (its stores added together).
_PRODUCT_TABLES = (
    ("sales_{period}_products", "f.store_code,", "store_code,"),
    ("chain_{period}_products", "", ""),
)
_BY_DAY = f"""
INSERT INTO sales_days (store_code, day, region, week, month, {_PRODUCT_COLUMNS})
SELECT f.store_code, f.day, '', f.week, f.month, count(*), sum(l.quantity_milli),
       sum(l.amount_minor), sum(l.discount_minor), sum(l.amount_minor - l.tax_minor),
       sum(l.tax_minor), sum(CASE WHEN l.quantity_milli < 0 THEN l.amount_minor ELSE 0 END), 0, 0
FROM folding f JOIN sale_lines l ON l.sale_id = f.id
GROUP BY f.store_code, f.day, f.week, f.month
ON CONFLICT (store_code, day, region) DO UPDATE SET {_ADDED.format(table="sales_days")}"""
_TILLS = f"""
INSERT INTO sales_day_tills (store_code, day, hour, cashier_id, terminal_code, week, month,
    weekday, sales, returns, total_minor, discount_minor, net_minor, tax_minor, returned_minor)
SELECT store_code, day, extract(hour FROM at)::int, cashier_id, terminal_code, week, month,
       extract(isodow FROM at)::int, count(*) FILTER (WHERE kind <> 'RETURN'),
       count(*) FILTER (WHERE kind = 'RETURN'), sum(total_minor), sum(discount_minor),
       sum(total_minor - tax_minor), sum(tax_minor),
       coalesce(sum(total_minor) FILTER (WHERE kind = 'RETURN'), 0)
FROM folding
GROUP BY store_code, day, extract(hour FROM at), cashier_id, terminal_code, week, month,
         extract(isodow FROM at)
ON CONFLICT (store_code, day, hour, cashier_id, terminal_code) DO UPDATE SET
    {_added("sales_day_tills", TILL_SUMS)}"""
_TENDERS = f"""
INSERT INTO sales_day_tenders (store_code, day, kind, week, month, payments, paid_minor,
    paid_back_minor, amount_minor)
SELECT f.store_code, f.day, t.kind, f.week, f.month, count(*),
       sum(greatest(t.amount_minor, 0)), sum(least(t.amount_minor, 0)), sum(t.amount_minor)
FROM folding f JOIN sale_tenders t ON t.sale_id = f.id
GROUP BY f.store_code, f.day, t.kind, f.week, f.month
ON CONFLICT (store_code, day, kind) DO UPDATE SET
    {_added("sales_day_tenders", TENDER_SUMS)}"""


_TAXES = f"""
INSERT INTO sales_day_taxes (store_code, day, rate_code, rate_ppm, week, month, lines,
    base_minor, tax_minor)
SELECT f.store_code, f.day, t.rate_code, t.rate_ppm, f.week, f.month, sum(t.lines),
       sum(t.base_minor), sum(t.tax_minor)
FROM folding f JOIN sale_taxes t ON t.sale_id = f.id
GROUP BY f.store_code, f.day, t.rate_code, t.rate_ppm, f.week, f.month
ON CONFLICT (store_code, day, rate_code, rate_ppm) DO UPDATE SET
    {_added("sales_day_taxes", TAX_SUMS)}"""
_CUSTOMERS = f"""
INSERT INTO sales_day_customers (store_code, day, customer_id, week, month, sales, returns,
    total_minor, discount_minor, net_minor, tax_minor, returned_minor)
SELECT store_code, day, coalesce(customer_id, :nothing), week, month,
       count(*) FILTER (WHERE kind <> 'RETURN'), count(*) FILTER (WHERE kind = 'RETURN'),
       sum(total_minor), sum(discount_minor), sum(total_minor - tax_minor), sum(tax_minor),
       coalesce(sum(total_minor) FILTER (WHERE kind = 'RETURN'), 0)
FROM folding GROUP BY store_code, day, coalesce(customer_id, :nothing), week, month
ON CONFLICT (store_code, day, customer_id) DO UPDATE SET
    {_added("sales_day_customers", TILL_SUMS)}"""
# What each line gave (posapp.domain.discounts_given, restated in SQL): its value at list price
# (rounded half away from zero, as a line's amount is) less what was paid, for the lines sold
# below their list price or carrying a price note.
_DISCOUNTS = f"""
INSERT INTO sales_day_discounts (store_code, day, reason, week, month, lines, quantity_milli,
    list_minor, price_off_minor, line_discount_minor, basket_discount_minor, given_minor,
    amount_minor)
SELECT store_code, day, reason, week, month, count(*), sum(quantity_milli), sum(listed),
       sum(listed - amount_minor - line_discount - basket_discount_minor), sum(line_discount),
       sum(basket_discount_minor), sum(listed - amount_minor), sum(amount_minor)
FROM (
    SELECT f.store_code, f.day, f.week, f.month, l.quantity_milli, l.amount_minor,
           l.basket_discount_minor, l.discount_minor - l.basket_discount_minor AS line_discount,
           listed.value AS listed,
           left(coalesce(nullif(l.price_note, ''), CASE
               WHEN l.discount_minor <> l.basket_discount_minor THEN :cashiers
               WHEN l.basket_discount_minor <> 0 THEN :basket ELSE :below END), 200) AS reason
    FROM folding f JOIN sale_lines l ON l.sale_id = f.id
    CROSS JOIN LATERAL (SELECT (sign(l.list_price_minor * l.quantity_milli::numeric)
        * div(abs(l.list_price_minor * l.quantity_milli::numeric) + 500, 1000))::bigint
        AS value) listed
    WHERE listed.value <> l.amount_minor OR coalesce(l.price_note, '') <> ''
) given
GROUP BY store_code, day, reason, week, month
ON CONFLICT (store_code, day, reason) DO UPDATE SET
    {_added("sales_day_discounts", DISCOUNT_SUMS)}"""


_NAMES = """
INSERT INTO report_products (product_id, sku, name)
SELECT DISTINCT ON (l.product_id) l.product_id, l.sku, l.name
FROM folding f JOIN sale_lines l ON l.sale_id = f.id ORDER BY l.product_id, f.at DESC
ON CONFLICT (product_id) DO UPDATE SET sku = excluded.sku, name = excluded.name"""


# What costing changed, taken off its queue (migration 0016): a sale's or return's movement
# costs goods on its day (its value out, negated) and counts as costed; a true-up is more cost
# of goods on the day of the movement that brought it. Sale movements' ids are their lines'.
_COST_CHANGES = """
CREATE TEMP TABLE cost_folding ON COMMIT DROP AS
WITH taken AS (
    SELECT id, movement_id, value_minor, true_up_minor, costed FROM report_cost_changes
    ORDER BY id LIMIT :step FOR UPDATE SKIP LOCKED
)
SELECT t.id, m.store_code, m.product_id,
       (coalesce(m.business_at, m.created_at) AT TIME ZONE coalesce(z.time_zone, 'UTC'))::date
           AS day,
       t.true_up_minor - CASE WHEN l.id IS NULL THEN 0 ELSE t.value_minor END AS cost,
       CASE WHEN l.id IS NULL THEN 0 ELSE -m.quantity_milli * t.costed END AS costed
FROM taken t JOIN stock_movements m ON m.id = t.movement_id
LEFT JOIN sale_lines l ON l.id = t.movement_id
LEFT JOIN store_zones z ON z.store_code = m.store_code
"""
_COST_BY_PRODUCT = """
INSERT INTO {table} ({store_key} {period}, product_id, category_id, brand_id, {columns})
SELECT {store_key} {start}, product_id, {groups}, 0, 0, 0, 0, 0, 0, 0, sum(cost), sum(costed)
FROM cost_folding LEFT JOIN catalogue_products c ON c.id = product_id
GROUP BY {store_key} {start}, product_id, {groups}
ON CONFLICT ({store_key} {period}, product_id, category_id, brand_id) DO UPDATE SET
    cost_minor = {table}.cost_minor + excluded.cost_minor,
    costed_milli = {table}.costed_milli + excluded.costed_milli"""
_COST_BY_DAY = f"""
INSERT INTO sales_days (store_code, day, region, week, month, {_PRODUCT_COLUMNS})
SELECT store_code, day, '', date_trunc('week', day)::date, date_trunc('month', day)::date,
       0, 0, 0, 0, 0, 0, 0, sum(cost), sum(costed)
FROM cost_folding GROUP BY store_code, day
ON CONFLICT (store_code, day, region) DO UPDATE SET
    cost_minor = sales_days.cost_minor + excluded.cost_minor,
    costed_milli = sales_days.costed_milli + excluded.costed_milli"""


@dataclass(frozen=True)
class Folded:
    documents: int
    cost_changes: int = 0


def fold(engine: Engine, step: int = STEP) -> Folded:
    """Fold in every document waiting; several folding processes share the queue."""
    documents = changes = 0
    while (done := _fold_step(engine, step, "report_queue", _add)) > 0:
        documents += done
    while _fold_step(engine, step, "report_catch_up", _add_details) > 0:
        pass
    while (done := _fold_costs(engine, step)) > 0:
        changes += done
    return Folded(documents, changes)


def _fold_costs(engine: Engine, step: int) -> int:
    with engine.begin() as connection:
        connection.execute(text(_COST_CHANGES), {"step": step})
        taken = connection.execute(text("SELECT count(*) FROM cost_folding")).scalar_one()
        if taken == 0:
            return 0
        nothing = {"nothing": NOTHING}
        for period, start in (
            ("day", "day"),
            ("week", "date_trunc('week', day)::date"),
            ("month", "date_trunc('month', day)::date"),
        ):
            for table, _, store_key in _PRODUCT_TABLES:
                statement = _COST_BY_PRODUCT.format(
                    table=table.format(period=period),
                    store_key=store_key,
                    period=period,
                    start=start,
                    columns=_PRODUCT_COLUMNS,
                    groups=_groups(period),
                )
                connection.execute(text(statement), nothing)
        connection.execute(text(_COST_BY_DAY))
        connection.execute(
            text("DELETE FROM report_cost_changes WHERE id IN (SELECT id FROM cost_folding)")
        )
        return int(taken)


def _fold_step(engine: Engine, step: int, queue: str, add: Callable[[Connection], None]) -> int:
    with engine.begin() as connection:
        connection.execute(text(_DOCUMENTS.format(queue=queue)), {"step": step})
        taken = connection.execute(text("SELECT count(*) FROM folding")).scalar_one()
        if taken == 0:
            return 0
        add(connection)
        connection.execute(text(f"DELETE FROM {queue} WHERE sale_id IN (SELECT id FROM folding)"))
        return int(taken)


def _add(connection: Connection) -> None:
    nothing = {"nothing": NOTHING}
    for period in ("day", "week", "month"):
        for table_name, store, store_key in _PRODUCT_TABLES:
            table = table_name.format(period=period)
            statement = _BY_PRODUCT.format(
                table=table,
                store_key=store_key,
                period=period,
                columns=_PRODUCT_COLUMNS,
                lines=_LINES.format(period=period, store=store, groups=_groups(period)),
                added=_ADDED.format(table=table),
            )
            connection.execute(text(statement), nothing)
    for statement in (_BY_DAY, _TILLS, _TENDERS, _NAMES):
        connection.execute(text(statement))
    _add_details(connection)


def _add_details(connection: Connection) -> None:
    """The summaries migration 0019 added: by tax rate, customer and discount reason."""
    connection.execute(text(_TAXES))
    connection.execute(text(_CUSTOMERS), {"nothing": NOTHING})
    connection.execute(
        text(_DISCOUNTS),
        {"cashiers": CASHIER_DISCOUNT, "basket": BASKET_DISCOUNT, "below": BELOW_LIST},
    )
