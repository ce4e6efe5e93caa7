"""Serial scales: the Mettler-Toledo 8217 protocol and the CAS ECR protocol, and a fake.

8217: the till sends `W`; a stable weight comes back as STX, the weight in kilograms with its
decimal point ("01.234"), CR. Anything else is STX, `?`, a status byte, CR, whose bits say why
there is no weight, as field-tested drivers read them: 0 in motion, 1 over capacity, 2 under
zero, 3 outside the zero capture range, 4 at the centre of zero, 5 net weight. Bit 6 is set so
that the byte prints (`A` is motion, `B` over capacity, `D` under zero) and bit 7 is parity:
neither means anything by itself.

CAS: the till sends ENQ, the scale answers ACK; the till sends DC1 and the scale answers
SOH STX, a status (`S` stable, `U` unstable), a sign, six weight characters, two unit characters,
BCC ETX EOT.
"""

from __future__ import annotations

import re
import time
from decimal import Decimal

import serial

from posapp.devices.serial_port import open_serial
from posapp.devices.urls import DeviceUrl, UnsupportedDeviceUrl, parse_device_url
from posapp.domain.errors import DomainError
from posapp.domain.quantity import Quantity
from posapp.services.devices import Scale, ScaleError

STX, CR, ENQ, ACK, DC1, SOH, ETX, EOT = (
    b"\x02",
    b"\r",
    b"\x05",
    b"\x06",
    b"\x11",
    b"\x01",
    b"\x03",
    b"\x04",
)
ANSWER_TIMEOUT = 0.5  # seconds a scale gets to answer one request
STABLE_WITHIN = 3.0  # seconds the till waits for a moving weight to settle

_MOVING = 0x01
# In the order a cashier should hear them: a weight off the scale's range before motion.
_STATUS_MEANING = (
    (0x02, "is over capacity: take something off"),
    (0x04, "is below zero: empty it and zero it again"),
    (0x08, "cannot find zero: empty it and zero it again"),
    (_MOVING, "is still moving"),
    (0x10, "has nothing on it"),
)


class _Unstable(Exception):
    pass


def _weight(text: str, scale: str) -> Quantity:
    if not re.fullmatch(r"\d{1,3}\.\d{3}", text):
        raise ScaleError(f"scale {scale} answered something unreadable: {text!r}")
    try:
        weight = Quantity(Decimal(text))
    except DomainError:
        raise ScaleError(f"scale {scale} answered something unreadable: {text!r}") from None
    if weight.thousandths == 0:
        raise ScaleError(f"scale {scale} has nothing on it")
    return weight


class _SerialScale:
    name: str

    def __init__(self, url: DeviceUrl) -> None:
        self._url = url
        self.name = f"serial://{url.target}"

    def read_weight(self) -> Quantity:
        deadline = time.monotonic() + STABLE_WITHIN
        try:
            with open_serial(self._url, timeout=ANSWER_TIMEOUT) as port:
                while True:
                    try:
                        return self._ask(port)
                    except _Unstable:
                        if time.monotonic() > deadline:
                            raise ScaleError(
                                f"scale {self.name} did not settle: take the item off and on again"
                            ) from None
                        time.sleep(0.2)
        except (OSError, serial.SerialException) as error:
            raise ScaleError(f"scale {self.name} cannot be reached: {error}") from None

    def _ask(self, port: serial.Serial) -> Quantity:
        raise NotImplementedError


class Mettler8217Scale(_SerialScale):
    def _ask(self, port: serial.Serial) -> Quantity:
        port.reset_input_buffer()
        port.write(b"W")
        answer = port.read_until(CR)
        if not answer:
            raise ScaleError(f"scale {self.name} did not answer")
        if not answer.startswith(STX) or not answer.endswith(CR):
            raise ScaleError(f"scale {self.name} answered something unreadable: {answer!r}")
        body = answer[1:-1]
        if body.startswith(b"?") and len(body) == 2:
            status = body[1]
            for bits, meaning in _STATUS_MEANING:
                if status & bits:
                    if bits == _MOVING:
                        raise _Unstable
                    raise ScaleError(f"scale {self.name} {meaning}")
            raise ScaleError(f"scale {self.name} gave no weight (status {status:#04x})")
        return _weight(body.decode("ascii", "replace").strip(), self.name)


class CasScale(_SerialScale):
    def _ask(self, port: serial.Serial) -> Quantity:
        port.reset_input_buffer()
        port.write(ENQ)
        if port.read(1) != ACK:
            raise ScaleError(f"scale {self.name} did not answer")
        port.write(DC1)
        frame = port.read_until(EOT)
        match = re.fullmatch(
            rb"\x01\x02([SU])([ -])([ \d.]{6})([A-Za-z ]{2}).\x03\x04", frame, re.S
        )
        if not match:
            if not frame:
                raise ScaleError(f"scale {self.name} did not answer")
            raise ScaleError(f"scale {self.name} answered something unreadable: {frame!r}")
        status, sign, digits, unit = (group.decode("ascii") for group in match.groups())
        if status == "U":
            raise _Unstable
        if sign == "-":
            raise ScaleError(f"scale {self.name} is below zero")
        if unit.strip().lower() != "kg":
            raise ScaleError(f"scale {self.name} weighs in {unit.strip()!r}; set it to kg")
        return _weight(digits.strip(), self.name)


class FakeScale:
    """A scale for tests and training: answers `weight` (or raises `error`) and counts requests."""

    def __init__(self, weight: Decimal | None = Decimal("0.500"), error: str | None = None) -> None:
        self.weight = weight
        self.error = error
        self.requests = 0
        self.name = "fake://"

    def read_weight(self) -> Quantity:
        self.requests += 1
        if self.error or self.weight is None:
            raise ScaleError(f"scale {self.name} {self.error or 'has nothing on it'}")
        return Quantity(self.weight)


PROTOCOLS = {"mettler8217": Mettler8217Scale, "cas": CasScale}


def scale_from_url(url: str) -> Scale:
    parsed = parse_device_url("scale", url)
    if parsed.scheme == "fake":
        raw = parsed.option("weight", "0.500")
        try:
            return FakeScale(Quantity.parse(raw).value)
        except DomainError:
            raise UnsupportedDeviceUrl(f"scale {url!r}: weight={raw!r} is not a weight") from None
    protocol = parsed.option("protocol", "mettler8217").lower()
    if protocol not in PROTOCOLS:
        raise UnsupportedDeviceUrl(f"scale {url!r}: protocol must be one of {', '.join(PROTOCOLS)}")
    return PROTOCOLS[protocol](parsed)
