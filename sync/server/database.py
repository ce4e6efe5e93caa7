"""The head office's PostgreSQL: the one a URL names, or one embedded in the data directory
(pgserver) so a small chain runs head office with nothing installed but posapp."""

from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Engine, create_engine, text

log = logging.getLogger(__name__)


def sqlalchemy_url(url: str) -> str:
    """`postgresql://…` as SQLAlchemy spells it with the psycopg 3 driver."""
    parts = urlsplit(url)
    if parts.scheme in ("postgresql", "postgres"):
        return urlunsplit(parts._replace(scheme="postgresql+psycopg"))
    return url


class EmbeddedDatabase:
    """PostgreSQL running in DATA_DIR/pgdata for as long as this server process runs."""

    def __init__(self, data_dir: Path) -> None:
        import pgserver  # only when embedded: a head office with its own PostgreSQL never loads it

        data_dir.mkdir(parents=True, exist_ok=True)
        self.pgdata = (data_dir / "pgdata").resolve()
        # A command run beside a serving posapp-server (enroll-code) joins its PostgreSQL and
        # must leave it running when it is done. A postmaster.pid left by a crash names no
        # running server: this process starts PostgreSQL, so it stops it too.
        self._started_here = not self.running()
        if self._started_here:
            (self.pgdata / "postmaster.pid").unlink(missing_ok=True)  # left by a crash
        self._server: Any = pgserver.get_server(self.pgdata, cleanup_mode=None)  # type: ignore[attr-defined]
        self.url = str(self._server.get_uri())
        if self._started_here:
            self._size_for_this_machine()

    def _size_for_this_machine(self) -> None:
        """PostgreSQL's defaults fit a small machine (128 MB of buffers, a checkpoint every
        gigabyte of WAL); a chain's head office holds millions of movements. Sized once, from
        this machine's memory (`memory_settings`), and kept in the data directory (ALTER
        SYSTEM); the buffers take effect at a restart, done here the first time. (A full
        costing of 10,000,000 movements took as long either way: its time is elsewhere.)"""
        import psutil

        wanted = memory_settings(psutil.virtual_memory().total)
        engine = create_engine(sqlalchemy_url(self.url), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                asked = connection.execute(text("SELECT name, setting FROM pg_file_settings"))
                if {name: value for name, value in asked if name in wanted} == wanted:
                    return
                for name, value in wanted.items():
                    connection.execute(text(f"ALTER SYSTEM SET {name} = '{value}'"))
        finally:
            engine.dispose()
        from pgserver import pg_ctl  # type: ignore[attr-defined]

        user = getattr(self._server, "system_user", None)
        pg_ctl(["-w", "-m", "fast", "restart"], pgdata=self.pgdata, user=user)

    def running(self) -> bool:
        """A PostgreSQL is serving this pgdata: the pid file names a live PostgreSQL process
        (one killed but not yet reaped — a zombie — is not)."""
        import psutil

        try:
            pid = int((self.pgdata / "postmaster.pid").read_text().split()[0])
            process = psutil.Process(pid)
            # A busy machine may hand a dead postmaster's pid to another program: only a
            # PostgreSQL process counts.
            return bool(
                process.status() != psutil.STATUS_ZOMBIE and "postgres" in process.name().lower()
            )
        except (OSError, IndexError, ValueError, psutil.Error):
            return False

    def restart_if_stopped(self) -> bool:
        """Start PostgreSQL again if it died; True when it had to."""
        if self.running():
            return False
        log.warning("the embedded PostgreSQL in %s is not running: starting it again", self.pgdata)
        # pgserver trusts a pid file whose process is a zombie; PostgreSQL itself still refuses
        # to start while any of its old processes holds the shared memory.
        (self.pgdata / "postmaster.pid").unlink(missing_ok=True)
        self._server.ensure_postgres_running()
        return True

    def supervise(self, every: float = 2.0) -> threading.Event:
        """Watch PostgreSQL from a daemon thread, starting it again whenever it dies; set the
        returned event to stop watching."""
        stop = threading.Event()

        def watch() -> None:
            while not stop.wait(every):
                try:
                    self.restart_if_stopped()
                except Exception:  # keep watching: the next attempt may succeed
                    log.exception("the embedded PostgreSQL could not be started again")

        threading.Thread(target=watch, name="postgres-supervisor", daemon=True).start()
        return stop

    def stop(self) -> None:
        if not self._started_here:
            return
        # pgserver 0.1.4 loses track of its own process and leaves the postmaster running, so
        # it is stopped here, explicitly ("fast": open sessions are rolled back, nothing lost).
        from pgserver import pg_ctl  # type: ignore[attr-defined]

        # As the system user pgserver runs PostgreSQL as (it refuses to run as root).
        user = getattr(self._server, "system_user", None)
        with contextlib.suppress(Exception):  # already stopped: nothing to do
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=user)


def memory_settings(memory_bytes: int) -> dict[str, str]:
    """The embedded PostgreSQL's memory, from the machine's: a quarter for its buffers (at most
    4 GB), half as the cache it may count on, WAL enough for a big costing between checkpoints."""
    megabytes = memory_bytes // 2**20
    return {
        "shared_buffers": f"{max(128, min(megabytes // 4, 4096))}MB",
        "effective_cache_size": f"{max(512, megabytes // 2)}MB",
        "maintenance_work_mem": f"{max(64, min(megabytes // 16, 1024))}MB",
        "work_mem": "32MB",
        "max_wal_size": "4GB",
    }


def connect(url: str) -> Engine:
    engine = create_engine(sqlalchemy_url(url), pool_pre_ping=True)
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))  # fail at start, not at the first request
    return engine
