"""The sync worker: a sale reaches head office within seconds with nobody calling sync, the
till's status bar says where sync stands, and a link that goes down is retried, not fatal."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from posapp.bootstrap.demo import simulator
from posapp.bootstrap.node import Node, till_actions
from posapp.ui.app import TillOptions, build_till_window
from sync.client import local_store
from sync.client.engine import SyncEngine, SyncWorker
from sync.client.http import HeadOffice
from sync.client.status import SyncStatus
from tests.head_office import HeadOfficeUnderTest, free_port


def _wait(condition: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_sale_reaches_head_office_without_anyone_asking(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    node = enrolled("till")
    worker = SyncWorker(SyncEngine(node.store.engine), interval=600, watch_seconds=0.1)
    worker.start()
    try:
        _wait(lambda: worker.passes >= 1)
        simulator(node, seed=1).run(1)
        _wait(lambda: head_office.scalar("SELECT count(*) FROM sales") == 1)
        _wait(lambda: worker.latest.pending == 0 and worker.latest.online is True)
        assert worker.summary().startswith("Sync: online · 0 to send")
    finally:
        worker.stop()


def test_the_worker_backs_off_while_head_office_is_down_and_catches_up(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    node = enrolled("till")
    identity = SyncEngine(node.store.engine).identity
    assert identity is not None
    nowhere = f"http://127.0.0.1:{free_port()}"  # connection refused, as when the link is down
    down = SyncEngine(node.store.engine, head_office=HeadOffice(nowhere, identity.token))
    worker = SyncWorker(down, interval=600, watch_seconds=0.1, backoff_base=0.05, backoff_cap=0.2)
    worker.start()
    try:
        simulator(node, seed=2).run(2)
        after_sales = worker.passes  # the status it keeps is from a pass after the sales
        _wait(lambda: worker.passes >= after_sales + 2)
        assert worker.latest.online is False
        assert worker.latest.pending > 0
        assert "OFFLINE" in worker.summary()
    finally:
        worker.stop()
    SyncEngine(node.store.engine).run_once()  # the link is back
    assert head_office.scalar("SELECT count(*) FROM sales") == 2


def test_the_till_status_bar_shows_sync(qtbot: QtBot, enrolled: Callable[..., Node]) -> None:
    node = enrolled("till")
    status = SyncStatus(True, False, 12, None, 1, "ConnectionError: refused", None)
    window = build_till_window(
        till_actions(node),
        TillOptions(sync_status=lambda: status.summary(datetime.now(UTC))),
    )
    qtbot.addWidget(window)
    text = window.sync_status_label.text()
    assert text.startswith("Sync: OFFLINE · 12 to send")
    assert "1 QUARANTINED" in text
    assert "b00020" in window.sync_status_label.styleSheet()


def test_sync_run_stops_within_two_seconds_under_a_silent_network(
    make_node: Callable[[str], Node], tmp_path: Path
) -> None:
    """Head office accepts the connection and never answers (a link that drops packets): asked
    to stop, `posapp sync run` is gone within two seconds, not after its 60 s read timeout."""
    node = make_node("till")
    simulator(node, seed=3).run(1)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        local_store.save_identity(
            node.store.engine,
            server_url=f"http://127.0.0.1:{silent.getsockname()[1]}",
            device_id=uuid.uuid4(),
            incarnation=1,
            token="t",
            at=datetime.now(UTC),
        )
        data_dir = node.store.data_dir
        node.close()
        run = subprocess.Popen(
            [sys.executable, "-m", "posapp", "--data-dir", str(data_dir), "sync", "run"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            silent.settimeout(30)
            connection, _ = silent.accept()  # its first request is on the way, unanswered
            time.sleep(0.5)
            asked = time.monotonic()
            run.send_signal(signal.SIGTERM)
            run.wait(timeout=30)
            took = time.monotonic() - asked
            connection.close()
        finally:
            run.kill()
    assert run.returncode == 0, run.stderr.read() if run.stderr else ""
    assert took < 2.5, f"took {took:.1f} s to stop"
