"""Byte transports to receipt printers. A send either delivers everything or raises
PrinterUnavailable naming the printer; it never blocks longer than its timeout.

The network transport can ask the printer to confirm (ESC/POS real-time status, DLE EOT 4):
a printer switched off or unplugged mid-receipt, or out of paper, is then known at once rather
than the receipt silently vanishing in a socket buffer."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from typing import Any, Protocol

from posapp.devices.serial_port import open_serial
from posapp.devices.urls import DeviceUrl
from posapp.services.selling import PrinterUnavailable

STATUS_REQUEST = b"\x10\x04\x04"  # DLE EOT 4: paper roll sensor status
PAPER_END_BITS = 0x60  # bits 5 and 6 of the answer: paper end detected


class PrinterTransport(Protocol):
    name: str

    def send(self, data: bytes) -> None: ...


def _paper_problem(status: int) -> str | None:
    return "is out of paper" if status & PAPER_END_BITS else None


class TcpPrinterTransport:
    """A network printer on raw port 9100 (JetDirect), the way most receipt printers listen."""

    def __init__(
        self, host: str, port: int = 9100, timeout: float = 3.0, *, confirm: bool = False
    ) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self.confirm = confirm
        self.name = f"tcp://{host}:{port}"

    def send(self, data: bytes) -> None:
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as sock:
                sock.sendall(data + STATUS_REQUEST if self.confirm else data)
                sock.shutdown(socket.SHUT_WR)
                if self.confirm:
                    answer = sock.recv(1)
                    if not answer:
                        raise PrinterUnavailable(
                            f"printer {self.name} went away before confirming the receipt"
                        )
                    problem = _paper_problem(answer[0])
                    if problem:
                        raise PrinterUnavailable(f"printer {self.name} {problem}")
        except OSError as error:
            raise PrinterUnavailable(
                f"printer {self.name} did not take the receipt: {error.strerror or error}"
            ) from None


class SerialPrinterTransport:
    def __init__(self, url: DeviceUrl, timeout: float = 3.0) -> None:
        self._url = url
        self._timeout = timeout
        self.name = f"serial://{url.target}"

    def send(self, data: bytes) -> None:
        try:
            with open_serial(self._url, timeout=self._timeout, default_baud=19200) as port:
                port.write(data)
                port.flush()
        except OSError as error:  # SerialException and SerialTimeoutException are OSErrors
            raise PrinterUnavailable(
                f"printer {self.name} did not take the receipt: {error}"
            ) from None


class FilePrinterTransport:
    """A printer device file (/dev/usb/lp0) or any file: one write of the whole receipt."""

    def __init__(self, path: str) -> None:
        self._path = path
        self.name = f"file://{path}"

    def send(self, data: bytes) -> None:
        try:
            descriptor = os.open(self._path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(descriptor, view) :]
            finally:
                os.close(descriptor)
        except OSError as error:
            raise PrinterUnavailable(
                f"printer {self.name} did not take the receipt: {error.strerror or error}"
            ) from None


def _send_through_escpos(name: str, open_printer: Callable[[], Any], data: bytes) -> None:
    """Send through one of python-escpos's own device classes (USB, Windows spooler)."""
    try:
        printer = open_printer()
        printer.open()
        try:
            printer._raw(data)
        finally:
            printer.close()
    except Exception as error:  # library or driver missing, device absent: all one answer
        raise PrinterUnavailable(f"printer {name} did not take the receipt: {error}") from None


class UsbPrinterTransport:
    """A USB printer by vendor and product id, through python-escpos (needs pyusb and libusb)."""

    def __init__(self, vendor_id: int, product_id: int, timeout_ms: int = 3000) -> None:
        self._ids = (vendor_id, product_id)
        self._timeout_ms = timeout_ms
        self.name = f"usb://{vendor_id:04x}:{product_id:04x}"

    def send(self, data: bytes) -> None:
        def open_printer() -> Any:
            import usb.backend.libusb1
            from escpos.printer import Usb

            if usb.backend.libusb1.get_backend() is None:
                raise RuntimeError("USB printing needs libusb-1.0 installed on this computer")
            return Usb(*self._ids, timeout=self._timeout_ms)

        _send_through_escpos(self.name, open_printer, data)


class Win32PrinterTransport:
    """A printer installed in Windows, fed raw bytes through the spooler."""

    def __init__(self, printer_name: str) -> None:
        self._printer_name = printer_name
        self.name = f"win32://{printer_name}"

    def send(self, data: bytes) -> None:
        if os.name != "nt":  # not sys.platform: mypy would call the rest unreachable here
            raise PrinterUnavailable(
                f"printer {self.name}: the Windows spooler exists only on Windows"
            )

        def open_printer() -> Any:
            from escpos.printer import Win32Raw

            return Win32Raw(self._printer_name)

        _send_through_escpos(self.name, open_printer, data)
