"""The embedded PostgreSQL is sized from the machine's memory when it first starts, and keeps
that size: a quarter for its buffers (at most 4 GB), half as the cache it counts on."""

from __future__ import annotations

import psutil
import psycopg

from sync.server.database import memory_settings


def test_sizes_follow_the_machines_memory() -> None:
    gigabyte = 2**30
    assert memory_settings(24 * gigabyte)["shared_buffers"] == "4096MB"  # at most 4 GB
    assert memory_settings(2 * gigabyte)["shared_buffers"] == "512MB"
    assert memory_settings(256 * 2**20)["shared_buffers"] == "128MB"  # never below the default
    assert memory_settings(8 * gigabyte)["effective_cache_size"] == "4096MB"


def test_the_running_postgresql_has_them(postgres: str) -> None:
    wanted = memory_settings(psutil.virtual_memory().total)
    with psycopg.connect(postgres) as connection:
        pages, unit = connection.execute(
            "SELECT setting::bigint, unit FROM pg_settings WHERE name = 'shared_buffers'"
        ).fetchone()  # type: ignore[misc]
    assert unit == "8kB"
    assert f"{pages * 8 // 1024}MB" == wanted["shared_buffers"]  # the restart took effect
