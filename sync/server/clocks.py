"""Each node's clock against head office's, at every call: costing orders a store's movements
by the time each node recorded (DESIGN §3), so a clock more than five minutes off is flagged
for review — once until someone resolves it, and looked up at most once a minute per node."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import datetime

from sqlalchemy import Engine, text

from sync.protocol import CLOCK_SKEW_FLAGGED_SECONDS
from sync.server.nodes import Node

# The flag's event is the node itself: one open clock flag per node.
_FLAG = text(
    """
INSERT INTO review_flags (event_id, node_id, problem, flagged_at)
SELECT :node, :node, :problem, :now
WHERE NOT EXISTS (SELECT 1 FROM review_flags
                  WHERE node_id = :node AND event_id = :node AND resolved_at IS NULL)
"""
)
_LOOKED: dict[uuid.UUID, float] = {}
_GUARD = threading.Lock()


def compare_clock(engine: Engine, node: Node, sent: str | None, now: datetime) -> None:
    if sent is None:
        return
    try:
        theirs = datetime.fromisoformat(sent)
    except ValueError:
        return  # a header that is not a time says nothing about the clock
    if theirs.tzinfo is None:
        return
    skew = (theirs - now).total_seconds()
    if abs(skew) <= CLOCK_SKEW_FLAGGED_SECONDS:
        return
    with _GUARD:
        if time.monotonic() - _LOOKED.get(node.id, -60.0) < 60.0:
            return
        _LOOKED[node.id] = time.monotonic()
    minutes = abs(skew) / 60
    way = "ahead of" if skew > 0 else "behind"
    problem = (
        f"the clock of {node.store_code}/{node.terminal_code} is {minutes:,.0f} minutes {way} "
        "head office's: costing orders this node's movements by it; set its clock right"
    )
    with engine.begin() as connection:
        connection.execute(_FLAG, {"node": node.id, "problem": problem, "now": now})
