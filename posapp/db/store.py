"""Opening the local store: find the file, refuse a bad one, back it up, migrate it."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from posapp.db import migrate
from posapp.db.damage import StoreDamaged, damage_report, quick_check
from posapp.db.engine import create_sqlite_engine

DATABASE_FILENAME = "posapp.sqlite3"


class StoreError(Exception):
    """A problem with the data directory or database file, explained in one line for a person."""


@dataclass(frozen=True)
class LocalStore:
    data_dir: Path
    path: Path
    engine: Engine
    backup_taken: Path | None = None


def _check_data_dir(data_dir: Path, *, create: bool) -> None:
    if data_dir.exists() and not data_dir.is_dir():
        raise StoreError(f"data directory {data_dir} is a file, not a directory")
    if not data_dir.exists():
        if not create:
            raise StoreError(
                f"data directory {data_dir} does not exist: no shop is set up there yet "
                f"(`posapp --data-dir {data_dir} run` opens the setup; `posapp init` scripts it)"
            )
        try:
            data_dir.mkdir(parents=True)
        except OSError as error:
            raise StoreError(f"cannot create data directory {data_dir}: {error.strerror}") from None


def _check_readable(path: Path) -> str | None:
    """The file's migration revision; StoreError if it is not a healthy SQLite database.

    Opened read-only, so a damaged file is never touched, let alone overwritten."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
            has_version = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            if not has_version:
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            return str(row[0]) if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(
            f"database file {path} is damaged or not a posapp database ({error}); "
            "it was left untouched — restore a backup or move it aside"
        ) from None


def backup_database(path: Path, destination_dir: Path, *, reason: str, now: datetime) -> Path:
    """A consistent copy of the database (SQLite's online backup, safe while the till runs).

    Written under a temporary name and renamed, so a half-written backup never looks complete."""
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    target = destination_dir / f"posapp-backup-{stamp}-{reason}.sqlite3"
    partial = target.with_suffix(".partial")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    problems = quick_check(partial, copy=True)
    if problems:  # a copy of a damaged file is no backup: keep it, named for what it is
        damaged = target.with_name(target.stem + "-DAMAGED.sqlite3")
        os.replace(partial, damaged)
        raise StoreDamaged(
            f"no backup taken: {damage_report(path, problems)}. The copy is kept as {damaged}"
        )
    os.replace(partial, target)
    return target


def open_store(data_dir: Path, *, create: bool, now: datetime) -> LocalStore:
    """Open (and, with `create`, make) the store in `data_dir`, migrated to the newest schema.

    An existing database behind the newest schema is backed up beside itself first."""
    _check_data_dir(data_dir, create=create)
    path = data_dir / DATABASE_FILENAME
    backup = None
    newest = False  # already at the newest schema: nothing to migrate
    if path.exists():
        if path.stat().st_size == 0:
            raise StoreError(
                f"database file {path} is empty (0 bytes): it is not a store, and no new one is "
                "made over it. Restore a backup, or move the file aside to set up a new shop"
            )
        revision = _check_readable(path)
        if revision is not None and revision not in migrate.known_revisions():
            raise StoreError(
                f"database {path} was written by a newer posapp (schema {revision}); "
                "install that version or newer"
            )
        newest = revision == migrate.head_revision()
        if not newest:
            backup = backup_database(
                path, data_dir, reason=f"before-upgrade-from-{revision or 'empty'}", now=now
            )
    elif not create:
        raise StoreError(
            f"no database in {data_dir} (expected {DATABASE_FILENAME}): no shop is set up there "
            f"yet (`posapp --data-dir {data_dir} run` opens the setup; `posapp init` scripts it)"
        )
    engine = create_sqlite_engine(path)
    if not newest:
        migrate.upgrade(engine)
    return LocalStore(data_dir=data_dir, path=path, engine=engine, backup_taken=backup)


def forget_head_office(path: Path) -> None:
    """A copy that must never sync (the training store): no enrolment, nothing queued."""
    connection = sqlite3.connect(path)
    try:
        with connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            for table in ("sync_identity", "sync_batches"):  # absent in stores before 0009
                if table in tables:
                    connection.execute(f"DELETE FROM {table}")
    finally:
        connection.close()
