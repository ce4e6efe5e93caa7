"""Head office killed with SIGKILL while a till drains its backlog into it, again and again.

The server runs as the real `posapp-server` process on the test's PostgreSQL; the till keeps
selling and its sync engine keeps sending small batches. Each kill lands wherever it lands —
mid-request, mid-transaction, between commit and answer. After the last restart the till
drains, and head office holds each of its events, sales, lines and movements exactly once,
with stock levels equal to the movements (the projection a kill interrupted is caught up)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from posapp.bootstrap.demo import simulator
from posapp.bootstrap.node import Node, till_actions
from posapp.domain.cash_count import count_of
from posapp.domain.money import Money
from sync.client import local_store
from sync.client.engine import SyncEngine
from sync.client.http import HeadOffice, SyncFailure
from tests.head_office import HeadOfficeUnderTest, free_port
from tests.sync.exactly_once import (
    assert_node_arrived_exactly_once,
    assert_stock_is_sum_of_movements,
)

KILLS = 6
SERVER = Path(sys.executable).with_name("posapp-server")


class ServerProcess:
    def __init__(self, database_url: str, data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._command = [
            str(SERVER),
            "--data-dir",
            str(data_dir),
            "--database-url",
            database_url,
            "--port",
            str(self.port),
        ]
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self._process = subprocess.Popen(
            self._command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self._process.poll() is None, self._process.stderr.read().decode()  # type: ignore[union-attr]
            try:
                if requests.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("posapp-server did not start within 30 s")

    def kill(self) -> None:
        assert self._process is not None
        os.kill(self._process.pid, signal.SIGKILL)
        self._process.wait(10)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(20)


@pytest.mark.slow
def test_killing_head_office_mid_batch_loses_and_duplicates_nothing(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest, tmp_path: Path
) -> None:
    node = enrolled("killed")
    identity = local_store.identity(node.store.engine)
    assert identity is not None
    till_actions(node).open_shift(count_of(Money(10000, node.settings.currency)))
    simulator(node, seed=1).run(200)

    # Another server process on the same database: the node's token is valid there too.
    server = ServerProcess(head_office.database_url, tmp_path / "server")
    client = HeadOffice(server.url, identity.token, read_timeout=5)
    sync = SyncEngine(node.store.engine, head_office=client, batch_size=4)
    stop, go = threading.Event(), threading.Event()
    failures: list[str] = []

    def keep_syncing() -> None:
        while not stop.is_set():
            if not go.wait(0.05):
                continue
            try:
                sync.run_once()
            except SyncFailure as failure:
                failures.append(type(failure).__name__)
                time.sleep(0.02)

    rng = random.Random(7)
    server.start()
    syncing = threading.Thread(target=keep_syncing, daemon=True)
    syncing.start()
    kills_with_work_left = 0
    try:
        for round_ in range(KILLS):
            go.set()
            time.sleep(rng.uniform(0.01, 0.15))  # into the drain of the backlog
            kills_with_work_left += sync.status().pending > 0
            server.kill()
            go.clear()
            simulator(node, seed=100 + round_).run(100)  # the till sells on, whatever happens
            go.set()
            time.sleep(rng.uniform(0.0, 0.3))  # the till keeps trying against a dead server
            server.start()
        go.set()
        stop.set()
        syncing.join(60)
        assert not syncing.is_alive()
        for _ in range(20):
            try:
                if sync.run_once().drained:
                    break
            except SyncFailure:
                time.sleep(0.2)
    finally:
        stop.set()
        server.stop()
        sync.close()

    assert kills_with_work_left >= KILLS // 2, "the kills should land while work is in flight"
    assert failures, "the till never noticed head office die"
    assert sync.status().pending == 0
    assert sync.status().quarantined == 0
    assert_node_arrived_exactly_once(node.store.engine, head_office, identity.device_id)
    # The last restart folded whatever movements a kill left out of the stock levels.
    assert_stock_is_sum_of_movements(head_office)
