"""Master data flowing down: records and the ordered log of their changes.

Cursor: "<epoch>.<seq>". Every writer takes one transaction-scoped advisory lock before it
allocates a seq, so seqs become visible in the order they were allocated: a reader that has seen
seq N can never later find a committed change below N. (A bare serial without that lock could
skip a transaction that allocated early and committed late.) Master edits are rare, so one lock
costs nothing that matters.

The epoch changes when head office's master data must be fetched again from the start (a schema
change that needs it, or a restore): a cursor from another epoch, or older than what pruning
kept, gets "must refetch".
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, text

from sync.server.catalogue import keep_in_catalogue
from sync.server.tables import server_facts

_CHANGE_LOCK = 7_100_002
EPOCH_KEY = "master.epoch"
PRUNED_BELOW_KEY = "master.pruned_below"
FORMAT_KEY = "master.format"


class MustRefetch(Exception):
    """The cursor cannot be continued: start again from an empty cursor."""


@dataclass(frozen=True)
class Change:
    seq: int
    entity: str
    key: str
    record: dict[str, Any] | None  # None: deleted


@dataclass(frozen=True)
class ChangesPage:
    changes: list[Change]
    cursor: str
    more: bool


def _fact(connection: Connection, key: str, default: str) -> str:
    value = connection.execute(
        select(server_facts.c.value).where(server_facts.c.key == key)
    ).scalar_one_or_none()
    return default if value is None else str(value)


def epoch(connection: Connection) -> str:
    return _fact(connection, EPOCH_KEY, "1")


def record_changes(
    connection: Connection,
    changes: list[tuple[str, str, dict[str, Any] | None]],
    *,
    origin: uuid.UUID | None,
    at: datetime,
) -> None:
    """Apply (entity, key, record-or-None) in order, in the caller's transaction."""
    if not changes:
        return
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHANGE_LOCK})
    for entity, key, record in changes:
        payload = None if record is None else json.dumps(record, sort_keys=True)
        seq = connection.execute(
            text(
                "INSERT INTO master_changes (entity, key, payload, origin_node_id, changed_at) "
                "VALUES (:entity, :key, CAST(:payload AS jsonb), :origin, :at) RETURNING seq"
            ),
            {"entity": entity, "key": key, "payload": payload, "origin": origin, "at": at},
        ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO master_records (entity, key, payload, change_seq) "
                "VALUES (:entity, :key, CAST(:payload AS jsonb), :seq) "
                "ON CONFLICT (entity, key) DO UPDATE "
                "SET payload = excluded.payload, change_seq = excluded.change_seq"
            ),
            {"entity": entity, "key": key, "payload": payload, "seq": seq},
        )
        keep_in_catalogue(connection, entity, key, record)


def read_changes(connection: Connection, cursor: str | None, limit: int) -> ChangesPage:
    """Up to `limit` changes after `cursor` in commit order; MustRefetch if it cannot continue."""
    current = epoch(connection)
    after = 0
    if cursor:
        cursor_epoch, _, seq_text = cursor.partition(".")
        if cursor_epoch != current:
            raise MustRefetch("head office's master data was rebuilt: fetch it all again")
        try:
            after = int(seq_text)
        except ValueError:
            raise MustRefetch(f"cursor {cursor!r} is not one this server gave") from None
        if after < int(_fact(connection, PRUNED_BELOW_KEY, "0")):
            raise MustRefetch("the cursor is older than the change log: fetch it all again")
    rows = connection.execute(
        text(
            "SELECT seq, entity, key, payload FROM master_changes WHERE seq > :after "
            "ORDER BY seq LIMIT :limit"
        ),
        {"after": after, "limit": limit + 1},
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    changes = [Change(row.seq, row.entity, row.key, row.payload) for row in rows]
    last = changes[-1].seq if changes else after
    return ChangesPage(changes, f"{current}.{last}", more)


def prune(connection: Connection, *, below: int) -> int:
    """Drop changes below seq `below` that a later change of the same record superseded; a
    cursor older than `below` must refetch afterwards. Returns how many were dropped."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHANGE_LOCK})
    result = connection.execute(
        text(
            "DELETE FROM master_changes c WHERE c.seq < :below AND EXISTS ("
            "SELECT 1 FROM master_records r WHERE r.entity = c.entity AND r.key = c.key "
            "AND r.change_seq > c.seq)"
        ),
        {"below": below},
    )
    _set_fact(connection, PRUNED_BELOW_KEY, str(below))
    return int(result.rowcount)


def _set_fact(connection: Connection, key: str, value: str) -> None:
    connection.execute(
        text(
            "INSERT INTO server_facts (key, value) VALUES (:key, :value) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        {"key": key, "value": value},
    )


def bump_epoch(connection: Connection) -> str:
    """Start a new epoch: every node's next pull is told to refetch master data from the start
    (after a restore, or when the records' shape changed). The new epoch."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHANGE_LOCK})
    new = str(int(epoch(connection)) + 1)
    _set_fact(connection, EPOCH_KEY, new)
    return new


def ensure_master_format(connection: Connection, master_format: int) -> bool:
    """Run at start: when this server writes master records in another shape than the one the
    nodes fetched, bump the epoch so they fetch them all again. Whether it bumped."""
    stored = _fact(connection, FORMAT_KEY, "")
    if stored == str(master_format):
        return False
    _set_fact(connection, FORMAT_KEY, str(master_format))
    if stored == "":
        return False  # a new head office: nothing was fetched in an older shape
    bump_epoch(connection)
    return True
