"""The SQLite engine: durable PRAGMAs on every connection, and BEGIN IMMEDIATE for writes.

pysqlite's own transaction handling begins lazily and DEFERRED, so a write transaction could take
its write lock halfway through and fail with SQLITE_BUSY after doing work. We switch the driver to
autocommit and issue BEGIN ourselves: `BEGIN IMMEDIATE` on connections marked `write=True`
(see `write_connection`), a plain deferred `BEGIN` for readers, which WAL lets run alongside.

Writers in one process also queue on a lock of their own (`queued_for_writing`) before they
BEGIN. SQLite makes a writer that finds the database locked sleep and retry (1, 2, 5, 10 ms…),
so a sale that arrives while the sync thread writes could wait several times longer than the
other holds the lock; on our lock it is woken the moment the lock is free.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

from posapp.db.damage import refuse_if_damaged

BUSY_TIMEOUT_MS = 5_000

CONNECTION_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    # FULL: a committed sale survives power loss, not only a crash of the process.
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    # No checkpoint inside a sale's commit: the Checkpointer thread does them (checkpointer.py).
    "PRAGMA wal_autocheckpoint=0",
    # When the WAL starts over, cut the file back to this size: a till on a small volume keeps
    # a few MB of WAL, not the 30–53 MB a day of trading left before (a large import still grows
    # it for its one transaction, and it is cut back at the next start-over).
    "PRAGMA journal_size_limit=4194304",
)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we send BEGIN ourselves, see _on_begin
    cursor = dbapi_connection.cursor()
    try:
        for pragma in CONNECTION_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _on_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get("write", False)
    if immediate:
        refuse_if_damaged(connection.engine)
    # Straight to the driver: the same statement without SQLAlchemy's execution bookkeeping,
    # which cost more than the BEGIN itself on every sale.
    driver = connection.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    driver.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_sqlite_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", pool_size=4, max_overflow=4)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


_WRITE_LOCKS: weakref.WeakKeyDictionary[Engine, threading.RLock] = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


def _write_lock(engine: Engine) -> threading.RLock:
    """This process's queue for writing to `engine`'s database (held around a write
    transaction, from before BEGIN IMMEDIATE until the connection is given back)."""
    with _LOCKS_GUARD:
        lock = _WRITE_LOCKS.get(engine)
        if lock is None:
            lock = _WRITE_LOCKS[engine] = threading.RLock()
        return lock


@contextmanager
def queued_for_writing(engine: Engine) -> Iterator[None]:
    """Wait for this process's other writers to finish, for as long as SQLite itself would
    (busy_timeout): after that, go on and let SQLite say the database is busy, as it did
    before this queue existed — a long import must not freeze a sale for good."""
    lock = _write_lock(engine)
    acquired = lock.acquire(timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        yield
    finally:
        if acquired:
            lock.release()


@contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """A connection whose transactions begin IMMEDIATE: the write lock is taken up front."""
    with queued_for_writing(engine), engine.connect() as connection:
        connection.execution_options(write=True)
        yield connection
