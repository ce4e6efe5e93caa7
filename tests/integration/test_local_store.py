"""The store file: PRAGMAs on every connection, BEGIN IMMEDIATE for writers, WAL for readers."""

import sqlite3
import threading
import time
import uuid

import pytest
from sqlalchemy import text

from posapp.bootstrap.node import Node
from posapp.db.checkpointer import Checkpointer
from posapp.db.engine import BUSY_TIMEOUT_MS, write_connection


def test_every_connection_is_durable_and_checks_foreign_keys(node: Node) -> None:
    engine = node.store.engine
    connections = [engine.connect() for _ in range(3)]  # distinct pooled connections
    try:
        for connection in connections:
            values = [
                connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            ]
            assert values == ["wal", 2, 1, BUSY_TIMEOUT_MS]  # synchronous 2 = FULL
            assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    finally:
        for connection in connections:
            connection.close()


def test_writer_takes_the_lock_at_begin_and_readers_still_read(node: Node) -> None:
    engine = node.store.engine
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with write_connection(engine) as connection, connection.begin():
            connection.execute(text("UPDATE stores SET name = 'Renamed'"))
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert holding.wait(10)
        # A second writer fails at BEGIN, before doing any work, once its busy timeout runs out.
        other = sqlite3.connect(node.store.path, isolation_level=None, timeout=0.1)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
        # A reader is not blocked and sees the last committed name (WAL snapshot).
        with engine.connect() as reader:
            assert reader.execute(text("SELECT name FROM stores")).scalar() == "My Shop"
    finally:
        release.set()
        thread.join()
    with engine.connect() as reader:
        assert reader.execute(text("SELECT name FROM stores")).scalar() == "Renamed"


def test_foreign_keys_are_enforced(node: Node) -> None:
    with (
        pytest.raises(Exception, match="FOREIGN KEY"),
        write_connection(node.store.engine) as connection,
        connection.begin(),
    ):
        connection.execute(
            text(
                "INSERT INTO barcodes (code, product_id, pack_qty_milli, created_at) "
                "VALUES ('96385074', :p, 1000, '2026-01-01 00:00:00')"
            ),
            {"p": uuid.uuid4().hex},
        )


def test_node_setup_happens_once(node: Node) -> None:
    from posapp.bootstrap.node import open_node

    again = open_node(node.store.data_dir, create=False)
    try:
        assert again.settings == node.settings
        with again.store.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM stores")).scalar() == 1
            assert connection.execute(text("SELECT count(*) FROM tax_classes")).scalar() == 3
    finally:
        again.close()


def test_wal_stays_bounded_while_writers_never_pause(node: Node) -> None:
    """A PASSIVE checkpoint alone never lets a busy WAL start over (it grew past 1 GB in a
    minute of `posapp simulate`); the checkpointer restarts it once it is over its limit."""
    node.checkpointer.stop()
    wal = node.store.path.with_name(node.store.path.name + "-wal")
    page = 4096
    checkpointer = Checkpointer(node.store.path, interval=0.02, restart_above_frames=256).start()
    try:
        with write_connection(node.store.engine) as connection:
            with connection.begin():
                connection.exec_driver_sql("CREATE TABLE scratch (payload BLOB)")
            written = largest_wal = 0
            while written < 32 * 1024 * 1024:
                with connection.begin():
                    connection.exec_driver_sql(
                        "INSERT INTO scratch VALUES (?)", (b"x" * (3 * page),)
                    )
                written += 4 * page
                largest_wal = max(largest_wal, wal.stat().st_size)
                time.sleep(0.0005)  # the next sale being rung up
    finally:
        checkpointer.stop()
    assert largest_wal < 8 * 1024 * 1024, f"WAL reached {largest_wal:,} bytes"
