"""Serial barcode scanners (RS-232 or USB in COM-port mode): codes are read on a thread of
their own, one per line, and handed to a callback, so the screen never waits on the port.

A scanner unplugged and plugged back is picked up again: the reader retries every second and
says once that it lost the scanner."""

from __future__ import annotations

import threading
from collections.abc import Callable

import serial

from posapp.devices.serial_port import open_serial
from posapp.devices.urls import DeviceUrl, parse_device_url
from posapp.services.devices import CodeSource

TERMINATORS = (b"\r", b"\n")


class SerialScanner:
    def __init__(self, url: DeviceUrl, retry_seconds: float = 1.0) -> None:
        self._url = url
        self._retry = retry_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.name = f"serial://{url.target}"
        # Set while the port is open: opening a port discards what arrived before it.
        self.listening = threading.Event()

    def start(self, on_code: Callable[[str], None], on_error: Callable[[str], None]) -> None:
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(on_code, on_error), name="serial-scanner", daemon=True
        )
        self._thread.start()

    def _run(self, on_code: Callable[[str], None], on_error: Callable[[str], None]) -> None:
        reported = False
        while not self._stop.is_set():
            try:
                with open_serial(self._url, timeout=0.2) as port:
                    reported = False
                    self.listening.set()
                    try:
                        self._read(port, on_code)
                    finally:
                        self.listening.clear()
            except (OSError, serial.SerialException) as error:
                if not reported:
                    on_error(f"scanner {self.name} is not answering: {error}")
                    reported = True
                self._stop.wait(self._retry)

    def _read(self, port: serial.Serial, on_code: Callable[[str], None]) -> None:
        pending = b""
        while not self._stop.is_set():
            pending += port.read(64)
            for terminator in TERMINATORS:
                pending = pending.replace(terminator, b"\n")
            *lines, pending = pending.split(b"\n")
            for line in lines:
                code = line.decode("ascii", "replace").strip()
                if code:
                    on_code(code)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)


class FakeScanner:
    """Scans on demand: `scan(code)` delivers a code as a serial scanner would."""

    def __init__(self) -> None:
        self.name = "fake://"
        self._on_code: Callable[[str], None] | None = None

    def start(self, on_code: Callable[[str], None], on_error: Callable[[str], None]) -> None:
        self._on_code = on_code

    def stop(self) -> None:
        self._on_code = None

    def scan(self, code: str) -> None:
        if self._on_code is not None:
            self._on_code(code)


def scanner_from_url(url: str) -> CodeSource:
    parsed = parse_device_url("scanner", url)
    if parsed.scheme == "fake":
        return FakeScanner()
    return SerialScanner(parsed)
