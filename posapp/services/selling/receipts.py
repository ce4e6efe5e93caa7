"""A receipt as layout data: lines with alignment and emphasis, the code to print as QR, and
whether the drawer opens. The on-screen preview renders it as text; the printer adapter encodes
the same layout to ESC/POS, so what the cashier sees is what the customer gets."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from posapp.domain.currency import minor_unit_exponent
from posapp.domain.money import Money
from posapp.domain.payment import CASH
from posapp.domain.sale import DocumentKind, SaleDocument
from posapp.services.devices import DeviceError

WIDTH_80MM = 42  # characters per line in font A on 80 mm paper


class PrinterUnavailable(DeviceError):
    """The printer could not take the receipt (off, unplugged, out of reach). The sale it was
    for is already committed; the cashier is told and can reprint."""


class ReceiptPrinter(Protocol):
    name: str  # where it is, for messages: tcp://10.0.0.9:9100

    @property
    def columns(self) -> int:
        """Characters per line on this printer's paper."""
        ...

    def print_receipt(self, layout: ReceiptLayout) -> None:
        """Print all of `layout` or raise PrinterUnavailable; never block longer than a few
        seconds."""
        ...

    def open_drawer(self) -> None:
        """Kick the cash drawer hanging on this printer, or raise PrinterUnavailable."""
        ...


