"""What the head-office benchmarks share (their embedded PostgreSQL is the `head_office_postgres`
fixture in conftest): a history written straight in by a script of statements, then vacuumed
and analysed as autovacuum would have by then."""

from __future__ import annotations

import time
from typing import Any

import psycopg


def written(url: str, script: str, params: dict[str, Any]) -> float:
    """Seconds to run the statements of `script` (each ending ";\\n") in one transaction."""
    started = time.perf_counter()
    with psycopg.connect(url) as connection:
        for statement in script.split(";\n")[:-1]:
            connection.execute(statement, params)  # type: ignore[arg-type]
        connection.commit()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return time.perf_counter() - started
