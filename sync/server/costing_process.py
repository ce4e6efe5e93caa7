"""Head office's costing, and the folding of its report summaries, beside a serving process:
in a process of its own, at a lower priority. Costing replays in Python; inside the serving
process it held the interpreter the uploads need, and a store's 1,000,000-movement backlog
drained at 5,000 movements/s while it ran instead of 18,000. The uploads come first; costing
takes what the machine has left."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable
from datetime import UTC, date, datetime
from multiprocessing.synchronize import Event

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from sync.server.costing import at_this_priority, cost_and_publish
from sync.server.report_summaries import fold
from sync.server.value_checkpoints import take_due_checkpoints

COSTING_EVERY_SECONDS = 30.0  # how often what arrived is costed
LOWER_PRIORITY = 10  # nice: the serving process's uploads come first
# While a backlog arrives (a store back online after days: more events a second than a chain's
# tills send in a busy hour), costing and the report summaries wait, for at most ten minutes
# at a time. At their low priority they still took 45 % of a 500,000-movement drain (7,000
# movements/s beside them, 12,000 without); 100 tills selling a sale a minute each send about 2
# events a second.
BACKLOG_EVENTS_PER_SECOND = 100.0
MOST_DEFERRED_SECONDS = 600.0
_log = logging.getLogger(__name__)


def keep_costing(url: str, every_seconds: float = COSTING_EVERY_SECONDS) -> Callable[[], None]:
    """Start costing what arrives every `every_seconds` in a process of its own; call what
    this returns to stop it (it stops by itself when the serving process dies)."""
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    process = context.Process(
        target=_cost_every,
        args=(url, every_seconds, stop, os.getpid()),
        name="posapp-server costing",
    )
    process.start()

    def stopping() -> None:
        stop.set()
        process.join(timeout=2)
        if process.is_alive():
            # In the middle of a run: every step committed stays, the next run resumes from
            # there; the run's own worker processes are in its process group and go with it.
            with contextlib.suppress(OSError, AttributeError):
                assert process.pid is not None  # started above
                os.killpg(process.pid, signal.SIGTERM)
            process.join(timeout=10)
            if process.is_alive():
                process.kill()

    return stopping


def _cost_every(url: str, every_seconds: float, stop: Event, parent: int) -> None:
    if hasattr(os, "setpgrp"):
        os.setpgrp()  # a group of its own, with the worker processes a big run starts
    if hasattr(os, "nice"):
        os.nice(LOWER_PRIORITY)  # its worker processes and threads inherit it
    engine = at_this_priority(create_engine(url, pool_pre_ping=True))
    waited = deferred = 0.0
    applied = _events_applied(engine)
    while not stop.wait(1.0):
        if os.getppid() != parent:
            break  # the serving process is gone: costing goes with it
        waited += 1.0
        if waited < every_seconds:
            continue
        before, applied = applied, _events_applied(engine)
        rate = 0.0 if before is None or applied is None else (applied - before) / waited
        if defers(rate, deferred):
            deferred, waited = deferred + waited, 0.0
            continue
        waited = deferred = 0.0
        # At the same low priority: the reports' summaries, and once a day the stock's
        # checkpoints that valuation counts from.
        for what, work in (
            ("costing run", lambda: cost_and_publish(engine)),
            ("folding the report summaries", lambda: fold(engine)),
            ("taking the stock's checkpoints", lambda: take_due_checkpoints(engine, _today())),
        ):
            try:
                work()
            except Exception:  # a bad run is logged and tried again; serving goes on
                _log.exception("%s failed; trying again in %s s", what, every_seconds)
    engine.dispose()


def defers(events_per_second: float, deferred_seconds: float) -> bool:
    """Whether costing waits this time: a backlog is arriving, and it has not waited
    `MOST_DEFERRED_SECONDS` already."""
    return (
        events_per_second > BACKLOG_EVENTS_PER_SECOND and deferred_seconds < MOST_DEFERRED_SECONDS
    )


def _events_applied(engine: Engine) -> int | None:
    """Events head office has applied from every node so far (None when it cannot say:
    costing then runs as usual)."""
    try:
        with engine.connect() as connection:
            return int(
                connection.execute(
                    text("SELECT coalesce(sum(last_seq), 0) FROM nodes")
                ).scalar_one()
            )
    except SQLAlchemyError:  # the database is away: the costing run will say so
        return None


def _today() -> date:
    return datetime.now(UTC).date()
