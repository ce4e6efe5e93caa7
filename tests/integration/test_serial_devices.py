"""Serial devices over a real pseudo-terminal: a scanner sending codes, scales answering their
protocols (and answering garbage or nothing), a pole display receiving its two lines."""

import threading
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest

from posapp.devices.customer_display import display_from_url
from posapp.devices.scale import scale_from_url
from posapp.devices.serial_scanner import scanner_from_url
from posapp.services.devices.devices import ScaleError
from tests.serial_pty import DeviceEmulator, PtyPair


@pytest.fixture
def line() -> Iterator[PtyPair]:
    pair = PtyPair()
    yield pair
    pair.close()


def mettler(replies: list[bytes]) -> Callable[[bytes], bytes | None]:
    def answer(request: bytes) -> bytes | None:
        assert request == b"W"
        return replies.pop(0) if len(replies) > 1 else replies[0]

    return answer


def test_serial_scanner_delivers_each_code_once(line: PtyPair) -> None:
    scanner = scanner_from_url(line.url("baud=9600"))
    codes: list[str] = []
    got_two = threading.Event()

    def on_code(code: str) -> None:
        codes.append(code)
        if len(codes) == 2:
            got_two.set()

    scanner.start(on_code, lambda message: None)
    try:
        assert scanner.listening.wait(5)  # type: ignore[attr-defined]
        line.write(b"4006381333931\r")
        line.write(b"5901234123457\r\n")
        assert got_two.wait(5)
    finally:
        scanner.stop()
    assert codes == ["4006381333931", "5901234123457"]


def test_mettler_8217_stable_weight(line: PtyPair) -> None:
    emulator = DeviceEmulator(line, mettler([b"\x0201.234\r"])).start()
    try:
        weight = scale_from_url(line.url("protocol=mettler8217")).read_weight()
    finally:
        emulator.stop()
    assert weight.value == Decimal("1.234")
    assert emulator.requests[0] == b"W"


def test_mettler_8217_waits_while_the_weight_moves(line: PtyPair) -> None:
    replies = [b"\x02?A\r", b"\x02?\x01\r", b"\x0200.750\r"]  # A: motion, bit 6 set to print
    emulator = DeviceEmulator(line, mettler(replies)).start()
    try:
        weight = scale_from_url(line.url()).read_weight()
    finally:
        emulator.stop()
    assert weight.value == Decimal("0.750")
    assert len(emulator.requests) == 3


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (b"\x02?B\r", "over capacity"),  # bit 1, and bit 6 so that the byte prints
        (b"\x02?D\r", "below zero"),  # bit 2
        (b"\x02?H\r", "cannot find zero"),  # bit 3
        (b"\x02?P\r", "nothing on it"),  # bit 4: centre of zero
        (b"\x02?\xe0\r", r"gave no weight \(status 0xe0\)"),  # net, bit 6, parity: no reason
        (b"\x02#!x\r", "unreadable"),
        (b"\x02ab.cde\r", "unreadable"),
        (b"", "did not answer"),
    ],
    ids=[
        "over-capacity",
        "under-zero",
        "no-zero",
        "empty",
        "no-reason",
        "garbage",
        "letters",
        "silence",
    ],
)
def test_mettler_8217_refusals_are_named(line: PtyPair, reply: bytes, message: str) -> None:
    emulator = DeviceEmulator(line, lambda request: reply).start()
    try:
        with pytest.raises(ScaleError, match=message):
            scale_from_url(line.url()).read_weight()
    finally:
        emulator.stop()


def _cas(frame: bytes) -> Callable[[bytes], bytes | None]:
    def answer(request: bytes) -> bytes | None:
        if request == b"\x05":
            return b"\x06"
        if request == b"\x11":
            return frame
        return None

    return answer


def test_cas_stable_weight(line: PtyPair) -> None:
    emulator = DeviceEmulator(line, _cas(b"\x01\x02S 02.500kg\x00\x03\x04")).start()
    try:
        weight = scale_from_url(line.url("protocol=cas")).read_weight()
    finally:
        emulator.stop()
    assert weight.value == Decimal("2.500")


def test_cas_garbage_is_refused(line: PtyPair) -> None:
    emulator = DeviceEmulator(line, _cas(b"\x01\x02Z?xx\x03\x04")).start()
    try:
        with pytest.raises(ScaleError, match="unreadable"):
            scale_from_url(line.url("protocol=cas")).read_weight()
    finally:
        emulator.stop()


def test_pole_display_receives_both_lines(line: PtyPair) -> None:
    display_from_url(line.url()).show("Milk 1L        1.09", "TOTAL          12.40")
    data = line.read_available()
    assert data.startswith(b"\x1b@\x0c")
    assert b"Milk 1L        1.09 " in data
    assert data.endswith(b"\x1f\x24\x01\x02TOTAL          12.40")
