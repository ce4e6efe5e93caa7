"""X and Z reports as an A4 PDF a manager reads, checks and signs: the shift's sales, returns,
tenders, tax per rate, cashiers, the cash reconciliation with over/short, and signature lines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from posapp.domain.money import Money
from posapp.reports.a4 import a4_pdf
from posapp.reports.receipt_pdf import BOLD, REGULAR, register_fonts
from posapp.services.cash import ShiftReport


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    body: ParagraphStyle
    heading: ParagraphStyle


def _styles() -> _Styles:
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["Normal"], fontName=REGULAR, fontSize=9.5)
    return _Styles(
        title=ParagraphStyle("title", parent=styles["Title"], fontName=BOLD, fontSize=18),
        body=body,
        heading=ParagraphStyle("heading", parent=body, fontName=BOLD, fontSize=11, spaceBefore=8),
    )


def shift_report_pdf(report: ShiftReport) -> bytes:
    """An X or Z report as the A4 page a manager checks and signs."""
    register_fonts()
    data = report.payload
    style = _styles()
    name = f"Z report {data['z_number']}" if report.kind == "Z" else "X report (shift so far)"
    story: list[Flowable] = [
        Paragraph(f"{data['store']} — {name}", style.title),
        Paragraph(
            f"Till {data['terminal_code']} · shift {data['shift']} · opened "
            f"{data['opened_at'][:16].replace('T', ' ')} by {data['opened_by']} · "
            f"{'closed' if report.kind == 'Z' else 'printed'} "
            f"{data['at'][:16].replace('T', ' ')} UTC",
            style.body,
        ),
        Spacer(1, 4 * mm),
        *_takings(data, style),
        Paragraph("Cash in the drawer", style.heading),
        _cash(data, closed=report.kind == "Z"),
        Paragraph(
            f"No-sale drawer openings: {data['no_sales']} · supervisor overrides: "
            f"{data['overrides']} · voided sales: {data['voids']}"
            + (
                f" · over/short approved by {data['approved_by']}"
                if data.get("approved_by")
                else ""
            ),
            style.body,
        ),
        Spacer(1, 14 * mm),
        _signatures(report.kind),
    ]
    return a4_pdf(story, name)


def _amounts(data: dict[str, Any]) -> Callable[[int], str]:
    currency = data["currency"]
    return lambda minor: str(Money(minor, currency))


def _takings(data: dict[str, Any], style: _Styles) -> list[Flowable]:
    """Sales and returns, tenders, tax per rate and cashiers: what the shift took."""
    amount = _amounts(data)
    return [
        Paragraph("Takings", style.heading),
        _table(
            [
                ["Sales", str(data["sales"]["count"]), amount(data["sales"]["total"])],
                ["Returns", str(data["returns"]["count"]), amount(data["returns"]["total"])],
                ["Net", "", amount(data["net_total"])],
                ["Discounts given", "", amount(data["discounts"])],
            ],
            ["", "Documents", "Amount"],
        ),
        Paragraph("Tenders", style.heading),
        _table(
            [[k.title(), amount(v)] for k, v in sorted(data["by_tender"].items())]
            # Reports closed before payments on account were kept per shift have none.
            + [
                [f"Payments on account, {k}", amount(v)]
                for k, v in sorted(data.get("account_payments", {}).items())
            ],
            ["Tender", "Net"],
        ),
        Paragraph("Tax", style.heading),
        _table(
            [
                [t["code"], f"{t['ppm'] / 10_000:g} %", amount(t["base"]), amount(t["tax"])]
                for t in data["by_tax"]
            ],
            ["Rate", "", "Net base", "Tax"],
        ),
        Paragraph("Cashiers", style.heading),
        _table(
            [[c["cashier"], str(c["documents"]), amount(c["total"])] for c in data["by_cashier"]],
            ["Cashier", "Documents", "Total"],
        ),
    ]


def _cash(data: dict[str, Any], *, closed: bool) -> Table:
    """The drawer from the float to what was expected (and, at a Z, counted)."""
    amount, cash = _amounts(data), data["cash"]
    rows = [
        ["Opening float", amount(cash["float"])],
        ["Cash taken, net of change and refunds", amount(cash["tendered"])],
        ["Cash paid on account", amount(cash.get("account_payments", 0))],
        ["Cash in", amount(cash["cash_in"])],
        ["Cash out", amount(-cash["cash_out"])],
        ["Drops to the safe", amount(-cash["drops"])],
        ["Expected", amount(cash["expected"])],
    ]
    if closed:
        rows += [
            ["Counted", amount(cash["counted"])],
            ["Over / short", amount(cash["over_short"])],
        ]
    return _table(rows, ["", "Amount"], bold_last=closed)


def _table(rows: list[list[str]], header: list[str], *, bold_last: bool = False) -> Table:
    table = Table(
        [header, *rows] if rows else [header, ["—"] + [""] * (len(header) - 1)], hAlign="LEFT"
    )
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 9.5),
        ("FONT", (0, 0), (-1, 0), BOLD, 9.5),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f2f2")]),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ]
    if bold_last:
        style.append(("FONT", (0, -1), (-1, -1), BOLD, 10))
    table.setStyle(TableStyle(style))
    return table


def _signatures(kind: str) -> Table:
    who = ["Counted by (cashier)", "Checked by (manager)"] if kind == "Z" else ["Printed for"]
    cells = [[f"{label}\n\n\nName, signature, date" for label in who]]
    table = Table(cells, colWidths=[80 * mm] * len(who), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 9),
                ("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("RIGHTPADDING", (0, 0), (-1, -1), 14),
            ]
        )
    )
    return table
