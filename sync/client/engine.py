"""One sync pass and the worker that repeats it: push the outbox, then pull master data, then
the movements the store's other nodes made (store_feed).

Errors sort into four: transient (network, timeout, 5xx, 429) → back off and retry;
a batch head office rejects (4xx) → quarantine it, show it, keep everything, and send the batches
after it (head office recorded the refused range); not allowed (401, 403, 426) → wait for a
person, keep everything; a gap → resend from where head office is.

Master data pulled from head office is checked against the sync contract before it is applied;
a record that fails it, or that this node cannot apply, is set aside with its reason and the
cursor moves on.
Selling never waits on any of it: the worker has its own thread and its own connection.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import sys
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from posapp.db.engine import write_connection
from posapp.db.master_records import apply_record
from posapp.db.node_setup import load_node_settings
from sync.client import local_store
from sync.client.http import (
    Gap,
    HeadOffice,
    MustRefetch,
    NotAllowed,
    Rejected,
    Restored,
    Transient,
    encode_events,
)
from sync.client.status import SyncStatus
from sync.client.store_feed import pull_store_movements
from sync.protocol import MAX_BATCH_EVENTS

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
PULL_PAGE = 1000


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class PassResult:
    sent_events: int
    applied_changes: int
    drained: bool  # nothing left to send (a quarantined batch counts as left)


class SyncEngine:
    def __init__(
        self,
        engine: Engine,
        *,
        head_office: HeadOffice | None = None,
        clock: Clock = _utc_now,
        batch_size: int = MAX_BATCH_EVENTS,
    ) -> None:
        self.engine = engine
        self._batch_size = batch_size
        self._clock = clock
        identity = local_store.identity(engine)
        self.identity = identity
        self._head_office = head_office or (
            HeadOffice(identity.server_url, identity.token, zone=store_zone(engine))
            if identity
            else None
        )
        self._status = SyncStatus.unknown(enrolled=identity is not None)
        self._lock = threading.Lock()

    def close(self) -> None:
        if self._head_office is not None:
            self._head_office.close()

    # -- status, read by the UI from any thread ---------------------------------------------

    def status(self) -> SyncStatus:
        backlog = local_store.backlog(self.engine)
        with self._lock:
            return replace(
                self._status,
                pending=backlog.pending,
                oldest_pending_at=backlog.oldest_at,
                quarantined=backlog.quarantined,
                set_aside=backlog.set_aside,
                last_set_aside=backlog.last_set_aside,
            )

    def record_error(self, error: str) -> None:
        """A failure outside the pass's own handling, for the status the UI shows."""
        self._record(last_error=error)

    def _record(self, **changes: object) -> None:
        with self._lock:
            self._status = replace(self._status, **changes)  # type: ignore[arg-type]

    # -- one pass ------------------------------------------------------------------------------

    def run_once(self) -> PassResult:
        """Push everything sendable, then pull every master-data page. Raises the SyncFailure
        that stopped it (after recording it in the status)."""
        if self._head_office is None:
            raise NotAllowed("this node is not enrolled: posapp sync enroll URL CODE")
        try:
            sent, refused = self._push()
            applied, store_waiting = self._pull()
            assert self._head_office is not None
            if store_waiting is not False:  # None: a head office that does not say
                pull_store_movements(self._head_office, self.engine, self._clock)
        except (Transient, NotAllowed) as failure:
            # NotAllowed came from head office itself, so the link is up: online, but refused.
            self._record(online=isinstance(failure, NotAllowed), last_error=str(failure))
            raise
        now = self._clock()
        self._record(online=True, last_error=refused, last_success_at=now)
        return PassResult(sent, applied, local_store.backlog(self.engine).pending == 0)

    def _push(self) -> tuple[int, str | None]:
        """Send what is sendable: (events sent, why a batch was quarantined in this pass).
        The events after a batch are read and encoded while it travels and head office applies
        it (on a long backlog that was about a twentieth of each batch's round)."""
        with ThreadPoolExecutor(
            1,
            thread_name_prefix="sync-read-ahead",
            initializer=_at_priority,
            initargs=(_priority(),),
        ) as reader:
            return self._push_reading_ahead(reader)

    def _push_reading_ahead(self, reader: ThreadPoolExecutor) -> tuple[int, str | None]:
        assert self._head_office is not None
        sent = 0
        refused: str | None = None
        ahead: Future[_Encoded | None] | None = None
        while True:
            batch = local_store.next_batch(
                self.engine, new_id=uuid.uuid4(), at=self._clock(), limit=self._batch_size
            )
            if batch is None:
                return sent, refused
            events = _read_ahead(ahead, batch) or _encoded(
                self.engine, batch.first_seq, batch.last_seq
            )
            assert events is not None  # a batch holds at least its first event
            ahead = reader.submit(
                _encoded, self.engine, batch.last_seq + 1, batch.last_seq + self._batch_size
            )
            try:
                self._head_office.send_encoded(batch.id, events.text)
            except Gap as gap:
                log.warning("head office expects event %d: resending from there", gap.expected_seq)
                local_store.resend_from(self.engine, gap.expected_seq)
                continue
            except Restored as restored:
                log.warning("%s", restored)
                self._go_on_as_new_incarnation(batch.first_seq)
                continue
            except Rejected as rejected:
                local_store.batch_failed(self.engine, batch, error=str(rejected), quarantine=True)
                refused = f"batch {batch.first_seq}–{batch.last_seq} quarantined: {rejected}"
                log.warning("%s", refused)
                if not rejected.recorded:
                    # Head office did not move past it: what follows would be a gap.
                    return sent, refused
                continue
            except Transient as failure:
                local_store.batch_failed(self.engine, batch, error=str(failure), quarantine=False)
                raise
            local_store.batch_sent(self.engine, batch, at=self._clock())
            sent += events.count

    def _go_on_as_new_incarnation(self, resume_from: int) -> None:
        """After a restore from a backup: a new incarnation, from head office, without a code."""
        assert self._head_office is not None
        answer = self._head_office.reincarnate(resume_from=resume_from)
        settings = load_node_settings(self.engine)
        assert settings is not None  # an enrolled node has its store
        local_store.reincarnate(
            self.engine,
            device_id=answer.device_id,
            incarnation=answer.incarnation,
            token=answer.token,
            last_receipt=answer.last_receipt,
            last_shift=answer.last_shift,
            last_z=answer.last_z,
            series=f"{settings.store_code}-{settings.terminal_code}",
            terminal_code=settings.terminal_code,
            at=self._clock(),
        )
        self._head_office.close()
        self.identity = local_store.identity(self.engine)
        assert self.identity is not None
        self._head_office = HeadOffice(
            self.identity.server_url, self.identity.token, zone=store_zone(self.engine)
        )

    def _pull(self) -> tuple[int, bool | None]:
        """Every master-data page; how many changes were applied, and whether head office says
        the store feed has movements for this node."""
        assert self._head_office is not None
        identity = local_store.identity(self.engine)
        cursor = identity.cursor if identity else None
        store_cursor = local_store.store_cursor(self.engine)
        applied = 0
        while True:
            try:
                page = self._head_office.changes(cursor, PULL_PAGE, store_cursor or "")
            except MustRefetch as refetch:
                if cursor is None:
                    raise Transient(
                        f"head office asked to refetch from the start: {refetch}"
                    ) from None
                log.warning("master data must be refetched: %s", refetch)
                cursor = None
                continue
            except Rejected as rejected:
                raise Transient(f"master data: {rejected}") from None
            applied += self._apply_page(page["changes"], page["cursor"])
            cursor = page["cursor"]
            if not page["more"]:
                waiting = page.get("store_waiting")
                return applied, waiting if isinstance(waiting, bool) else None

    def _apply_page(self, changes: list[dict[str, object]], cursor: str) -> int:
        """A page and its cursor in one local transaction: never one without the other. A
        record that fails the contract, or that this node cannot apply, is set aside."""
        # Imported here, on the sync thread: pydantic takes a quarter of a second to load, and
        # the till's start does not wait for it.
        from sync.contract import master_record

        now = self._clock()
        with write_connection(self.engine) as connection, connection.begin():
            for change in changes:
                entity, key = str(change.get("entity")), str(change.get("key"))
                try:
                    record = master_record(entity, key, change.get("record"))
                    with connection.begin_nested():
                        apply_record(connection, entity, key, record, now)
                except (ValueError, LookupError, TypeError, IntegrityError) as error:
                    reason = f"{type(error).__name__}: {error}"
                    log.warning("master data %s %s set aside: %s", entity, key, reason)
                    local_store.set_aside(
                        connection, entity, key, change.get("record"), reason=reason, at=now
                    )
            local_store.save_cursor(connection, cursor, now)
        return len(changes)


