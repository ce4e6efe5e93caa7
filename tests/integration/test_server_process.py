"""`posapp-server` as head office runs it: a process with its own embedded PostgreSQL, answering
health checks and serving its OpenAPI schema over real HTTP, and stopping cleanly."""

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests
import trustme

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _first_health(server: subprocess.Popen[str], url: str, **options: object) -> Any:
    """GET `url` until the starting server answers; its answer."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            return requests.get(url, timeout=2, **options)  # type: ignore[arg-type]
        except requests.ConnectionError:
            time.sleep(0.2)
    raise AssertionError(server.stderr.read() if server.stderr else "no server")


def test_server_with_embedded_postgresql(tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sync.server", "--data-dir", str(tmp_path), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        health = _first_health(server, f"http://127.0.0.1:{port}/health")
        assert health.status_code == 200
        assert health.json() == {"status": "ok"}  # a stranger learns up or down, nothing more
        schema = requests.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5).json()
        assert "/health" in schema["paths"]
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    assert (tmp_path / "pgdata" / "PG_VERSION").exists()  # the database lives in the data dir
    assert not (tmp_path / "pgdata" / "postmaster.pid").exists()  # and stopped with the server


def test_server_serves_https_with_a_certificate(tmp_path: Path) -> None:
    """Production runs behind TLS: given a certificate and key, posapp-server speaks HTTPS, and
    a client that trusts the issuing authority gets its answer."""
    authority = trustme.CA()
    certificate = authority.issue_cert("127.0.0.1", "localhost")
    certificate.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
    certificate.cert_chain_pems[0].write_to_path(str(tmp_path / "cert.pem"))
    authority.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sync.server", "--data-dir", str(tmp_path / "state"),
         "--port", str(port), "--certificate", str(tmp_path / "cert.pem"),
         "--key", str(tmp_path / "key.pem")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        answer = _first_health(
            server, f"https://127.0.0.1:{port}/health", verify=str(tmp_path / "ca.pem")
        )
        assert answer.json() == {"status": "ok"}
        with pytest.raises(requests.RequestException):  # plain HTTP on the TLS port
            requests.get(f"http://127.0.0.1:{port}/health", timeout=5)
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0


def test_server_refuses_an_unreachable_database(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "sync.server", "--data-dir", str(tmp_path),
         "--database-url", "postgresql://nobody:x@127.0.0.1:1/none"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 1
    assert run.stderr.strip().startswith("posapp-server: cannot reach the database")
