"""Keeping the report summaries (db.tables.reporting) up to date, off the till's critical path:
a fold reads the sales and returns the journal recorded since the last fold and the cost changes
costing queued, and adds them to the summaries by the store's local day — a few thousand at a
time, each step one short transaction, so a till's sale never waits long behind it.

Sales and costs count under the category and brand their product has when they are folded in
(minutes after the sale, normally): a product moved to another category later leaves its past
sales where they were, so a closed month's report by category stays as it was.

Read and written through the driver, as SQLite holds the values (ids as hex, days as ISO text):
turning a million lines into Python objects and back cost more than the sums themselves."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from operator import add
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from posapp.db.engine import write_connection
from posapp.db.tables.reporting import (
    DISCOUNT_SUMS,
    NOTHING,
    PRODUCT_SUMS,
    TAX_SUMS,
    TENDER_SUMS,
    TILL_SUMS,
)
from posapp.db.types import driver_connection
from posapp.domain.discounts_given import given
from posapp.domain.reporting import month_of, week_of

STEP = 2_000  # documents (or cost changes) folded per transaction
_DOCUMENTS = "documents"
# Discounts given came later (migration 0030): they fold from their own cursor until they catch
# up with the documents', then with them.
_DISCOUNTS = "discounts"
_NOTHING = NOTHING.hex
Key = tuple[object, ...]


@dataclass(frozen=True)
class Folded:
    documents: int
    cost_changes: int


class _Sums:
    """Sums gathered in memory for one summary, keyed by its primary key, added to its rows in
    one statement; `fixed` columns are set from the key when a row is first written."""

    def __init__(
        self, table: str, keys: tuple[str, ...], fixed: tuple[str, ...], sums: tuple[str, ...]
    ) -> None:
        self.table, self.keys, self.fixed, self.sums = table, keys, fixed, sums
        self.rows: dict[Key, list[int]] = {}
        self.fixed_of: dict[Key, Key] = {}

    def add(
        self, key: tuple[object, ...], fixed: tuple[object, ...], values: Sequence[int]
    ) -> None:
        row = self.rows.get(key)
        if row is None:
            self.rows[key] = list(values)
            self.fixed_of[key] = fixed
            return
        row[:] = map(add, row, values)  # element by element, without a Python loop

    def write(self, raw: sqlite3.Connection) -> None:
        if not self.rows:
            return
        columns = (*self.keys, *self.fixed, *self.sums)
        added = ", ".join(f"{s} = {s} + excluded.{s}" for s in self.sums)
        raw.executemany(
            f"INSERT INTO {self.table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT ({', '.join(self.keys)}) DO UPDATE SET {added}",
            [(*key, *self.fixed_of[key], *row) for key, row in self.rows.items()],
        )


class _ProductSums:
    """A fact about a product on a day goes to the day, month and day-alone summaries."""

    def __init__(self) -> None:
        self.days = _Sums(
            "sales_day_products",
            ("day", "product_id", "category_id", "brand_id"),
            (),
            PRODUCT_SUMS,
        )
        self.months = _Sums(
            "sales_month_products",
            ("month", "product_id", "category_id", "brand_id"),
            (),
            PRODUCT_SUMS,
        )
        self.weeks = _Sums("sales_week_products", ("week", "product_id"), (), PRODUCT_SUMS)
        self.alone = _Sums("sales_days", ("day", "region"), ("week", "month"), PRODUCT_SUMS)
        self._periods: dict[date, tuple[str, str, str]] = {}

    def add(
        self,
        day: date,
        product: str,
        group: tuple[str, str],
        values: Sequence[int],
        region: str = "",
    ) -> None:
        periods = self._periods.get(day)
        if periods is None:
            periods = (day.isoformat(), week_of(day).isoformat(), month_of(day).isoformat())
            self._periods[day] = periods
        text, week, month = periods
        self.days.add((text, product, *group), (), values)
        self.months.add((month, product, *group), (), values)
        self.weeks.add((week, product), (), values)
        self.alone.add((text, region), (week, month), values)

    def write(self, raw: sqlite3.Connection) -> None:
        for sums in (self.days, self.months, self.weeks, self.alone):
            sums.write(raw)


def fold(engine: Engine, time_zone: str, step: int = STEP) -> Folded:
    """Fold in everything recorded since the last fold; returns how much there was."""
    zone = ZoneInfo(time_zone)
    documents = changes = 0
    while _catch_up_discounts(engine, zone, step) > 0:
        pass
    while (done := _fold_documents(engine, zone, step)) > 0:
        documents += done
    while (done := _fold_cost_changes(engine, zone, step)) > 0:
        changes += done
    return Folded(documents, changes)


def _local(stored: str, zone: ZoneInfo) -> datetime:
    return datetime.fromisoformat(stored).replace(tzinfo=UTC).astimezone(zone)


def _groups(raw: sqlite3.Connection, products: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Each product's category and brand now (NOTHING for none)."""
    wanted = list(set(products))
    found: dict[str, tuple[str, str]] = {}
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        for product, category, brand in raw.execute(
            "SELECT id, category_id, brand_id FROM products "
            f"WHERE id IN ({', '.join('?' * len(part))})",
            part,
        ):
            found[product] = (category or _NOTHING, brand or _NOTHING)
    return found


