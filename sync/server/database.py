"""The head office's PostgreSQL: the one a URL names, or one embedded in the data directory
(pgserver) so a small chain runs head office with nothing installed but posapp."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Engine, create_engine, text


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
        # must leave it running when it is done.
        self._started_here = not (self.pgdata / "postmaster.pid").exists()
        self._server: Any = pgserver.get_server(self.pgdata, cleanup_mode=None)  # type: ignore[attr-defined]
        self.url = str(self._server.get_uri())

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


def connect(url: str) -> Engine:
    engine = create_engine(sqlalchemy_url(url), pool_pre_ping=True)
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))  # fail at start, not at the first request
    return engine
