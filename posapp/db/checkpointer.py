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
RESTART_ABOVE_FRAMES = 4096  # 16 MB of 4 KiB pages


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
            while not self._stop.wait(self._interval):
                _, wal_frames, _ = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                if wal_frames > self._restart_above_frames:
                    connection.execute("PRAGMA wal_checkpoint(RESTART)")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # leave a small WAL behind
        except sqlite3.Error:
            pass  # a checkpoint that cannot run now runs at the next start; nothing is lost
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
