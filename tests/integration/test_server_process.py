"""`posapp-server` as head office runs it: a process with its own embedded PostgreSQL, answering
health checks and serving its OpenAPI schema over real HTTP, and stopping cleanly."""

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil
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
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
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
        [
            sys.executable,
            "-m",
            "sync.server",
            "--data-dir",
            str(tmp_path / "state"),
            "--port",
            str(port),
            "--certificate",
            str(tmp_path / "cert.pem"),
            "--key",
            str(tmp_path / "key.pem"),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
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
        [
            sys.executable,
            "-m",
            "sync.server",
            "--data-dir",
            str(tmp_path),
            "--database-url",
            "postgresql://nobody:x@127.0.0.1:1/none",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert run.stderr.strip().startswith("posapp-server: cannot reach the database")


def _serve(data_dir: Path) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    data_dir.mkdir(exist_ok=True)
    with (data_dir / "server.log").open("a") as log:  # a pipe nobody reads would fill and block
        server = subprocess.Popen(
            [sys.executable, "-m", "sync.server", "--data-dir", str(data_dir), "--port", str(port)],
            cwd=ROOT,
            stdout=log,
            stderr=log,
            text=True,
        )
    url = f"http://127.0.0.1:{port}/health"
    assert _first_health(server, url).status_code == 200, (data_dir / "server.log").read_text()
    return server, url


def _adopt_orphans() -> None:
    """PostgreSQL daemonizes; once killed, only its adoptive parent can reap it. On a real machine
    that is init; this container's first process reaps nothing, and PostgreSQL takes a zombie for
    a live postmaster. So this test process adopts them (PR_SET_CHILD_SUBREAPER) and reaps."""
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.prctl(36, 1, 0, 0, 0) == 0, os.strerror(ctypes.get_errno())


def _postgres_of(data_dir: Path) -> list[psutil.Process]:
    """The postmaster serving `data_dir` and its children (checkpointer, backends…)."""
    pgdata = str((data_dir / "pgdata").resolve())
    found = []
    for process in psutil.process_iter(["name", "cmdline", "status"]):
        cmdline = " ".join(process.info["cmdline"] or ())
        if process.info["status"] != psutil.STATUS_ZOMBIE and pgdata in cmdline:
            with contextlib.suppress(psutil.NoSuchProcess):
                found += [process, *process.children()]
    return found


def _kill_postgres(data_dir: Path) -> None:
    """As a crash or the OOM killer would: SIGKILL, no shutdown; then reaped, as init would."""
    killed = _postgres_of(data_dir)
    for process in killed:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    psutil.wait_procs(killed, timeout=10)


def test_a_postgresql_that_dies_is_started_again(tmp_path: Path) -> None:
    _adopt_orphans()
    server, url = _serve(tmp_path)
    try:
        _kill_postgres(tmp_path)
        deadline = time.monotonic() + 60
        answers = []
        while time.monotonic() < deadline:
            answers.append(requests.get(url, timeout=5).status_code)
            if answers[-1] == 200 and 503 in answers:
                break
            time.sleep(0.2)
        assert 503 in answers, answers[-5:]
        assert answers[-1] == 200, answers[-5:]
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    assert _postgres_of(tmp_path) == []


def test_a_stale_pid_file_does_not_leave_postgresql_running_after_sigterm(tmp_path: Path) -> None:
    _adopt_orphans()
    crashed, _ = _serve(tmp_path)
    crashed.kill()  # the whole machine went down: server and PostgreSQL, no clean shutdown
    crashed.wait(timeout=30)
    _kill_postgres(tmp_path)
    assert (tmp_path / "pgdata" / "postmaster.pid").exists()  # left behind

    server, _ = _serve(tmp_path)
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=30) == 0
    assert _postgres_of(tmp_path) == []
    assert not (tmp_path / "pgdata" / "postmaster.pid").exists()
