"""Head office's migrations, run in-process at start (no alembic.ini needed).

Several server workers may start at once: an advisory lock lets one migrate while the others
wait, then find nothing left to do.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

from sync.protocol import MASTER_FORMAT
from sync.server.changes import ensure_master_format

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_MIGRATION_LOCK = 7_100_001  # any constant; only posapp-server takes it


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, target: str = "head") -> None:
    """All pending migrations in one transaction (PostgreSQL DDL is transactional); then, if
    master records changed shape since the nodes fetched them, a new epoch (they refetch)."""
    config = alembic_config()
    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, target)
        if target == "head":
            ensure_master_format(connection, MASTER_FORMAT)
