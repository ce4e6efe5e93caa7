"""Customer pole displays: two lines of 20 characters over serial, with the ESC/POS command set
most of them speak (Epson DM-D and compatibles), and a fake that records what it showed."""

from __future__ import annotations

import serial

from posapp.devices.serial_port import open_serial
from posapp.devices.urls import DeviceUrl, parse_device_url
from posapp.services.devices import CustomerDisplay, DeviceError

INITIALISE = b"\x1b\x40"  # ESC @
CLEAR = b"\x0c"  # FF: clear the screen, cursor home
SECOND_LINE = b"\x1f\x24\x01\x02"  # US $ 1 2: cursor to column 1, row 2


def encode_display(top: str, bottom: str, *, columns: int = 20, encoding: str = "cp858") -> bytes:
    def line(text: str) -> bytes:
        return text[:columns].ljust(columns).encode(encoding, "replace")

    return INITIALISE + CLEAR + line(top) + SECOND_LINE + line(bottom)


class SerialPoleDisplay:
    def __init__(self, url: DeviceUrl) -> None:
        self._url = url
        self._columns = url.int_option("columns", 20, (16, 20, 40))
        self._encoding = url.option("encoding", "cp858")
        self.name = f"serial://{url.target}"

    def show(self, top: str, bottom: str) -> None:
        data = encode_display(top, bottom, columns=self._columns, encoding=self._encoding)
        try:
            with open_serial(self._url, timeout=1.0) as port:
                port.write(data)
                port.flush()
        except (OSError, serial.SerialException) as error:
            raise DeviceError(f"customer display {self.name} cannot be reached: {error}") from None


class FakeDisplay:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []
        self.name = "fake://"

    def show(self, top: str, bottom: str) -> None:
        self.shown.append((top, bottom))


def display_from_url(url: str) -> CustomerDisplay:
    parsed = parse_device_url("display", url)
    if parsed.scheme == "fake":
        return FakeDisplay()
    return SerialPoleDisplay(parsed)
