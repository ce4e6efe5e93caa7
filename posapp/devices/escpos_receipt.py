"""Receipt layout → ESC/POS bytes, with python-escpos on a Dummy printer (no device needed).

The whole receipt becomes one byte string, sent in one write by a transport: a printer that
vanishes mid-receipt never leaves half a receipt queued in our process."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from posapp.devices.urls import DeviceUrl, UnsupportedDeviceUrl
from posapp.services.selling import Align, ReceiptLayout

if TYPE_CHECKING:
    from escpos.printer import Dummy

# python-escpos reads every printer profile from YAML when it is imported (over 100 ms): it is
# imported at the first receipt, not while the till starts.

DEFAULT_PROFILE = "TM-T88V"
COLUMNS_BY_PAPER_MM = {80: 42, 58: 32}  # font A characters per line


@dataclass(frozen=True)
class PrinterOptions:
    profile: str = DEFAULT_PROFILE
    paper_mm: int = 80
    codepage: str = "AUTO"  # or one the profile has, e.g. CP866, CP1253, CP857, CP858
    drawer_pin: int = 2  # most drawers hang on pin 2, some on pin 5
    pulse_ms: int = 100  # how long the drawer solenoid is driven

    @property
    def columns(self) -> int:
        return COLUMNS_BY_PAPER_MM[self.paper_mm]

    @classmethod
    def from_url(cls, url: DeviceUrl, *, verify: bool = True) -> PrinterOptions:
        """The options in `url`; with `verify`, the profile and code page are checked against
        python-escpos's profiles (when a printer is set, not on every start)."""
        options = cls(
            profile=url.option("profile", DEFAULT_PROFILE),
            paper_mm=url.int_option("paper", 80, tuple(COLUMNS_BY_PAPER_MM)),
            codepage=url.option("codepage", "AUTO").upper(),
            drawer_pin=url.int_option("drawer", 2, (2, 5)),
            pulse_ms=url.int_option("pulse", 100),
        )
        if not 10 <= options.pulse_ms <= 500:
            raise UnsupportedDeviceUrl(f"printer {url.text!r}: pulse must be 10–500 ms")
        if not verify:
            return options
        # An unknown profile or code page is refused now, when it is set, not at a sale.
        from escpos.exceptions import Error as EscposError
        from escpos.printer import Dummy

        try:
            Dummy(profile=options.profile)
        except (EscposError, KeyError, ValueError):
            raise UnsupportedDeviceUrl(
                f"printer {url.text!r}: unknown printer profile {options.profile!r}"
            ) from None
        try:
            _new_printer(options)
        except (EscposError, KeyError, ValueError):
            raise UnsupportedDeviceUrl(
                f"printer {url.text!r}: profile {options.profile} has no code page "
                f"{options.codepage!r} (try AUTO, CP437, CP858, CP866, CP1253, CP857)"
            ) from None
        return options


def _new_printer(options: PrinterOptions) -> Dummy:
    from escpos.printer import Dummy

    printer = Dummy(profile=options.profile)
    # AUTO lets python-escpos pick, per character, a code page the printer has: Cyrillic,
    # Greek, Turkish and Western European text print as the letters they are. A fixed code page
    # is for printers whose tables differ from their profile.
    printer.charcode(options.codepage)
    return printer


def _drawer_kick(printer: Dummy, options: PrinterOptions) -> None:
    # ESC p m t1 t2: pin (0 = pin 2, 1 = pin 5), on time and off time in 2 ms steps.
    on = max(1, options.pulse_ms // 2)
    printer.cashdraw([27, 112, 0 if options.drawer_pin == 2 else 1, on, max(on, 250)])


def encode_receipt(layout: ReceiptLayout, options: PrinterOptions | None = None) -> bytes:
    options = options or PrinterOptions()
    printer = _new_printer(options)
    for line in layout.lines:
        printer.set(
            align=line.align.value,
            bold=line.bold,
            double_width=line.large,
            double_height=line.large,
            normal_textsize=not line.large,
        )
        printer.textln(line.text)
    printer.set(align=Align.CENTER.value, bold=False, normal_textsize=True)
    if layout.code:
        printer.qr(layout.code, size=6, native=True)  # the printer draws it: 20 bytes, not 2 KB
        printer.textln(layout.code)
    printer.cut()
    if layout.open_drawer:
        _drawer_kick(printer, options)
    return bytes(printer.output)


def encode_drawer_kick(options: PrinterOptions | None = None) -> bytes:
    from escpos.printer import Dummy

    printer = Dummy(profile=(options or PrinterOptions()).profile)
    _drawer_kick(printer, options or PrinterOptions())
    return bytes(printer.output)
