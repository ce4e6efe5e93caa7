"""Shifts, cash movements and Z reports on SQLite, with the sums an X or Z report is made of.

The sums are SQL over the shift's own documents (sales.shift_id), so a report is exactly what
was rung up in that shift — never a time window that a clock change could shift."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from posapp.db.tables import (
    cash_movements,
    document_series,
    journal_entries,
    shifts,
    users,
    z_reports,
)
from posapp.db.types import driver_connection, sqlite_uuid
from posapp.services.shared import OpenShift, ShiftSums


def shift_series(terminal_code: str) -> str:
    """The series whose floor a till's shift numbers continue past: a till restored from a
    backup is told head office's highest number (sync.client.local_store.reincarnate)."""
    return f"shift:{terminal_code}"


def z_series(terminal_code: str) -> str:
    return f"z:{terminal_code}"


class SqlAlchemyShifts:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def _next_number(self, table: Any, terminal_code: str, series: str) -> int:
        """Numbers run per terminal, inside the write transaction: no gaps, no reuse — above
        the series' floor too, where head office holds numbers a restored backup did not."""
        last = self._connection.execute(
            select(func.max(table.c.number)).where(table.c.terminal_code == terminal_code)
        ).scalar()
        floor = self._connection.execute(
            select(document_series.c.last_number).where(document_series.c.series == series)
        ).scalar()
        return max(int(last or 0), int(floor or 0)) + 1

    def open_shift_id(self, terminal_code: str, drawer: str = "") -> uuid.UUID | None:
        """The open shift's id alone, straight from the driver: every sale asks for it."""
        raw = driver_connection(self._connection)
        found = raw.execute(
            "SELECT id FROM shifts WHERE terminal_code = ? AND drawer = ? AND closed_at IS NULL",
            (terminal_code, drawer),
        ).fetchone()
        return None if found is None else uuid.UUID(found[0])

    def current(self, terminal_code: str, drawer: str = "") -> OpenShift | None:
        row = self._connection.execute(
            select(shifts, users.c.display_name)
            .join(users, users.c.id == shifts.c.cashier_id)
            .where(
                shifts.c.terminal_code == terminal_code,
                shifts.c.drawer == drawer,
                shifts.c.closed_at.is_(None),
            )
        ).first()
        if row is None:
            return None
        return OpenShift(
            id=row.id,
            number=row.number,
            cashier_name=row.display_name,
            opened_at=row.opened_at,
            opening_float_minor=row.opening_float_minor,
        )

    def open(
        self,
        *,
        shift_id: uuid.UUID,
        terminal_code: str,
        cashier_id: uuid.UUID,
        float_minor: int,
        count: dict[str, int],
        at: datetime,
        drawer: str = "",
    ) -> int:
        number = self._next_number(shifts, terminal_code, shift_series(terminal_code))
        self._connection.execute(
            insert(shifts).values(
                id=shift_id,
                drawer=drawer,
                terminal_code=terminal_code,
                number=number,
                cashier_id=cashier_id,
                opened_at=at,
                opening_float_minor=float_minor,
                opening_count=json.dumps(count, sort_keys=True),
            )
        )
        return number

    def add_cash_movement(
        self,
        *,
        movement_id: uuid.UUID,
        shift_id: uuid.UUID,
        kind: str,
        amount_minor: int,
        reason: str,
        user_id: uuid.UUID,
        at: datetime,
    ) -> None:
        self._connection.execute(
            insert(cash_movements).values(
                id=movement_id,
                shift_id=shift_id,
                kind=kind,
                amount_minor=amount_minor,
                reason=reason,
                user_id=user_id,
                created_at=at,
            )
        )

    def sums(self, shift_id: uuid.UUID) -> ShiftSums:
        shift = sqlite_uuid(shift_id)
        run = self._connection.exec_driver_sql

        def rows(sql: str) -> list[Any]:
            return list(run(sql, (shift,)).all())

        documents = {
            kind: (count, total)
            for kind, count, total in rows(
                "SELECT kind, count(*), sum(total_minor) FROM sales WHERE shift_id = ? "
                "GROUP BY kind"
            )
        }
        discounts = run(
            "SELECT coalesce(sum(discount_minor), 0) FROM sales WHERE shift_id = ?", (shift,)
        ).scalar_one()
        tenders = rows(
            "SELECT t.kind, sum(t.amount_minor) FROM sale_tenders t "
            "JOIN sales s ON s.id = t.sale_id WHERE s.shift_id = ? GROUP BY t.kind ORDER BY t.kind"
        )
        taxes = rows(
            "SELECT x.rate_code, x.rate_ppm, sum(l.net_minor), sum(x.tax_minor) "
            "FROM sale_line_taxes x JOIN sale_lines l ON l.id = x.line_id "
            "JOIN sales s ON s.id = l.sale_id WHERE s.shift_id = ? "
            "GROUP BY x.rate_code, x.rate_ppm ORDER BY x.rate_code"
        )
        cashiers = rows(
            "SELECT u.display_name, count(*), sum(s.total_minor) FROM sales s "
            "JOIN users u ON u.id = s.cashier_id WHERE s.shift_id = ? "
            "GROUP BY u.display_name ORDER BY u.display_name"
        )
        movements = dict(
            rows(
                "SELECT kind, sum(amount_minor) FROM cash_movements WHERE shift_id = ? "
                "GROUP BY kind"
            )
        )
        payments = rows(
            "SELECT tender, -sum(amount_minor) FROM receivable_entries "
            "WHERE shift_id = ? AND kind = 'PAYMENT' GROUP BY tender ORDER BY tender"
        )
        return ShiftSums(
            sales=documents.get("SALE", (0, 0)),
            returns=documents.get("RETURN", (0, 0)),
            discounts_minor=int(discounts),
            by_tender=tuple((kind, int(total)) for kind, total in tenders),
            by_tax=tuple((code, ppm, int(base), int(tax)) for code, ppm, base, tax in taxes),
            by_cashier=tuple((name, count, int(total)) for name, count, total in cashiers),
            cash_in_minor=int(movements.get("cash_in", 0)),
            cash_out_minor=int(movements.get("cash_out", 0)),
            drops_minor=int(movements.get("drop", 0)),
            account_payments=tuple((tender, int(total)) for tender, total in payments),
        )

    def journal_counts_since(self, since: datetime, kinds: tuple[str, ...]) -> dict[str, int]:
        found = self._connection.execute(
            select(journal_entries.c.kind, func.count())
            .where(journal_entries.c.created_at >= since, journal_entries.c.kind.in_(kinds))
            .group_by(journal_entries.c.kind)
        )
        return {kind: int(count) for kind, count in found}

    def close(
        self,
        *,
        shift_id: uuid.UUID,
        count: dict[str, int],
        counted_minor: int,
        expected_minor: int,
        approved_by: uuid.UUID | None,
        at: datetime,
    ) -> None:
        closed = self._connection.execute(
            update(shifts)
            .where(shifts.c.id == shift_id, shifts.c.closed_at.is_(None))
            .values(
                closed_at=at,
                closing_count=json.dumps(count, sort_keys=True),
                counted_minor=counted_minor,
                expected_minor=expected_minor,
                approved_by=approved_by,
            )
        )
        if closed.rowcount != 1:
            raise RuntimeError(f"shift {shift_id} was not open")

    def next_z_number(self, terminal_code: str) -> int:
        return self._next_number(z_reports, terminal_code, z_series(terminal_code))

    def add_z_report(
        self,
        *,
        report_id: uuid.UUID,
        terminal_code: str,
        number: int,
        shift_id: uuid.UUID,
        payload: str,
        at: datetime,
    ) -> None:
        self._connection.execute(
            insert(z_reports).values(
                id=report_id,
                terminal_code=terminal_code,
                number=number,
                shift_id=shift_id,
                payload=payload,
                created_at=at,
            )
        )

    def z_report(self, terminal_code: str, number: int) -> str | None:
        return self._connection.execute(
            select(z_reports.c.payload).where(
                z_reports.c.terminal_code == terminal_code, z_reports.c.number == number
            )
        ).scalar()
