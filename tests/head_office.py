"""A real head office for tests: PostgreSQL (pgserver, one per test session, a fresh database
per test) and posapp-server's app served by uvicorn over real HTTP on a free port."""

from __future__ import annotations

import itertools
import socket
import threading
import time
from datetime import UTC, datetime
from typing import Any

import uvicorn
from sqlalchemy import Engine, create_engine, make_url, text

from sync.server.app import create_app
from sync.server.database import sqlalchemy_url
from sync.server.migrate import upgrade
from sync.server.nodes import new_enrolment_code
from sync.server.people import add_person

PASSWORD = "correct horse"  # every test person's

_numbers = itertools.count(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fresh_database(server_url: str, revision: str = "head") -> str:
    """A new database on the session's PostgreSQL, migrated to `revision`; its URL."""
    url = _new_database(server_url, "")
    engine = create_engine(url)
    upgrade(engine, revision)
    engine.dispose()
    return url


def copied_database(server_url: str, template: str) -> str:
    """A new database on the session's PostgreSQL, a copy of `template` (no one connected to
    it); its URL."""
    return _new_database(server_url, f' TEMPLATE "{template}"')


def _new_database(server_url: str, made_from: str) -> str:
    name = f"ho_{next(_numbers)}_{int(time.time() * 1000) % 100000}"
    admin = create_engine(sqlalchemy_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{made_from}'))
    admin.dispose()
    return make_url(sqlalchemy_url(server_url)).set(database=name).render_as_string(False)


class HeadOfficeUnderTest:
    def __init__(self, database_url: str, *, rate: float = 1000.0, burst: int = 1000) -> None:
        self.database_url = database_url
        self._limits = {"rate": rate, "burst": burst}
        self.engine: Engine = create_engine(sqlalchemy_url(database_url), pool_size=10)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        config = uvicorn.Config(
            create_app(self.engine, **self._limits),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("head office did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(20)
            self._server = None

    def close(self) -> None:
        self.stop()
        self.engine.dispose()

    def enrolment_code(self, store: str = "S01", terminal: str = "T01") -> str:
        return new_enrolment_code(
            self.engine, store_code=store, terminal_code=terminal, now=datetime.now(UTC)
        )

    def add_person(
        self,
        username: str = "maria",
        *,
        role: str = "administrator",
        store: str = "*",
        password: str = PASSWORD,
    ) -> None:
        """A person of the chain, made at head office (`posapp-server users add`)."""
        add_person(
            self.engine,
            username=username,
            display_name=username.title(),
            password=password,
            role=role,
            store=store,
            now=datetime.now(UTC),
        )

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.engine.connect() as connection:
            return connection.execute(text(sql), params).scalar()

    def rows(self, sql: str, **params: Any) -> list[Any]:
        with self.engine.connect() as connection:
            return list(connection.execute(text(sql), params).all())
