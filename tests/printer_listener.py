"""A receipt printer stand-in: a TCP listener on 127.0.0.1 that keeps every job it receives, and
can be switched off and on again on the same port (a printer unplugged and plugged back).

Like a real ESC/POS printer it answers the real-time status request DLE EOT 4 with its paper
sensor byte; it can be out of paper, or die after a number of bytes (killed mid-receipt)."""

from __future__ import annotations

import socket
import threading
import time

STATUS_REQUEST = b"\x10\x04\x04"
PAPER_OK, PAPER_END = b"\x12", b"\x72"  # bits 1 and 4 always set; 5 and 6: paper end


class PrinterListener:
    def __init__(self, port: int = 0) -> None:
        self.jobs: list[bytes] = []
        self.port = port
        self.paper_out = False
        self.die_after_bytes: int | None = None  # close mid-receipt once this many arrived
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._server: socket.socket | None = None

    def start(self) -> PrinterListener:
        self._server = socket.create_server(("127.0.0.1", self.port))
        self._server.settimeout(0.1)  # closing does not wake accept(); polling a flag does
        self.port = self._server.getsockname()[1]
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        return self

    def _serve(self) -> None:
        assert self._server is not None
        while not self._stop.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                received = b""
                while chunk := connection.recv(65536):
                    received += chunk
                    if self.die_after_bytes is not None and len(received) >= self.die_after_bytes:
                        break  # killed mid-receipt: no status answer, connection dropped
                    if received.endswith(STATUS_REQUEST):
                        connection.sendall(PAPER_END if self.paper_out else PAPER_OK)
                else:
                    self.jobs.append(received)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._server is not None:
            self._server.close()

    def wait_for_jobs(self, count: int, seconds: float = 5) -> list[bytes]:
        deadline = time.monotonic() + seconds
        while len(self.jobs) < count:
            assert time.monotonic() < deadline, f"{len(self.jobs)} jobs, expected {count}"
            time.sleep(0.01)
        return self.jobs
