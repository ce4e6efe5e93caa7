"""Opening a serial device from its URL (baud rate and framing in the query string)."""

from __future__ import annotations

import serial

from posapp.devices.urls import DeviceUrl

BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


def open_serial(url: DeviceUrl, *, timeout: float, default_baud: int = 9600) -> serial.Serial:
    """The port, open; serial.SerialException (an OSError) names the device if it is missing."""
    baud = url.int_option("baud", default_baud, BAUD_RATES)
    parity = url.option("parity", "N").upper()
    if parity not in ("N", "E", "O"):
        parity = "N"
    bits = url.int_option("bits", 8, (7, 8))
    return serial.Serial(
        url.target,
        baudrate=baud,
        bytesize=bits,
        parity=parity,
        stopbits=1,
        timeout=timeout,
        write_timeout=timeout,
    )
