"""Read-only lists for the back-office screens: shifts with their Z numbers, and the journal
with a one-line summary of each entry."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine, select

from posapp.db.tables import journal_entries, sales, shifts, users, z_reports
from posapp.domain.money import Money
from posapp.services.shop import JournalRow, ShiftRow


def list_shifts(engine: Engine, currency: str) -> list[ShiftRow]:
    query = (
        select(shifts, users.c.display_name, z_reports.c.number.label("z_number"))
        .join(users, users.c.id == shifts.c.cashier_id)
        .outerjoin(z_reports, z_reports.c.shift_id == shifts.c.id)
        .order_by(shifts.c.opened_at.desc())
    )
    with engine.connect() as connection:
        return [
            ShiftRow(
                id=r.id,
                number=r.number,
                cashier=r.display_name,
                opened_at=r.opened_at,
                closed_at=r.closed_at,
                z_number=r.z_number,
                expected_minor=r.expected_minor,
                counted_minor=r.counted_minor,
                currency=currency,
            )
            for r in connection.execute(query)
        ]


def z_payload(engine: Engine, number: int) -> dict[str, object]:
    with engine.connect() as connection:
        text = connection.execute(
            select(z_reports.c.payload).where(z_reports.c.number == number)
        ).scalar_one()
    return dict(json.loads(text))


def _summary(
    kind: str, payload: str | None, number: str | None, total: int | None, currency: str
) -> str:
    def money(minor: int | None) -> str:
        return str(Money(minor or 0, currency))

    if number is not None:
        return f"{number}  {money(total)}"
    data = json.loads(payload) if payload else {}
    for key in ("reason", "action", "user", "username", "role"):
        if key in data:
            detail = str(data[key])
            if kind == "override":
                detail += f" — {data.get('cashier')} approved by {data.get('supervisor')}"
            return detail
    if kind == "z_report":
        return f"Z {data.get('z_number')}, net {money(data.get('net_total'))}"
    if kind == "shift_open":
        return f"shift {data.get('shift')}, float {money(data.get('float'))}"
    return ", ".join(f"{k}={v}" for k, v in sorted(data.items()) if k != "terminal_code")


def journal_rows(engine: Engine, currency: str, limit: int = 5000) -> list[JournalRow]:
    """The newest `limit` entries, newest first."""
    query = (
        select(journal_entries, sales.c.number, sales.c.total_minor)
        .outerjoin(sales, sales.c.id == journal_entries.c.document_id)
        .order_by(journal_entries.c.seq.desc())
        .limit(limit)
    )
    with engine.connect() as connection:
        return [
            JournalRow(
                r.seq,
                r.created_at,
                r.kind,
                _summary(r.kind, r.payload, r.number, r.total_minor, currency),
            )
            for r in connection.execute(query)
        ]


def write_journal(lines: Iterable[str], target: Path) -> int:
    written = 0
    with target.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(f"{line}\n")
            written += 1
    return written
