"""Checkpoints of the chain's stock at head office: each store's product values and each
place's quantities as of the start of a day (migration 0028). Valuation as of a past day counts
from the nearest checkpoint, forward from the one before it or back from the one after,
instead of back from now (sync/server/stock_value.py): it reads about half a checkpoint's
spacing of movements at most, however far back the day is.

A checkpoint stays true as data arrives late: a movement uploaded with a time before it moves
its quantities (`CHECKPOINTED`, in each upload's statement), and a cost written or rewritten
for a movement before it moves its values (triggers on movement_costs).

Taken by the costing process once a day, at the day starts after which at least `spacing`
movements were dated since the previous checkpoint: a quiet chain takes few, a busy one one a
day at most. Each holds a row per product and place, so the spacing grows with the catalogue
held and the checkpoints together stay within about twice the rows of the movements."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection, Engine, text

from sync.server.stock_value import BASES, WINDOW

# Part of each upload's statement (after its `moved` CTE, which returns each movement's
# product, location, quantity and `placed_at`): a movement dated before a checkpoint moves that
# checkpoint's quantities too. Locked in key order, as `stock_levels` are.
CHECKPOINTED = """checkpointed AS (
    INSERT INTO checkpoint_stock (boundary_at, product_id, location_id, quantity_milli)
    SELECT c.boundary_at, m.product_id, m.location_id, sum(m.quantity_milli)
    FROM moved m JOIN value_checkpoints c ON m.placed_at < c.boundary_at
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (boundary_at, product_id, location_id) DO UPDATE
    SET quantity_milli = checkpoint_stock.quantity_milli + excluded.quantity_milli
)"""

MINIMUM_SPACING = 100_000  # movements between checkpoints, whatever the catalogue

_PLACED = "coalesce(m.business_at, m.created_at)"
# Movements per day from a time on, to find where the next checkpoints go.
_DAYS_SQL = text(
    f"""SELECT (({_PLACED}) AT TIME ZONE 'UTC')::date AS day, count(*)
FROM stock_movements m WHERE {_PLACED} >= :since AND {_PLACED} < :until
GROUP BY 1 ORDER BY 1"""
)
# The nearest base at or after a boundary: a later checkpoint, or (none) what is held now.
_BASE_AFTER_SQL = text(
    "SELECT min(boundary_at) FROM value_checkpoints WHERE boundary_at > :boundary"
)
# A checkpoint counted back from its base (what is held now, or the next checkpoint): every
# store's products' values and every place's quantities, less what the movements between the
# two moved and were worth.
_TAKE = f"""WITH {WINDOW.format(these="", high="{high}")}, checkpoint AS (
    INSERT INTO value_checkpoints (boundary_at, taken_at) VALUES (:low, :now)
), stock AS (
    INSERT INTO checkpoint_stock (boundary_at, product_id, location_id, quantity_milli)
    SELECT :low, s.product_id, s.location_id, s.on_hand_milli - coalesce(d.quantity, 0)
    FROM {{stock}} s LEFT JOIN moved d
        ON d.product_id = s.product_id AND d.location_id = s.location_id
)
INSERT INTO checkpoint_values (boundary_at, store_code, product_id, value_minor)
SELECT :low, v.store_code, v.product_id, v.value_minor - coalesce(r.value, 0)
FROM {{values}} v LEFT JOIN revalued r
    ON r.store_code = v.store_code AND r.product_id = v.product_id"""
_TAKE_SQL = {base: text(_TAKE.format(**BASES[base])) for base in ("now", "next checkpoint")}
# cost_cursor's row 'checkpoints': the last day checkpoints were looked for, and the boundary
# the next look walks the days from (the newest checkpoint when a look last finished: a look
# cut short — by a costing run, by an error — leaves older ones due, and the next look takes
# them).
_LOOKED_SQL = text("SELECT cursor FROM cost_cursor WHERE name = 'checkpoints'")
_LOOKED_NOW_SQL = text(
    "INSERT INTO cost_cursor (name, cursor) SELECT 'checkpoints', CAST(:day AS text) || '|' || "
    "coalesce((SELECT max(boundary_at) FROM value_checkpoints)::text, '') "
    "ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor"
)
_EVER = datetime(1, 1, 1, tzinfo=UTC)


def take_due_checkpoints(engine: Engine, today: date) -> list[datetime] | None:
    """Take the checkpoints due before `today` (UTC), newest first, each counted back from the
    nearest base after it, each in a transaction of its own; the boundaries taken, or None when
    a costing run holds costing's lock now (the next look takes them). Looks once a day."""
    with engine.connect() as connection:
        looked = connection.execute(_LOOKED_SQL).scalar()
        day, _, since = (looked or "|").partition("|")
        if day and date.fromisoformat(day) >= today:
            return []
        start = datetime.fromisoformat(since) if since else _EVER
        boundaries = due_boundaries(connection, today, start)
    for boundary in reversed(boundaries):
        with engine.begin() as connection:
            if not _hold_costing_lock(connection):
                return None
            # Uploads wait while it is taken (seconds on a big catalogue, once a day): a
            # movement written meanwhile would be in neither the checkpoint nor its triggers.
            connection.execute(text("LOCK TABLE stock_movements IN SHARE MODE"))
            take_checkpoint(connection, boundary)
    with engine.begin() as connection:
        connection.execute(_LOOKED_NOW_SQL, {"day": today.isoformat()})
    return boundaries


def _hold_costing_lock(connection: Connection) -> bool:
    """Costing's lock, to the end of this transaction: no cost changes while a checkpoint is
    taken (a cost written meanwhile would be in neither the checkpoint nor its triggers)."""
    from sync.server.costing import COSTING_LOCK  # costing reaches the uploads' module too

    return bool(
        connection.execute(
            text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": COSTING_LOCK}
        ).scalar()
    )


def take_checkpoint(connection: Connection, boundary: datetime) -> None:
    """A checkpoint of the stock as of `boundary`, counted back from the nearest base after
    it. Costing must not be changing costs meanwhile (its lock), nor uploads adding movements
    (a share lock on them): the checkpoint's triggers follow only what comes after it."""
    base = connection.execute(_BASE_AFTER_SQL, {"boundary": boundary}).scalar()
    connection.execute(
        _TAKE_SQL["now" if base is None else "next checkpoint"],
        {"low": boundary, "base": base, "now": datetime.now(UTC)},
    )


def due_boundaries(connection: Connection, today: date, since: datetime) -> list[datetime]:
    """The day starts after `since`, up to today's, where a checkpoint is due and not yet
    taken: each the first after which at least `spacing` movements were dated since the
    previous checkpoint."""
    held = connection.execute(text("SELECT count(*) FROM product_values")).scalar_one()
    spacing = max(MINIMUM_SPACING, held)
    taken = set(
        connection.execute(
            text("SELECT boundary_at FROM value_checkpoints WHERE boundary_at > :since"),
            {"since": since},
        ).scalars()
    )
    days = connection.execute(_DAYS_SQL, {"since": since, "until": _start(today)}).all()
    due: list[datetime] = []
    counted = 0
    for day, movements in days:
        counted += movements
        boundary = _start(day + timedelta(days=1))
        if boundary in taken or counted >= spacing:
            if boundary not in taken:
                due.append(boundary)
            counted = 0
    return due


def _start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)
