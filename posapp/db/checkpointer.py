"""WAL checkpoints off the sale's path.

By default SQLite checkpoints inside whichever commit pushes the WAL past 1000 pages, so every
few dozen sales one cashier waits several milliseconds for it. Our connections turn automatic
checkpoints off (see engine.py) and this thread copies the WAL back into the database every
second instead. PASSIVE never blocks a writer. If the process dies, the WAL stays on disk and
SQLite replays it on the next open: nothing committed is lost either way.

A PASSIVE checkpoint cannot let the WAL start over while writers keep appending (simulations,
imports): it never catches up, and the WAL grew past a gigabyte in a minute of `posapp
simulate`. When the WAL holds more than RESTART_ABOVE_FRAMES after a PASSIVE pass, a RESTART
checkpoint copies the few frames left, holding writers back for that moment, so the next commit
writes from the start of the file again — overwriting a WAL is also faster than growing one.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

INTERVAL_SECONDS = 0.5
RESTART_ABOVE_FRAMES = 1024  # 4 MB of 4 KiB pages: journal_size_limit (engine.py) cuts it back


class Checkpointer:
    def __init__(
        self,
        path: Path,
        interval: float = INTERVAL_SECONDS,
        restart_above_frames: int = RESTART_ABOVE_FRAMES,
    ) -> None:
        self._path = path
        self._interval = interval
        self._restart_above_frames = restart_above_frames
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpointer", daemon=True)

    def start(self) -> Checkpointer:
        self._thread.start()
        return self

    def _run(self) -> None:
        connection = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        try:
            connection.execute("PRAGMA busy_timeout=1000")
            connection.execute("PRAGMA journal_size_limit=4194304")  # as engine.py's connections
            while not self._stop.wait(self._interval):
                self._checkpoint(connection)
            self._checkpoint(connection, "TRUNCATE")  # leave a small WAL behind
        finally:
            connection.close()

    def _checkpoint(self, connection: sqlite3.Connection, final: str | None = None) -> None:
        # One busy or failed pass must not end checkpointing for the rest of the day (it did:
        # the WAL then grew with every sale): it is tried again at the next interval, and a
        # checkpoint that never runs runs at the next start. Nothing committed is lost either way.
        try:
            if final is not None:
                connection.execute(f"PRAGMA wal_checkpoint({final})")
                return
            _, wal_frames, _ = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if wal_frames > self._restart_above_frames:
                connection.execute("PRAGMA wal_checkpoint(RESTART)")
        except sqlite3.Error:
            pass

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
