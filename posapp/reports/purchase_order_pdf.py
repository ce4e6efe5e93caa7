"""A purchase order as the A4 PDF a supplier is sent: the shop and the supplier, what to deliver
where, each line with the supplier's code beside ours, prices and the total, and the terms."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from posapp.reports.a4 import a4_pdf
from posapp.reports.receipt_pdf import BOLD, REGULAR, register_fonts
from posapp.services.stock import PurchaseOrderPrint


def purchase_order_pdf(order: PurchaseOrderPrint) -> bytes:
    register_fonts()
    base = getSampleStyleSheet()["Normal"]
    body = ParagraphStyle("body", parent=base, fontName=REGULAR, fontSize=9.5, leading=12)
    title = ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=18, leading=22)
    heading = ParagraphStyle("heading", parent=body, fontName=BOLD, fontSize=10.5)

    def lines(*texts: str) -> Paragraph:
        return Paragraph("<br/>".join(escape(text) for text in texts if text), body)

    parties = Table(
        [
            [Paragraph("From", heading), Paragraph("To", heading)],
            [
                lines(order.shop_name, *order.shop_address, _tax(order.shop_tax_number)),
                lines(f"{order.supplier_name} ({order.supplier_code})", *order.supplier_contacts),
            ],
        ],
        colWidths=[87 * mm, 87 * mm],
    )
    parties.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story: list[Flowable] = [
        Paragraph(f"Purchase order {escape(order.number)}", title),
        lines(
            f"Date {order.date:%Y-%m-%d}"
            + (f" · your reference {order.reference}" if order.reference else "")
            + f" · deliver to {order.deliver_to}"
        ),
        Spacer(1, 5 * mm),
        parties,
        Spacer(1, 6 * mm),
        _lines_table(order),
        Spacer(1, 6 * mm),
        lines(
            f"Payment {order.payment_terms_days} days from the invoice date. "
            f"Expected within {order.lead_time_days} days of this order.",
            "Please quote the order number on your delivery note and invoice.",
        ),
    ]
    return a4_pdf(story, f"Purchase order {order.number}")


def _tax(number: str) -> str:
    return f"Tax number {number}" if number else ""


def _lines_table(order: PurchaseOrderPrint) -> Table:
    # Descriptions wrap in their column rather than run into the next.
    wrapped = ParagraphStyle("line", fontName=REGULAR, fontSize=9, leading=11)
    rows: list[list[str | Paragraph]] = [
        ["Their code", "Our SKU", "Description", "Packs", "Quantity", "Price", "Amount"]
    ]
    for line in order.lines:
        rows.append(
            [
                line.supplier_code,
                line.sku,
                Paragraph(escape(line.name[:80]), wrapped),
                line.packs,
                f"{line.quantity} {line.unit}",
                "" if line.unit_cost is None else str(line.unit_cost),
                "" if line.amount is None else str(line.amount),
            ]
        )
    rows.append(["", "", "", "", "", "Total", "" if order.total is None else str(order.total)])
    table = Table(
        rows,
        colWidths=[22 * mm, 24 * mm, 50 * mm, 16 * mm, 22 * mm, 20 * mm, 24 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 9),
                ("FONT", (0, 0), (-1, 0), BOLD, 9),
                ("FONT", (0, -1), (-1, -1), BOLD, 9),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#f2f2f2")]),
            ]
        )
    )
    return table
