"""Keeping the report summaries (db.tables.reporting) up to date, off the till's critical path:
a fold reads the sales and returns the journal recorded since the last fold and the cost changes
costing queued, and adds them to the summaries by the store's local day — a few thousand at a
time, each step one short transaction, so a till's sale never waits long behind it."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, Table, delete, func, select
from sqlalchemy.dialects.sqlite import insert

from posapp.db.engine import write_connection
from posapp.db.tables import (
    journal_entries,
    report_cost_changes,
    report_cursors,
    sale_lines,
    sales,
    sales_day_products,
    sales_day_tills,
    stock_movements,
)
from posapp.domain.reporting import month_of, week_of

STEP = 2_000  # documents (or cost changes) folded per transaction
_DOCUMENTS = "documents"

Sums = dict[str, int]


@dataclass(frozen=True)
class Folded:
    documents: int
    cost_changes: int


class _Summary:
    """Sums gathered in memory for one summary, added to its rows in one statement."""

    def __init__(self, table: Table, keys: tuple[str, ...]) -> None:
        self.table, self.keys = table, keys
        self.rows: dict[tuple[object, ...], Sums] = defaultdict(lambda: defaultdict(int))
        self.labels: dict[tuple[object, ...], dict[str, object]] = {}

    def add(self, key: tuple[object, ...], labels: dict[str, object], **sums: int) -> None:
        self.labels.setdefault(key, labels)
        row = self.rows[key]
        for column, value in sums.items():
            row[column] += value

    def write(self, connection: Connection) -> None:
        if not self.rows:
            return
        sums = [
            c.name
            for c in self.table.columns
            if c.name not in self.keys and c.name not in ("week", "month", "weekday")
        ]
        values = [
            {
                **dict(zip(self.keys, key, strict=True)),
                **self.labels[key],
                **{column: row.get(column, 0) for column in sums},
            }
            for key, row in self.rows.items()
        ]
        statement = insert(self.table)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=list(self.keys),
                set_={column: self.table.c[column] + statement.excluded[column] for column in sums},
            ),
            values,
        )


def fold(engine: Engine, time_zone: str, step: int = STEP) -> Folded:
    """Fold in everything recorded since the last fold; returns how much there was."""
    zone = ZoneInfo(time_zone)
    documents = changes = 0
    while (done := _fold_documents(engine, zone, step)) > 0:
        documents += done
    while (done := _fold_cost_changes(engine, zone, step)) > 0:
        changes += done
    return Folded(documents, changes)


def _day_labels(day: date) -> dict[str, object]:
    return {"week": week_of(day), "month": month_of(day)}


def _fold_documents(engine: Engine, zone: ZoneInfo, step: int) -> int:
    with write_connection(engine) as connection, connection.begin():
        after = connection.execute(
            select(report_cursors.c.position).where(report_cursors.c.name == _DOCUMENTS)
        ).scalar()
        entries = connection.execute(
            select(journal_entries.c.seq, journal_entries.c.document_id)
            .where(
                journal_entries.c.seq > (after or 0),
                journal_entries.c.kind.in_(("sale", "return")),
            )
            .order_by(journal_entries.c.seq)
            .limit(step)
        ).all()
        if not entries:
            return 0
        ids = [entry.document_id for entry in entries]
        local = _local_times(connection, ids, zone)
        products = _Summary(sales_day_products, ("day", "product_id"))
        _add_lines(connection, ids, local, products)
        tills = _Summary(sales_day_tills, ("day", "hour", "cashier_id", "terminal_code"))
        _add_documents(connection, ids, zone, tills)
        products.write(connection)
        tills.write(connection)
        _move_cursor(connection, _DOCUMENTS, entries[-1].seq)
        return len(entries)


def _local_times(
    connection: Connection, ids: list[uuid.UUID], zone: ZoneInfo
) -> dict[uuid.UUID, datetime]:
    rows = connection.execute(select(sales.c.id, sales.c.created_at).where(sales.c.id.in_(ids)))
    return {row.id: row.created_at.astimezone(zone) for row in rows}


def _add_lines(
    connection: Connection,
    ids: list[uuid.UUID],
    local: dict[uuid.UUID, datetime],
    summary: _Summary,
) -> None:
    lines = connection.execute(
        select(
            sale_lines.c.sale_id,
            sale_lines.c.product_id,
            sale_lines.c.quantity_milli,
            sale_lines.c.amount_minor,
            (sale_lines.c.line_discount_minor + sale_lines.c.basket_discount_minor).label(
                "discount"
            ),
            sale_lines.c.net_minor,
            sale_lines.c.tax_minor,
        ).where(sale_lines.c.sale_id.in_(ids))
    )
    for line in lines:
        day = local[line.sale_id].date()
        returned = line.amount_minor if line.quantity_milli < 0 else 0
        summary.add(
            (day, line.product_id),
            _day_labels(day),
            lines=1,
            quantity_milli=line.quantity_milli,
            amount_minor=line.amount_minor,
            discount_minor=line.discount,
            net_minor=line.net_minor,
            tax_minor=line.tax_minor,
            returned_minor=returned,
        )


def _add_documents(
    connection: Connection, ids: list[uuid.UUID], zone: ZoneInfo, summary: _Summary
) -> None:
    documents = connection.execute(
        select(
            sales.c.kind,
            sales.c.created_at,
            sales.c.cashier_id,
            sales.c.terminal_code,
            sales.c.total_minor,
            sales.c.discount_minor,
            sales.c.net_minor,
            sales.c.tax_minor,
        ).where(sales.c.id.in_(ids))
    )
    for document in documents:
        at = document.created_at.astimezone(zone)
        is_return = document.kind == "RETURN"
        summary.add(
            (at.date(), at.hour, document.cashier_id, document.terminal_code),
            {**_day_labels(at.date()), "weekday": at.isoweekday()},
            sales=0 if is_return else 1,
            returns=1 if is_return else 0,
            total_minor=document.total_minor,
            discount_minor=document.discount_minor,
            net_minor=document.net_minor,
            tax_minor=document.tax_minor,
            returned_minor=document.total_minor if is_return else 0,
        )


def _fold_cost_changes(engine: Engine, zone: ZoneInfo, step: int) -> int:
    """A sale's or return's movement costs goods for its day (its value out, negated); a
    true-up is more cost of goods on the day of the movement that brought it."""
    with write_connection(engine) as connection, connection.begin():
        changes = connection.execute(
            select(
                report_cost_changes.c.id,
                report_cost_changes.c.value_minor,
                report_cost_changes.c.true_up_minor,
                report_cost_changes.c.costed,
                stock_movements.c.product_id,
                stock_movements.c.quantity_milli,
                stock_movements.c.sale_id,
                func.coalesce(stock_movements.c.business_at, stock_movements.c.created_at).label(
                    "at"
                ),
            )
            .join(stock_movements, stock_movements.c.id == report_cost_changes.c.movement_id)
            .order_by(report_cost_changes.c.id)
            .limit(step)
        ).all()
        if not changes:
            return 0
        summary = _Summary(sales_day_products, ("day", "product_id"))
        for key, labels, sums in _costs_of_goods(changes, zone):
            summary.add(key, labels, **sums)
        summary.write(connection)
        connection.execute(
            delete(report_cost_changes).where(report_cost_changes.c.id <= changes[-1].id)
        )
        return len(changes)


def _costs_of_goods(
    changes: Sequence[Any], zone: ZoneInfo
) -> Iterator[tuple[tuple[object, ...], dict[str, object], Sums]]:
    for change in changes:
        day = change.at.astimezone(zone).date()
        cost, costed = change.true_up_minor, 0
        if change.sale_id is not None:
            cost -= change.value_minor
            costed = -change.quantity_milli * change.costed
        if cost or costed:
            yield (
                (day, change.product_id),
                _day_labels(day),
                {
                    "cost_minor": cost,
                    "costed_milli": costed,
                },
            )


def _move_cursor(connection: Connection, name: str, position: int) -> None:
    statement = insert(report_cursors).values(name=name, position=position)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["name"], set_={"position": statement.excluded.position}
        )
    )
