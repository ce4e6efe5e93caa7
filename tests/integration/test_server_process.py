"""`posapp-server` as head office runs it: a process with its own embedded PostgreSQL, answering
health checks and serving its OpenAPI schema over real HTTP, and stopping cleanly."""

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_server_with_embedded_postgresql(tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sync.server", "--data-dir", str(tmp_path), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        health = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                health = requests.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        assert health is not None, server.stderr.read() if server.stderr else "no server"
        assert health.status_code == 200
        body = health.json()
        assert body["status"] == "ok" and body["database"].startswith("PostgreSQL ")
        schema = requests.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5).json()
        assert "/health" in schema["paths"]
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    assert (tmp_path / "pgdata" / "PG_VERSION").exists()  # the database lives in the data dir
    assert not (tmp_path / "pgdata" / "postmaster.pid").exists()  # and stopped with the server


def test_server_refuses_an_unreachable_database(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "sync.server", "--data-dir", str(tmp_path),
         "--database-url", "postgresql://nobody:x@127.0.0.1:1/none"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 1
    assert run.stderr.strip().startswith("posapp-server: cannot reach the database")
