"""Receipt layout → ESC/POS bytes, with python-escpos on a Dummy printer (no device needed).

The whole receipt becomes one byte string, sent in one write by a transport: a printer that
vanishes mid-receipt never leaves half a receipt queued in our process."""

from __future__ import annotations

from escpos.printer import Dummy

from posapp.services.receipts import Align, ReceiptLayout

DEFAULT_PROFILE = "TM-T88V"
DRAWER_PIN = 2  # most drawers hang on pin 2; settings will let a shop choose pin 5


def encode_receipt(
    layout: ReceiptLayout, *, profile: str = DEFAULT_PROFILE, drawer_pin: int = DRAWER_PIN
) -> bytes:
    printer = Dummy(profile=profile)
    # AUTO lets python-escpos pick, per character, a code page the printer has: Cyrillic,
    # Greek, Turkish and Western European text print as the letters they are.
    printer.charcode("AUTO")
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
    printer.qr(layout.code, size=6, native=True)  # the printer draws it: 20 bytes, not 2 KB
    printer.textln(layout.code)
    printer.cut()
    if layout.open_drawer:
        printer.cashdraw(drawer_pin)
    return bytes(printer.output)
