"""Each store's time zone at head office, as its nodes send it with every call (ZONE_HEADER):
the report summaries count a store's days by it, as the store's own node does. Recorded when it
changes only; a name PostgreSQL does not know is ignored (the store stays as it was)."""

from __future__ import annotations

import re
import threading
from datetime import datetime

from sqlalchemy import Engine, text

_NAME = re.compile(r"^[A-Za-z0-9_+\-/]{1,64}$")
_RECORD = text(
    """INSERT INTO store_zones (store_code, time_zone, changed_at)
SELECT :store, CAST(:zone AS text), :now
WHERE EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = CAST(:zone AS text))
ON CONFLICT (store_code) DO UPDATE SET time_zone = excluded.time_zone,
    changed_at = excluded.changed_at
WHERE store_zones.time_zone <> excluded.time_zone"""
)
_KNOWN: dict[str, str] = {}  # store → the zone this process last recorded or saw for it
_GUARD = threading.Lock()


def record_zone(engine: Engine, store: str, zone: str | None, now: datetime) -> None:
    """The store's time zone as a node of it just said, kept if it is a zone and it changed."""
    if zone is None or not _NAME.match(zone):
        return
    with _GUARD:
        if _KNOWN.get(store) == zone:
            return
    with engine.begin() as connection:
        connection.execute(_RECORD, {"store": store, "zone": zone, "now": now})
    with _GUARD:
        _KNOWN[store] = zone
