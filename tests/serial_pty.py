"""A serial line for tests: a pseudo-terminal pair. The device under test opens the slave path
(/dev/pts/N) exactly as it would open /dev/ttyUSB0; the test plays the other end on the master.
"""

from __future__ import annotations

import os
import select
import threading
import tty
from collections.abc import Callable


class PtyPair:
    def __init__(self) -> None:
        self.master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line editing: bytes pass as they are
        self.path = os.ttyname(slave)
        self._slave = slave  # kept open so the line stays up between device opens

    def url(self, query: str = "") -> str:
        return f"serial://{self.path}{'?' + query if query else ''}"

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def read_available(self, wait: float = 1.0) -> bytes:
        """Everything the device wrote, waiting up to `wait` seconds for it to start."""
        chunks = []
        timeout = wait
        while select.select([self.master], [], [], timeout)[0]:
            chunks.append(os.read(self.master, 4096))
            timeout = 0.1
        return b"".join(chunks)

    def close(self) -> None:
        os.close(self.master)
        os.close(self._slave)


class DeviceEmulator:
    """Answers requests on the master side: `answer(request_bytes) -> reply bytes or None`."""

    def __init__(self, line: PtyPair, answer: Callable[[bytes], bytes | None]) -> None:
        self._line = line
        self._answer = answer
        self._stop = threading.Event()
        self.requests: list[bytes] = []
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> DeviceEmulator:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            if not select.select([self._line.master], [], [], 0.05)[0]:
                continue
            try:
                request = os.read(self._line.master, 64)
            except OSError:
                return
            self.requests.append(request)
            reply = self._answer(request)
            if reply:
                os.write(self._line.master, reply)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
