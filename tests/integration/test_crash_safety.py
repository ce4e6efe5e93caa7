"""Kill the till mid-trade, again and again: the store is consistent every time.

`posapp simulate` is killed with SIGKILL (no cleanup, no atexit) at random moments while it
sells; afterwards `posapp check` must pass, and every sale must be whole. POSAPP_CRASH_KILLS to
kill it more often than CI does."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from posapp.bootstrap.node import Node
from posapp.db.integrity import run_checks

KILLS = int(os.environ.get("POSAPP_CRASH_KILLS", "25"))


def _sales(path: Path) -> int:
    connection = sqlite3.connect(path, timeout=5)
    try:
        return int(connection.execute("SELECT count(*) FROM sales").fetchone()[0])
    finally:
        connection.close()


@pytest.mark.slow
def test_sigkill_at_random_moments_never_leaves_a_half_written_sale(demo_node: Node) -> None:
    path = demo_node.store.path
    data_dir = str(demo_node.store.data_dir)
    demo_node.close()
    rng = random.Random(2026)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    sold_before = 0
    for kill in range(KILLS):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "posapp",
                "--data-dir",
                data_dir,
                "simulate",
                "--sales",
                "1000000",
                "--seed",
                str(kill),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        deadline = time.monotonic() + 60
        while _sales(path) == sold_before:  # wait until it is really selling
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "simulate never sold anything"
            time.sleep(0.02)
        time.sleep(rng.uniform(0, 0.4))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL

        failures = [(r.name, r.problems) for r in run_checks(path) if not r.ok]
        assert failures == [], f"after kill {kill + 1}: {failures}"
        sold_now = _sales(path)
        assert sold_now > sold_before
        sold_before = sold_now
