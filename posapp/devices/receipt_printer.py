"""Receipt printers behind the `ReceiptPrinter` port: ESC/POS over a transport, and a fake that
records what it was asked to print (tests, training mode)."""

from __future__ import annotations

from urllib.parse import urlsplit

from posapp.devices.escpos_receipt import DEFAULT_PROFILE, encode_receipt
from posapp.devices.transports import TcpPrinterTransport
from posapp.services.receipts import ReceiptLayout


class EscposReceiptPrinter:
    def __init__(self, transport: TcpPrinterTransport, profile: str = DEFAULT_PROFILE) -> None:
        self._transport = transport
        self._profile = profile

    def print_receipt(self, layout: ReceiptLayout) -> None:
        self._transport.send(encode_receipt(layout, profile=self._profile))


class FakeReceiptPrinter:
    def __init__(self) -> None:
        self.printed: list[ReceiptLayout] = []

    def print_receipt(self, layout: ReceiptLayout) -> None:
        self.printed.append(layout)


class UnsupportedPrinterUrl(ValueError):
    pass


def printer_from_url(url: str) -> EscposReceiptPrinter | FakeReceiptPrinter:
    """`tcp://host:9100` for a network printer, `fake://` for training mode."""
    parts = urlsplit(url)
    if parts.scheme == "tcp" and parts.hostname:
        return EscposReceiptPrinter(TcpPrinterTransport(parts.hostname, parts.port or 9100))
    if parts.scheme == "fake":
        return FakeReceiptPrinter()
    raise UnsupportedPrinterUrl(f"printer {url!r}: use tcp://HOST:PORT (serial and USB are next)")
