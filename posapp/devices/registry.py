"""Every kind of device by URL, in one place: what bootstrap opens and `devices set` checks."""

from __future__ import annotations

from collections.abc import Callable

from posapp.devices.customer_display import FakeDisplay, display_from_url
from posapp.devices.receipt_printer import FakeReceiptPrinter, printer_from_url
from posapp.devices.scale import FakeScale, scale_from_url
from posapp.devices.serial_scanner import FakeScanner, scanner_from_url
from posapp.devices.urls import DEVICE_KINDS, UnsupportedDeviceUrl

OPENERS: dict[str, Callable[[str], object]] = {
    "printer": printer_from_url,
    "scanner": scanner_from_url,
    "scale": scale_from_url,
    "display": display_from_url,
}
FAKES = {
    "printer": FakeReceiptPrinter,
    "scanner": FakeScanner,
    "scale": FakeScale,
    "display": FakeDisplay,
}


def open_device(kind: str, url: str, *, verify: bool = True) -> object:
    """The device `url` names (not yet talked to), or UnsupportedDeviceUrl saying what's wrong.
    At start-up (`verify=False`) the printer's profile is trusted, as it was checked when set."""
    if kind not in OPENERS:
        raise UnsupportedDeviceUrl(f"unknown device {kind!r}: use one of {', '.join(DEVICE_KINDS)}")
    if kind == "printer":
        return printer_from_url(url, verify=verify)
    return OPENERS[kind](url)


def fake_device(kind: str) -> object:
    """Training mode: a device that records what it is asked and touches no hardware."""
    return FAKES[kind]()