class Align(Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    text: str
    align: Align = Align.LEFT
    bold: bool = False
    large: bool = False  # double width and height: the total


@dataclass(frozen=True, slots=True)
class ReceiptLayout:
    lines: tuple[ReceiptLine, ...]
    code: str  # the document number, printed as a QR code the returns screen scans
    open_drawer: bool  # cash changed hands
    width: int


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` without control characters: a product name holding ESC p would otherwise reach
    the printer as a command (it kicked the drawer on card sales)."""
    return _UNPRINTABLE.sub("", text)


def local_time(moment: datetime, time_zone: str) -> str:
    """The store's wall-clock time with its zone's abbreviation: 2026-12-04 18:20 CET."""
    return moment.astimezone(ZoneInfo(time_zone)).strftime("%Y-%m-%d %H:%M %Z")


def _total_lines(doc: SaleDocument, width: int) -> list[ReceiptLine]:
    """TOTAL and its amount, large, the amount against the right edge (a large character is two
    columns wide, so a large line holds half as many); on two lines when both do not fit."""
    amount = f"{_amount(doc.total)} {doc.currency}"
    room = width // 2
    if len("TOTAL") + 1 + len(amount) <= room:
        return [ReceiptLine(_row("TOTAL", amount, room), bold=True, large=True)]
    return [
        ReceiptLine("TOTAL", bold=True, large=True),
        ReceiptLine(amount, Align.RIGHT, bold=True, large=len(amount) <= room),
    ]


def _amount(money: Money) -> str:
    return f"{money.amount:,.{minor_unit_exponent(money.currency)}f}"


def _row(left: str, right: str, width: int) -> str:
    room = width - len(right) - 1
    return f"{left[:room]:<{room}} {right}"


def _tax_rows(doc: SaleDocument) -> list[tuple[str, int, Money, Money]]:
    rows: dict[tuple[str, int], tuple[Money, Money]] = {}
    zero = Money.zero(doc.currency)
    for line in doc.lines:
        for code, ppm, tax in line.taxes:
            base, total = rows.get((code, ppm), (zero, zero))
            rows[(code, ppm)] = (base + line.net, total + tax)
    return [(code, ppm, base, tax) for (code, ppm), (base, tax) in sorted(rows.items())]


def receipt_layout(
    doc: SaleDocument,
    *,
    store_name: str,
    cashier: str,
    width: int = WIDTH_80MM,
    copy: bool = False,
    header: Sequence[str] = (),
    footer: Sequence[str] = (),
    time_zone: str = "UTC",
) -> ReceiptLayout:
    """The receipt of `doc`: store header, number, date, cashier, lines, totals, tenders, tax
    per rate, footer. `header` and `footer` are the shop's own lines (address, VAT number,
    returns policy) from settings."""
    title = "RETURN" if doc.kind is DocumentKind.RETURN else "RECEIPT"
    rule = ReceiptLine("-" * width)
    lines = [ReceiptLine(printable(store_name), Align.CENTER, bold=True)]
    lines += [ReceiptLine(printable(text)[:width], Align.CENTER) for text in header]
    if copy:
        lines.append(ReceiptLine("*** COPY ***", Align.CENTER, bold=True))
    lines += [
        ReceiptLine(f"{title} {doc.number}", Align.CENTER),
        ReceiptLine(local_time(doc.created_at, time_zone), Align.CENTER),
        ReceiptLine(_row(f"Cashier: {printable(cashier)}", f"Till {doc.terminal_code}", width)),
        rule,
    ]
    for line in doc.lines:
        lines.append(ReceiptLine(_row(printable(line.name), _amount(line.amount), width)))
        if line.quantity.value != 1 or line.unit != "pc":
            lines.append(ReceiptLine(f"  {line.quantity} {line.unit} x {_amount(line.unit_price)}"))
        if line.price_note:
            lines.append(ReceiptLine(f"  {printable(line.price_note)}"[:width]))
        off = line.line_discount + line.basket_discount
        if off.minor:
            lines.append(ReceiptLine(f"  discount -{_amount(abs(off))}"))
    lines.append(rule)
    lines += _total_lines(doc, width)
    if doc.rounding.minor:
        lines.append(ReceiptLine(_row("Cash rounding", _amount(doc.rounding), width)))
    for tender in doc.tenders:
        is_change = tender.amount.minor < 0 and doc.kind is DocumentKind.SALE
        label = "Change" if is_change else tender.kind.title()
        lines.append(ReceiptLine(_row(label, _amount(abs(tender.amount)), width)))
    for code, ppm, base, tax in _tax_rows(doc):
        lines.append(
            ReceiptLine(_row(f"{code} {ppm / 10_000:g} % on {_amount(base)}", _amount(tax), width))
        )
    if footer:
        lines.append(rule)
        lines += [ReceiptLine(printable(text)[:width], Align.CENTER) for text in footer]
    cash_moved = any(t.kind == CASH and t.amount.minor != 0 for t in doc.tenders)
    return ReceiptLayout(tuple(lines), doc.number, open_drawer=cash_moved and not copy, width=width)


def as_text(layout: ReceiptLayout) -> str:
    """The layout as plain monospaced text (large lines are shown at normal size)."""
    rendered = []
    for line in layout.lines:
        if line.large and line.align is Align.LEFT and len(line.text.split(None, 1)) == 2:
            # On paper a large line is twice as wide, so its amount reaches the right edge.
            label, value = line.text.split(None, 1)
            rendered.append(_row(label, value.strip(), layout.width))
        elif line.align is Align.CENTER:
            rendered.append(line.text.center(layout.width).rstrip())
        elif line.align is Align.RIGHT:
            rendered.append(line.text.rjust(layout.width))
        else:
            rendered.append(line.text)
    return "\n".join(rendered)


# One line per script a shop may need: if a line prints as question marks or wrong letters, the
# code page setting (or the printer's profile) is the thing to change.
TEST_PAGE_SAMPLES = (
    "Western: Crème brûlée, Straße, €",
    "Cyrillic: Съешь же ещё этих булок",
    "Greek: Καλημέρα κόσμε",
    "Turkish: Işık, ğüşöç İĞÜŞÖÇ",
)


def test_page_layout(
    *, store_name: str, printer: str, width: int, now: datetime, time_zone: str = "UTC"
) -> ReceiptLayout:
    """What `posapp devices test printer` and the settings screen's Test button print."""
    lines = [
        ReceiptLine(store_name, Align.CENTER, bold=True),
        ReceiptLine("PRINTER TEST", Align.CENTER, bold=True, large=True),
        ReceiptLine(printer[:width], Align.CENTER),
        ReceiptLine(local_time(now, time_zone), Align.CENTER),
        ReceiptLine("-" * width),
        *(ReceiptLine(sample[:width]) for sample in TEST_PAGE_SAMPLES),
        ReceiptLine("-" * width),
        ReceiptLine(_row("Characters per line", str(width), width)),
        ReceiptLine("1234567890" * (width // 10) + "1234567890"[: width % 10]),
    ]
    return ReceiptLayout(tuple(lines), "TEST", open_drawer=False, width=width)


def shift_report_layout(report: Any, *, width: int = WIDTH_80MM) -> ReceiptLayout:
    """An X or Z report (services.shifts.ShiftReport) for the receipt printer."""
    data = report.payload
    rows = _ReportRows(data["currency"], width)
    title = f"Z REPORT {data['z_number']}" if report.kind == "Z" else "X REPORT (shift so far)"
    lines = [
        ReceiptLine(data["store"], Align.CENTER, bold=True),
        ReceiptLine(title, Align.CENTER, bold=True, large=report.kind == "Z"),
        ReceiptLine(f"Till {data['terminal_code']} · shift {data['shift']}", Align.CENTER),
        ReceiptLine(f"opened {data['opened_at'][:16].replace('T', ' ')} by {data['opened_by']}"),
        ReceiptLine(f"printed {data['at'][:16].replace('T', ' ')} UTC"),
        *_report_takings(data, rows),
        *_report_cash(data, rows, closing=report.kind == "Z"),
        rows.rule,
        rows.count("No-sale drawer openings", data["no_sales"]),
        rows.count("Supervisor overrides", data["overrides"]),
        rows.count("Voided sales", data["voids"]),
    ]
    code = f"Z-{data['terminal_code']}-{data['z_number']}" if report.kind == "Z" else ""
    return ReceiptLayout(tuple(lines), code, open_drawer=False, width=width)


class _ReportRows:
    """A shift report's label-and-figure rows, at one width and in one currency."""

    def __init__(self, currency: str, width: int) -> None:
        self.currency, self.width = currency, width
        self.rule = ReceiptLine("-" * width)

    def amount(self, minor: int) -> str:
        return _amount(Money(minor, self.currency))

    def money(self, label: str, minor: int, *, bold: bool = False) -> ReceiptLine:
        return ReceiptLine(_row(label, self.amount(minor), self.width), bold=bold)

    def count(self, label: str, number: int) -> ReceiptLine:
        return ReceiptLine(_row(label, str(number), self.width))


def _report_takings(data: dict[str, Any], rows: _ReportRows) -> list[ReceiptLine]:
    """Sales and returns, then by tender, by tax rate and by cashier."""
    money = rows.money
    return [
        rows.rule,
        money(f"Sales ({data['sales']['count']})", data["sales"]["total"]),
        money(f"Returns ({data['returns']['count']})", data["returns"]["total"]),
        money("Net", data["net_total"]),
        money("Discounts given", data["discounts"]),
        rows.rule,
        *(money(kind.title(), total) for kind, total in sorted(data["by_tender"].items())),
        # Reports closed before payments on account were kept per shift have none.
        *(
            money(f"On account, {kind}", total)
            for kind, total in sorted(data.get("account_payments", {}).items())
        ),
        rows.rule,
        *(
            money(f"{t['code']} {t['ppm'] / 10_000:g} % on {rows.amount(t['base'])}", t["tax"])
            for t in data["by_tax"]
        ),
        rows.rule,
        *(money(f"{c['cashier']} ({c['documents']})", c["total"]) for c in data["by_cashier"]),
    ]


def _report_cash(data: dict[str, Any], rows: _ReportRows, *, closing: bool) -> list[ReceiptLine]:
    """The drawer: what should be in it and, at a Z, what was counted."""
    cash, money = data["cash"], rows.money
    lines = [
        rows.rule,
        money("Float", cash["float"]),
        money("Cash taken (net)", cash["tendered"]),
        money("Paid on account", cash.get("account_payments", 0)),
        money("Cash in", cash["cash_in"]),
        money("Cash out", -cash["cash_out"]),
        money("Drops to safe", -cash["drops"]),
        money("Expected in drawer", cash["expected"]),
    ]
    if closing:
        lines += [
            money("Counted", cash["counted"]),
            money("OVER/SHORT", cash["over_short"], bold=True),
        ]
        if data.get("approved_by"):
            lines.append(ReceiptLine(f"approved by {data['approved_by']}"))
    return lines