# How long closing the till or `posapp sync run` waits for the sync thread.
STOP_SECONDS = 2.0

# How soon a thread waiting for the GIL gets it (CPython's default is 5 ms).
GIL_SWITCH_SECONDS = 0.0005


@dataclass(frozen=True)
class _Encoded:
    """Outbox events from `first_seq` to `last_seq`, encoded for a batch's body."""

    first_seq: int
    last_seq: int
    count: int
    text: str


def _encoded(engine: Engine, first_seq: int, last_seq: int) -> _Encoded | None:
    events = local_store.events_between(engine, first_seq, last_seq)
    if not events:
        return None
    return _Encoded(events[0]["seq"], events[-1]["seq"], len(events), encode_events(events))


def _read_ahead(ahead: Future[_Encoded | None] | None, batch: local_store.Batch) -> _Encoded | None:
    """What was read ahead, if it is exactly `batch`'s events (outbox events never change once
    written); None to read them now (the batch starts elsewhere after a gap or a quarantine,
    the outbox grew meanwhile, or the read failed: read again, where a failure is reported)."""
    if ahead is None:
        return None
    try:
        events = ahead.result()
    except SQLAlchemyError:
        return None
    if events is None or (events.first_seq, events.last_seq) != (batch.first_seq, batch.last_seq):
        return None
    return events


