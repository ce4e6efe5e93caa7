"""Checkpoints of a shop's stock: each product's value and each place's quantity as of the
start of a day (migration 0034). Valuation as of a past day counts from the nearest checkpoint
— forward from the one before it or back from the one after — when that reads fewer movements
than counting back from now (db.stock_value_queries), so a day long past costs what a recent
one does. Unlike a closed period, a checkpoint closes nothing: a movement dated before it, or a
cost rewritten before it, moves it too (the migration's triggers).

Taken once a day by the costing thread, at the day starts after which at least `spacing`
movements were dated since the previous checkpoint: a checkpoint holds a row per product and
place, so the spacing grows with the catalogue and the checkpoints together stay within about
twice the rows of the movements."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine

from posapp.db.costing_ledger import AT
from posapp.db.engine import write_connection
from posapp.db.types import driver_connection, sqlite_timestamp

MINIMUM_SPACING = 100_000  # movements between checkpoints, whatever the catalogue

# A checkpoint counted back from the nearest base after it (a later checkpoint, or what is held
# now): every product's value and every place's quantity, less what the movements placed
# between the two moved and were worth.
_AFTER = f"""WITH after AS MATERIALIZED (
    SELECT m.id, m.product_id, m.location_id, m.quantity_milli FROM stock_movements m
    WHERE m.business_at >= :boundary {{until}}
    UNION ALL
    SELECT m.id, m.product_id, m.location_id, m.quantity_milli FROM stock_movements m
    WHERE m.seq > :clamped_after AND m.business_at < :boundary AND {AT} >= :boundary {{until}}
)"""
_STOCK_SQL = (
    _AFTER
    + """, moved AS MATERIALIZED (
    SELECT product_id, location_id, sum(quantity_milli) AS quantity FROM after
    GROUP BY product_id, location_id
)
INSERT INTO checkpoint_stock (boundary_at, product_id, location_id, quantity_milli)
SELECT :boundary, s.product_id, s.location_id, s.quantity - coalesce(d.quantity, 0)
FROM {stock} s LEFT JOIN moved d ON d.product_id = s.product_id AND d.location_id = s.location_id"""
)
_VALUES_SQL = (
    _AFTER
    + """, revalued AS MATERIALIZED (
    SELECT a.product_id, sum(c.value_minor - c.true_up_minor) AS value
    FROM after a JOIN movement_costs c ON c.movement_id = a.id GROUP BY a.product_id
)
INSERT INTO checkpoint_values (boundary_at, product_id, value_minor)
SELECT :boundary, v.product_id, v.value - coalesce(r.value, 0)
FROM {values} v LEFT JOIN revalued r ON r.product_id = v.product_id"""
)
_BASES = {
    "now": {
        "until": "",
        "stock": "(SELECT product_id, location_id, on_hand_milli AS quantity FROM stock_levels)",
        "values": "(SELECT product_id, value_minor AS value FROM product_values)",
    },
    "checkpoint": {
        "until": f"AND m.business_at < :base AND {AT} < :base",
        "stock": "(SELECT product_id, location_id, quantity_milli AS quantity "
        "FROM checkpoint_stock WHERE boundary_at = :base)",
        "values": "(SELECT product_id, value_minor AS value "
        "FROM checkpoint_values WHERE boundary_at = :base)",
    },
}
# The first period closed with its boundary at or past an instant: movements recorded after it
# may be placed at its boundary although dated before the instant.
CLAMPED_AFTER_SQL = (
    "SELECT coalesce(min(last_seq), 9223372036854775807) FROM cost_periods "
    "WHERE boundary_at >= :before"
)
# counters' rows: the last day checkpoints were looked for, and the day of the boundary the next
# look walks the days from (the newest checkpoint when a look last finished: a look cut short
# by an error leaves older ones due, and the next look takes them)
_CHECKED = "checkpoints_checked_through"
_FROM = "checkpoints_looked_from"


def keep_checkpoints(engine: Engine, today: date) -> list[datetime]:
    """Take the checkpoints due before `today` (UTC), newest first, each counted back from the
    nearest base after it; the boundaries taken. Looks once a day. Each is one write
    transaction: a till's sale waits for it (seconds on a big catalogue, once a day — the
    costing thread's first run after midnight)."""
    with engine.connect() as connection:
        raw = driver_connection(connection)
        looked = dict(
            raw.execute(
                "SELECT name, value FROM counters WHERE name IN (?, ?)", (_CHECKED, _FROM)
            ).fetchall()
        )
    if looked.get(_CHECKED, 0) >= today.toordinal():
        return []
    since = _start(date.fromordinal(looked[_FROM])) if _FROM in looked else None
    boundaries = due_boundaries(engine, today, since)
    for boundary in reversed(boundaries):
        take_checkpoint(engine, boundary)
    with write_connection(engine) as connection, connection.begin():
        raw = driver_connection(connection)
        (newest,) = raw.execute("SELECT max(boundary_at) FROM value_checkpoints").fetchone()
        raw.executemany(
            "INSERT INTO counters (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            [(_CHECKED, today.toordinal())]
            + ([] if newest is None else [(_FROM, date.fromisoformat(newest[:10]).toordinal())]),
        )
    return boundaries


def take_checkpoint(engine: Engine, boundary: datetime) -> None:
    """A checkpoint of the stock as of `boundary`, in one write transaction."""
    edge = sqlite_timestamp(boundary)
    with write_connection(engine) as connection, connection.begin():
        raw = driver_connection(connection)
        (base,) = raw.execute(
            "SELECT min(boundary_at) FROM value_checkpoints WHERE boundary_at > ?", (edge,)
        ).fetchone()
        (clamped_after,) = raw.execute(CLAMPED_AFTER_SQL, {"before": edge}).fetchone()
        asked = {"boundary": edge, "base": base, "clamped_after": clamped_after}
        parts = _BASES["now" if base is None else "checkpoint"]
        raw.execute(_STOCK_SQL.format(**parts), asked)
        raw.execute(_VALUES_SQL.format(**parts), asked)
        raw.execute(
            "INSERT INTO value_checkpoints (boundary_at, taken_at) VALUES (?, ?)",
            (edge, sqlite_timestamp(datetime.now(UTC))),
        )


def due_boundaries(engine: Engine, today: date, since: datetime | None) -> list[datetime]:
    """The day starts after `since`, up to today's, where a checkpoint is due and not yet
    taken: each the first after which at least `spacing` movements were dated since the
    previous checkpoint."""
    after = "" if since is None else sqlite_timestamp(since)
    with engine.connect() as connection:
        raw = driver_connection(connection)
        (held,) = raw.execute("SELECT count(*) FROM product_values").fetchone()
        taken = {
            row[0]
            for row in raw.execute(
                "SELECT boundary_at FROM value_checkpoints WHERE boundary_at > ?", (after,)
            )
        }
        days = raw.execute(
            "SELECT substr(business_at, 1, 10), count(*) FROM stock_movements "
            "WHERE business_at >= ? AND business_at < ? GROUP BY 1 ORDER BY 1",
            (after, sqlite_timestamp(_start(today))),
        ).fetchall()
    spacing = max(MINIMUM_SPACING, held)
    due: list[datetime] = []
    counted = 0
    for day, movements in days:
        counted += movements
        boundary = _start(date.fromisoformat(day) + timedelta(days=1))
        if sqlite_timestamp(boundary) in taken or counted >= spacing:
            if sqlite_timestamp(boundary) not in taken:
                due.append(boundary)
            counted = 0
    return due


def _start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)
