"""What head office set aside for a person: review flags (accepted, but something is odd) and
batches it refused. Read by `posapp-server flags` and by the back office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, text


@dataclass(frozen=True)
class Flag:
    id: int
    node: str  # "S01-T02"
    problem: str
    flagged_at: datetime
    resolved_at: datetime | None


@dataclass(frozen=True)
class RefusedBatch:
    node: str
    first_seq: int
    last_seq: int
    reason: str
    refused_at: datetime
    accepted_at: datetime | None


def flags(
    engine: Engine, *, include_resolved: bool = False, store: str | None = None, limit: int = 500
) -> list[Flag]:
    """Flags, oldest first; of one store's tills when `store` is given."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT f.id, n.store_code || '-' || n.terminal_code AS node, f.problem, "
                "f.flagged_at, f.resolved_at FROM review_flags f JOIN nodes n ON n.id = f.node_id "
                "WHERE (:all OR f.resolved_at IS NULL) "
                "AND (CAST(:store AS text) IS NULL OR n.store_code = :store) "
                "ORDER BY f.id LIMIT :limit"
            ),
            {"all": include_resolved, "store": store, "limit": limit},
        ).all()
    return [Flag(*row) for row in rows]


def resolve(engine: Engine, flag_ids: list[int], *, at: datetime) -> int:
    """Mark flags as looked at; how many were still open."""
    with engine.begin() as connection:
        result = connection.execute(
            text(
                "UPDATE review_flags SET resolved_at = :at "
                "WHERE id = ANY(:ids) AND resolved_at IS NULL"
            ),
            {"at": at, "ids": flag_ids},
        )
    return int(result.rowcount)


def refused_batches(
    engine: Engine, *, store: str | None = None, limit: int = 500
) -> list[RefusedBatch]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT n.store_code || '-' || n.terminal_code, r.first_seq, r.last_seq, "
                "r.reason, r.refused_at, r.accepted_at FROM refused_batches r "
                "JOIN nodes n ON n.id = r.node_id "
                "WHERE CAST(:store AS text) IS NULL OR n.store_code = :store "
                "ORDER BY r.refused_at LIMIT :limit"
            ),
            {"store": store, "limit": limit},
        ).all()
    return [RefusedBatch(*row) for row in rows]
