"""Folding the sales and returns uploads brought into head office's report summaries
(sync.server.report_tables), by PostgreSQL itself: each step takes a few thousand documents off
the queue a trigger on `sales` fills, and adds their lines, totals and tenders to every summary
in one short transaction — after the upload's transaction, never inside it.

Days are UTC days at head office for now: the stores' time zones do not travel to it yet (a
node's own reports use its local days). Category, brand and region are not known here either:
their keys are the nothing-id and ""; costs are not folded in yet (the margin shows as pending)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from posapp.db.tables.reporting import NOTHING

STEP = 5_000

_DOCUMENTS = """
CREATE TEMP TABLE folding ON COMMIT DROP AS
SELECT s.id, s.store_code, s.kind, s.cashier_id, s.terminal_code, s.total_minor,
       s.discount_minor, s.tax_minor, local.at,
       local.at::date AS day, date_trunc('week', local.at)::date AS week,
       date_trunc('month', local.at)::date AS month
FROM sales s CROSS JOIN LATERAL (SELECT s.created_at AT TIME ZONE 'UTC' AS at) local
WHERE s.id IN (SELECT sale_id FROM report_queue ORDER BY sale_id LIMIT :step FOR UPDATE SKIP LOCKED)
"""
_PRODUCT_COLUMNS = (
    "lines, quantity_milli, amount_minor, discount_minor, net_minor, tax_minor, returned_minor, "
    "cost_minor, costed_milli"
)
_ADDED = ", ".join(f"{c} = {{table}}.{c} + excluded.{c}" for c in _PRODUCT_COLUMNS.split(", "))
_LINES = """
SELECT f.store_code, f.{period}, l.product_id, CAST(:nothing AS uuid), CAST(:nothing AS uuid),
       count(*), sum(l.quantity_milli), sum(l.amount_minor), sum(l.discount_minor),
       sum(l.amount_minor - l.tax_minor), sum(l.tax_minor),
       sum(CASE WHEN l.quantity_milli < 0 THEN l.amount_minor ELSE 0 END), 0, 0
FROM folding f JOIN sale_lines l ON l.sale_id = f.id
GROUP BY f.store_code, f.{period}, l.product_id"""
_BY_PRODUCT = """
INSERT INTO sales_{period}_products (store_code, {period}, product_id, category_id, brand_id,
    {columns}) {lines}
ON CONFLICT (store_code, {period}, product_id, category_id, brand_id) DO UPDATE SET {added}"""
_BY_DAY = f"""
INSERT INTO sales_days (store_code, day, region, week, month, {_PRODUCT_COLUMNS})
SELECT f.store_code, f.day, '', f.week, f.month, count(*), sum(l.quantity_milli),
       sum(l.amount_minor), sum(l.discount_minor), sum(l.amount_minor - l.tax_minor),
       sum(l.tax_minor), sum(CASE WHEN l.quantity_milli < 0 THEN l.amount_minor ELSE 0 END), 0, 0
FROM folding f JOIN sale_lines l ON l.sale_id = f.id
GROUP BY f.store_code, f.day, f.week, f.month
ON CONFLICT (store_code, day, region) DO UPDATE SET {_ADDED.format(table="sales_days")}"""
_TILLS = """
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
    sales = sales_day_tills.sales + excluded.sales,
    returns = sales_day_tills.returns + excluded.returns,
    total_minor = sales_day_tills.total_minor + excluded.total_minor,
    discount_minor = sales_day_tills.discount_minor + excluded.discount_minor,
    net_minor = sales_day_tills.net_minor + excluded.net_minor,
    tax_minor = sales_day_tills.tax_minor + excluded.tax_minor,
    returned_minor = sales_day_tills.returned_minor + excluded.returned_minor"""
_TENDERS = """
INSERT INTO sales_day_tenders (store_code, day, kind, week, month, payments, paid_minor,
    paid_back_minor, amount_minor)
SELECT f.store_code, f.day, t.kind, f.week, f.month, count(*),
       sum(greatest(t.amount_minor, 0)), sum(least(t.amount_minor, 0)), sum(t.amount_minor)
FROM folding f JOIN sale_tenders t ON t.sale_id = f.id
GROUP BY f.store_code, f.day, t.kind, f.week, f.month
ON CONFLICT (store_code, day, kind) DO UPDATE SET
    payments = sales_day_tenders.payments + excluded.payments,
    paid_minor = sales_day_tenders.paid_minor + excluded.paid_minor,
    paid_back_minor = sales_day_tenders.paid_back_minor + excluded.paid_back_minor,
    amount_minor = sales_day_tenders.amount_minor + excluded.amount_minor"""


_NAMES = """
INSERT INTO report_products (product_id, sku, name)
SELECT DISTINCT ON (l.product_id) l.product_id, l.sku, l.name
FROM folding f JOIN sale_lines l ON l.sale_id = f.id ORDER BY l.product_id, f.at DESC
ON CONFLICT (product_id) DO UPDATE SET sku = excluded.sku, name = excluded.name"""


@dataclass(frozen=True)
class Folded:
    documents: int


def fold(engine: Engine, step: int = STEP) -> Folded:
    """Fold in every document waiting; several folding processes share the queue."""
    documents = 0
    while (done := _fold_step(engine, step)) > 0:
        documents += done
    return Folded(documents)


def _fold_step(engine: Engine, step: int) -> int:
    with engine.begin() as connection:
        connection.execute(text(_DOCUMENTS), {"step": step})
        taken = connection.execute(text("SELECT count(*) FROM folding")).scalar_one()
        if taken == 0:
            return 0
        _add(connection)
        connection.execute(
            text("DELETE FROM report_queue WHERE sale_id IN (SELECT id FROM folding)")
        )
        return int(taken)


def _add(connection: Connection) -> None:
    nothing = {"nothing": NOTHING}
    for period in ("day", "month"):
        table = f"sales_{period}_products"
        statement = _BY_PRODUCT.format(
            period=period,
            columns=_PRODUCT_COLUMNS,
            lines=_LINES.format(period=period),
            added=_ADDED.format(table=table),
        )
        connection.execute(text(statement), nothing)
    for statement in (_BY_DAY, _TILLS, _TENDERS, _NAMES):
        connection.execute(text(statement))