def _fold_documents(engine: Engine, zone: ZoneInfo, step: int) -> int:
    with write_connection(engine) as connection, connection.begin():
        raw = driver_connection(connection)
        after = _position(raw, _DOCUMENTS)
        entries = _entries(raw, after, None, step)
        if not entries:
            return 0
        # Discounts fold with the rest once caught up (else _catch_up_discounts brings them).
        with_discounts = _position(raw, _DISCOUNTS) == after
        ids = [document for _, document in entries]
        marks = ", ".join("?" * len(ids))
        documents = raw.execute(
            "SELECT id, kind, created_at, cashier_id, terminal_code, total_minor, "
            f"discount_minor, net_minor, tax_minor, customer_id FROM sales WHERE id IN ({marks})",
            ids,
        ).fetchall()
        local = {row[0]: _local(row[2], zone) for row in documents}
        _add_lines(raw, ids, local)
        for sums in _add_documents(documents, local):
            sums.write(raw)
        _add_taxes(raw, ids, local).write(raw)
        _add_tenders(raw, ids, local).write(raw)
        _move(raw, _DOCUMENTS, entries[-1][0])
        if with_discounts:
            _add_discounts(raw, ids, local).write(raw)
            _move(raw, _DISCOUNTS, entries[-1][0])
        return len(entries)


def _position(raw: sqlite3.Connection, name: str) -> int:
    found = raw.execute("SELECT position FROM report_cursors WHERE name = ?", (name,)).fetchone()
    return int(found[0]) if found else 0


def _move(raw: sqlite3.Connection, name: str, position: int) -> None:
    raw.execute(
        "INSERT INTO report_cursors (name, position) VALUES (?, ?) "
        "ON CONFLICT (name) DO UPDATE SET position = excluded.position",
        (name, position),
    )


def _entries(
    raw: sqlite3.Connection, after: int, up_to: int | None, step: int
) -> list[tuple[int, str]]:
    """The sales and returns the journal recorded after `after` (up to `up_to`), in order."""
    return raw.execute(
        "SELECT seq, document_id FROM journal_entries WHERE seq > ? AND seq <= ? "
        "AND kind IN ('sale', 'return') ORDER BY seq LIMIT ?",
        (after, up_to if up_to is not None else 2**62, step),
    ).fetchall()


def _local_times(
    raw: sqlite3.Connection, ids: Sequence[str], zone: ZoneInfo
) -> dict[str, datetime]:
    return {
        document: _local(at, zone)
        for document, at in raw.execute(
            f"SELECT id, created_at FROM sales WHERE id IN ({_marks(ids)})", ids
        )
    }


def _catch_up_discounts(engine: Engine, zone: ZoneInfo, step: int) -> int:
    """Fold the discounts of documents the other summaries already hold (a node upgraded to
    migration 0030), up to the documents' cursor."""
    with write_connection(engine) as connection, connection.begin():
        raw = driver_connection(connection)
        up_to = _position(raw, _DOCUMENTS)
        entries = _entries(raw, _position(raw, _DISCOUNTS), up_to, step)
        if not entries:
            return 0
        ids = [document for _, document in entries]
        _add_discounts(raw, ids, _local_times(raw, ids, zone)).write(raw)
        _move(raw, _DISCOUNTS, entries[-1][0])
        return len(entries)


def _add_discounts(raw: sqlite3.Connection, ids: list[str], local: dict[str, datetime]) -> _Sums:
    sums = _Sums("sales_day_discounts", ("day", "reason"), ("week", "month"), DISCOUNT_SUMS)
    for sale, quantity, listed, amount, line_discount, basket_discount, note in raw.execute(
        "SELECT sale_id, quantity_milli, list_price_minor, amount_minor, line_discount_minor, "
        f"basket_discount_minor, price_note FROM sale_lines WHERE sale_id IN ({_marks(ids)})",
        ids,
    ):
        found = given(
            list_price_minor=listed,
            quantity_milli=quantity,
            amount_minor=amount,
            line_discount_minor=line_discount,
            basket_discount_minor=basket_discount,
            price_note=note,
        )
        if found is not None:
            day = local[sale].date()
            sums.add((day.isoformat(), found.reason), _periods(day), found.sums)
    return sums


def _add_lines(raw: sqlite3.Connection, ids: list[str], local: dict[str, datetime]) -> None:
    lines = raw.execute(
        "SELECT sale_id, product_id, quantity_milli, amount_minor, "
        "line_discount_minor + basket_discount_minor, net_minor, tax_minor "
        f"FROM sale_lines WHERE sale_id IN ({', '.join('?' * len(ids))})",
        ids,
    ).fetchall()
    groups = _groups(raw, (line[1] for line in lines))
    sums = _ProductSums()
    for sale, product, quantity, amount, discount, net, tax in lines:
        returned = amount if quantity < 0 else 0
        values = (1, quantity, amount, discount, net, tax, returned, 0, 0)
        sums.add(local[sale].date(), product, groups[product], values)
    sums.write(raw)


