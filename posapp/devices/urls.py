"""Device addresses as URLs, one string per device in settings and on the command line:

    printer  tcp://192.168.1.50:9100   serial:///dev/ttyUSB0?baud=19200   usb://04b8:0202
             file:///dev/usb/lp0       win32://EPSON TM-T20   fake://
    scanner  serial:///dev/ttyACM0?baud=9600                            fake://
    scale    serial:///dev/ttyS0?baud=9600&protocol=mettler8217 (or cas)  fake://?weight=1.250
    display  serial:///dev/ttyUSB1?baud=9600                            fake://

Options ride in the query string (printer: profile, paper=58|80, codepage, drawer=2|5, pulse=ms,
status=0|1), so `posapp devices set printer 'tcp://10.0.0.9:9100?paper=58'` is the whole setup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

DEVICE_KINDS = ("printer", "scanner", "scale", "display")

SCHEMES = {
    "printer": ("tcp", "serial", "usb", "file", "win32", "fake"),
    "scanner": ("serial", "fake"),
    "scale": ("serial", "fake"),
    "display": ("serial", "fake"),
}


class UnsupportedDeviceUrl(ValueError):
    """A device address that cannot be used; the message says what would work."""


@dataclass(frozen=True)
class DeviceUrl:
    kind: str
    scheme: str
    target: str  # host:port, device path, VID:PID or printer name
    options: dict[str, str] = field(default_factory=dict)
    text: str = ""

    def option(self, name: str, default: str) -> str:
        return self.options.get(name, default)

    def int_option(self, name: str, default: int, allowed: tuple[int, ...] = ()) -> int:
        raw = self.options.get(name)
        if raw is None:
            return default
        if not raw.isdigit() or (allowed and int(raw) not in allowed):
            choices = f" (one of {', '.join(map(str, allowed))})" if allowed else ""
            raise UnsupportedDeviceUrl(
                f"{self.kind} {self.text!r}: {name}={raw!r} is not valid{choices}"
            )
        return int(raw)


def parse_device_url(kind: str, url: str) -> DeviceUrl:
    if kind not in DEVICE_KINDS:
        raise UnsupportedDeviceUrl(f"unknown device {kind!r}: use one of {', '.join(DEVICE_KINDS)}")
    parts = urlsplit(url.strip())
    schemes = SCHEMES[kind]
    if parts.scheme not in schemes:
        forms = ", ".join(f"{scheme}://" for scheme in schemes)
        raise UnsupportedDeviceUrl(f"{kind} {url!r}: use {forms}")
    target = unquote(parts.netloc + parts.path) if parts.scheme != "tcp" else parts.netloc
    if parts.scheme != "fake" and not target:
        raise UnsupportedDeviceUrl(f"{kind} {url!r} names no device after {parts.scheme}://")
    return DeviceUrl(kind, parts.scheme, target, dict(parse_qsl(parts.query)), url.strip())
