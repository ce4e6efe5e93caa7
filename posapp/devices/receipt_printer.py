"""Receipt printers behind the `ReceiptPrinter` port: ESC/POS over a transport, and a fake that
records what it was asked to do (tests, training mode)."""

from __future__ import annotations

from posapp.devices.escpos_receipt import PrinterOptions, encode_drawer_kick, encode_receipt
from posapp.devices.transports import (
    FilePrinterTransport,
    PrinterTransport,
    SerialPrinterTransport,
    TcpPrinterTransport,
    UsbPrinterTransport,
    Win32PrinterTransport,
)
from posapp.devices.urls import DeviceUrl, UnsupportedDeviceUrl, parse_device_url
from posapp.services.selling import ReceiptLayout


class EscposReceiptPrinter:
    def __init__(self, transport: PrinterTransport, options: PrinterOptions | None = None) -> None:
        self._transport = transport
        self.options = options or PrinterOptions()
        self.name = transport.name

    @property
    def columns(self) -> int:
        return self.options.columns

    def print_receipt(self, layout: ReceiptLayout) -> None:
        self._transport.send(encode_receipt(layout, self.options))

    def open_drawer(self) -> None:
        self._transport.send(encode_drawer_kick(self.options))


class FakeReceiptPrinter:
    def __init__(self, columns: int = 42) -> None:
        self.printed: list[ReceiptLayout] = []
        self.drawer_opened = 0
        self.columns = columns
        self.name = "fake://"

    def print_receipt(self, layout: ReceiptLayout) -> None:
        self.printed.append(layout)
        self.drawer_opened += layout.open_drawer

    def open_drawer(self) -> None:
        self.drawer_opened += 1


# Kept for callers that name the printer's error; every device error is an UnsupportedDeviceUrl.
UnsupportedPrinterUrl = UnsupportedDeviceUrl


def _transport(url: DeviceUrl) -> PrinterTransport:
    if url.scheme == "tcp":
        host, _, port = url.target.rpartition(":") if ":" in url.target else (url.target, "", "")
        if not host or (port and not port.isdigit()):
            raise UnsupportedDeviceUrl(f"printer {url.text!r}: use tcp://HOST:PORT")
        # Confirmation (DLE EOT) is on by default: Epson-compatible network printers answer it.
        confirm = url.int_option("status", 1, (0, 1)) == 1
        return TcpPrinterTransport(host, int(port or 9100), confirm=confirm)
    if url.scheme == "serial":
        return SerialPrinterTransport(url)
    if url.scheme == "file":
        return FilePrinterTransport(url.target)
    if url.scheme == "usb":
        vendor, _, product = url.target.partition(":")
        try:
            return UsbPrinterTransport(int(vendor, 16), int(product, 16))
        except ValueError:
            raise UnsupportedDeviceUrl(
                f"printer {url.text!r}: use usb://VID:PID in hex, e.g. usb://04b8:0202"
            ) from None
    return Win32PrinterTransport(url.target)


def printer_from_url(url: str, *, verify: bool = True) -> EscposReceiptPrinter | FakeReceiptPrinter:
    """The printer at `url` (see devices/urls.py), or UnsupportedDeviceUrl naming the problem.
    `verify=False` skips the profile check (already done when the URL was saved)."""
    parsed = parse_device_url("printer", url)
    options = PrinterOptions.from_url(parsed, verify=verify)
    if parsed.scheme == "fake":
        return FakeReceiptPrinter(options.columns)
    return EscposReceiptPrinter(_transport(parsed), options)
