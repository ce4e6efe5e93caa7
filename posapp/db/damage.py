"""A damaged database file: found, reported, and never written to again by this process.

SQLite notices damage only on the pages it reads, so a till whose sales touch healthy pages
would go on writing into a file whose other pages are lost. Every writer therefore has the
whole file checked once (`PRAGMA quick_check`, on a read-only connection of its own, beside the
work; a store above 256 MB is checked by its Z backups instead), and from the moment damage is
found every write transaction is refused with the reason; a backup copy is checked before it is
called one."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import weakref
from pathlib import Path

from sqlalchemy import Engine


class StoreDamaged(Exception):
    """The database file is damaged; nothing more is written to it. The message says what to do."""


_DAMAGED: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def quick_check(path: Path, *, copy: bool = False) -> list[str]:
    """What SQLite finds wrong with the file at `path` (empty: nothing), read-only. A `copy`
    nobody else has open is read as immutable, so no -wal or -shm file is left beside it."""
    try:
        options = "mode=ro&immutable=1" if copy else "mode=ro"
        connection = sqlite3.connect(f"file:{path}?{options}", uri=True)
        try:
            rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows


def damage_report(path: Path, problems: list[str]) -> str:
    shown = "; ".join(problems[:3]) + (
        f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    )
    return (
        f"the database file {path} is damaged ({shown}); nothing more is written to it. "
        "Stop this till, keep the file for inspection, and restore the newest backup that "
        "`posapp check` passes"
    )


def mark_damaged(engine: Engine, why: str) -> None:
    _DAMAGED[engine] = why


def refuse_if_damaged(engine: Engine) -> None:
    why = _DAMAGED.get(engine)
    if why is not None:
        raise StoreDamaged(why)


def check_now(engine: Engine, path: Path) -> None:
    """Check the whole file; StoreDamaged (and every later write refused) if it is damaged."""
    problems = quick_check(path)
    if problems:
        mark_damaged(engine, damage_report(path, problems))
        refuse_if_damaged(engine)


# Above this size the start-up check is left to the Z report's backup, which checks its copy
# (and to `posapp check`): a 1.4 GB store took 15 s of disk reading, beside the till's first sales.
BACKGROUND_CHECK_BELOW_BYTES = 256 * 1024 * 1024


def check_in_background(engine: Engine, path: Path) -> threading.Thread | None:
    """The same check beside the till's start-up, which must not wait for a large file's pass."""
    try:
        if path.stat().st_size > BACKGROUND_CHECK_BELOW_BYTES:
            return None
    except OSError:
        return None

    def run() -> None:
        with contextlib.suppress(StoreDamaged):  # recorded: the next write is refused
            check_now(engine, path)

    thread = threading.Thread(target=run, name="damage-check", daemon=True)
    thread.start()
    return thread