def _priority() -> int | None:
    """The calling thread's scheduling priority (None where threads have none of their own)."""
    if hasattr(os, "getpriority") and hasattr(threading, "get_native_id"):
        with contextlib.suppress(OSError):
            return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    return None


def _at_priority(priority: int | None) -> None:
    """Run the calling thread at `priority` (the sync thread's, for the thread reading ahead)."""
    if priority is not None:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), priority)


def in_the_background() -> None:
    """Make the calling thread (the node's sync thread) give way to the till's checkout.

    Draining a backlog is CPU work in Python (reading, encoding) beside a checkout thread that
    mostly waits on its fsync. By default that thread, once its fsync is done, waits up to 5 ms
    for the GIL, and the scheduler treats both threads alike: a sale's commit took 10+ ms while
    a backlog drained. The sync thread is lowered in priority (Linux schedules threads
    separately), and the interpreter hands the GIL over after half a millisecond."""
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    if hasattr(os, "setpriority") and hasattr(threading, "get_native_id"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


class SyncWorker:
    """The node's one sync thread. A pass runs when the outbox grows (checked every
    `watch_seconds`, one indexed max() a time: a sale is at head office within a second of its
    commit — p95 0.5 s in `make bench`, 1.8 s when it looked every 2 s — and the till never
    has to call us), every `interval` seconds, and on poke(). After a failure it waits a
    capped exponential backoff with full jitter, and new sales do not cut that short: a failing
    head office is not hammered by a busy till. The latest status is kept for the UI to read
    without touching the database."""

    def __init__(
        self,
        sync: SyncEngine,
        *,
        interval: float = 30.0,
        watch_seconds: float = 0.5,
        backoff_base: float = 1.0,
        backoff_cap: float = 300.0,
    ) -> None:
        self.sync = sync
        self._interval = interval
        self._watch = watch_seconds
        self._base = backoff_base
        self._cap = backoff_cap
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="posapp-sync", daemon=True)
        self.passes = 0
        self.latest = SyncStatus.unknown(enrolled=sync.identity is not None)

    def start(self) -> None:
        self._thread.start()

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    def poke(self) -> None:
        """Sync now (never blocks the caller)."""
        self._wake.set()

    def stop(self, timeout: float = STOP_SECONDS) -> None:
        """Ask the thread to stop and wait at most `timeout` for it. A request still waiting on a
        silent network is abandoned (the thread is a daemon): the batch in flight is written
        down, and sending it again is harmless."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def summary(self) -> str:
        return self.latest.summary(_utc_now())

    def backoff(self, failures: int) -> float:
        return random.uniform(0, min(self._cap, self._base * 2 ** min(failures, 20)))

    def _run(self) -> None:
        in_the_background()
        failures = 0
        while not self._stop.is_set():
            try:
                self.sync.run_once()
                failures = 0
                delay = self._interval
            except NotAllowed:
                failures += 1
                delay = self._cap  # a person must act: ask again now and then
            except Exception as error:
                if not isinstance(error, Transient):
                    log.exception("sync pass failed")
                    self.sync.record_error(f"{type(error).__name__}: {error}")
                failures += 1
                delay = max(self.backoff(failures), getattr(error, "retry_after", 0.0))
            self.passes += 1
            self._wait(delay, watch_outbox=failures == 0)

    def _wait(self, delay: float, *, watch_outbox: bool) -> None:
        deadline = time.monotonic() + delay
        seen = local_store.last_seq(self.sync.engine)
        while not self._stop.is_set():
            self._refresh()
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._wake.wait(min(self._watch, remaining)):
                self._wake.clear()
                return
            if watch_outbox and local_store.last_seq(self.sync.engine) != seen:
                return

    def _refresh(self) -> None:
        try:
            self.latest = self.sync.status()
        except Exception:
            log.debug("sync status not refreshed", exc_info=True)


def store_zone(engine: Engine) -> str | None:
    """The store's time zone as its node has it (sent to head office with every call)."""
    settings = load_node_settings(engine)
    return None if settings is None else settings.time_zone