def _add_documents(
    documents: Sequence[Sequence[Any]], local: dict[str, datetime]
) -> tuple[_Sums, _Sums]:
    """Each sale and return counted with its totals: by hour, cashier and terminal, and by
    customer."""
    tills = _Sums(
        "sales_day_tills",
        ("day", "hour", "cashier_id", "terminal_code"),
        ("week", "month", "weekday"),
        TILL_SUMS,
    )
    customers = _Sums("sales_day_customers", ("day", "customer_id"), ("week", "month"), TILL_SUMS)
    for document, kind, _, cashier, terminal, total, discount, net, tax, customer in documents:
        at = local[document]
        day = at.date()
        is_return = kind == "RETURN"
        sale = 0 if is_return else 1
        values = (sale, 1 - sale, total, discount, net, tax, total if is_return else 0)
        text = day.isoformat()
        tills.add((text, at.hour, cashier, terminal), (*_periods(day), at.isoweekday()), values)
        customers.add((text, customer or _NOTHING), _periods(day), values)
    return tills, customers


def _periods(day: date) -> Key:
    return week_of(day).isoformat(), month_of(day).isoformat()


def _marks(ids: Sequence[str]) -> str:
    return ", ".join("?" * len(ids))


def _add_taxes(raw: sqlite3.Connection, ids: list[str], local: dict[str, datetime]) -> _Sums:
    """Each rate's lines, their net amount and the tax on them (a line taxed at two rates
    counts at both)."""
    sums = _Sums("sales_day_taxes", ("day", "rate_code", "rate_ppm"), ("week", "month"), TAX_SUMS)
    for sale, code, ppm, net, tax in raw.execute(
        "SELECT l.sale_id, t.rate_code, t.rate_ppm, l.net_minor, t.tax_minor "
        "FROM sale_lines l JOIN sale_line_taxes t ON t.line_id = l.id "
        f"WHERE l.sale_id IN ({_marks(ids)})",
        ids,
    ):
        day = local[sale].date()
        sums.add((day.isoformat(), code, ppm), _periods(day), (1, net, tax))
    return sums


def _add_tenders(raw: sqlite3.Connection, ids: list[str], local: dict[str, datetime]) -> _Sums:
    sums = _Sums("sales_day_tenders", ("day", "kind"), ("week", "month"), TENDER_SUMS)
    for sale, kind, amount in raw.execute(
        f"SELECT sale_id, kind, amount_minor FROM sale_tenders WHERE sale_id IN ({_marks(ids)})",
        ids,
    ):
        day = local[sale].date()
        paid_in, paid_back = (amount, 0) if amount >= 0 else (0, amount)
        sums.add((day.isoformat(), kind), _periods(day), (1, paid_in, paid_back, amount))
    return sums


def _fold_cost_changes(engine: Engine, zone: ZoneInfo, step: int) -> int:
    """A sale's or return's movement costs goods for its day (its value out, negated); a
    true-up is more cost of goods on the day of the movement that brought it."""
    with write_connection(engine) as connection, connection.begin():
        raw = driver_connection(connection)
        changes = raw.execute(
            "SELECT q.id, q.value_minor, q.true_up_minor, q.costed, m.product_id, "
            "m.quantity_milli, m.sale_id, coalesce(m.business_at, m.created_at) "
            "FROM report_cost_changes q JOIN stock_movements m ON m.id = q.movement_id "
            "ORDER BY q.id LIMIT ?",
            (step,),
        ).fetchall()
        if not changes:
            return 0
        groups = _groups(raw, (change[4] for change in changes))
        sums = _ProductSums()
        for _, value, true_up, costed, product, quantity, sale, at in changes:
            cost, costed_milli = true_up, 0
            if sale is not None:
                cost -= value
                costed_milli = -quantity * costed
            if cost or costed_milli:
                values = (0, 0, 0, 0, 0, 0, 0, cost, costed_milli)
                sums.add(_local(at, zone).date(), product, groups[product], values)
        sums.write(raw)
        raw.execute("DELETE FROM report_cost_changes WHERE id <= ?", (changes[-1][0],))
        return len(changes)


HistoryFact = tuple[date, str | None, str, Sequence[int]]


def fold_history(raw: sqlite3.Connection, lines: Sequence[HistoryFact]) -> None:
    """Imported lines (their day, product — None when not goods —, region and sums) added to
    the summaries in the import's own transaction: all of the import counts, or none of it."""
    groups = _groups(raw, (product for _, product, _, _ in lines if product is not None))
    sums = _ProductSums()
    for day, product, region, values in lines:
        if product is None:
            sums.add(day, _NOTHING, (_NOTHING, _NOTHING), values, region)
        else:
            sums.add(day, product, groups[product], values, region)
    sums.write(raw)
