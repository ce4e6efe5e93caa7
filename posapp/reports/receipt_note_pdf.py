"""A goods receipt note on A4: what came in, from whom, on which delivery note and purchase
order, line by line with batch and expiry, and lines for the driver's and the clerk's
signatures — the paper a stock clerk files with the supplier's delivery note."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from posapp.reports.a4 import a4_pdf
from posapp.reports.receipt_pdf import BOLD, REGULAR, register_fonts
from posapp.services.stock import DocumentView


def receipt_note_pdf(view: DocumentView, shop_name: str) -> bytes:
    register_fonts()
    base = getSampleStyleSheet()["Normal"]
    body = ParagraphStyle("body", parent=base, fontName=REGULAR, fontSize=9.5, leading=12)
    title = ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=18, leading=22)
    row = view.row
    facts = [
        f"{shop_name} · received {row.business_at.astimezone():%Y-%m-%d %H:%M} at {row.location}",
        f"From {row.supplier_name} ({row.supplier})" if row.supplier else "No supplier named",
        f"Their delivery note {row.reference}" if row.reference else "",
        f"Status {row.status} · entered by {row.created_by}",
    ]
    story: list[Flowable] = [
        Paragraph(f"Goods receipt {escape(row.number)}", title),
        Paragraph("<br/>".join(escape(fact) for fact in facts if fact), body),
        Spacer(1, 6 * mm),
        _lines(view),
        Spacer(1, 16 * mm),
        _signatures(body),
    ]
    return a4_pdf(story, f"Goods receipt {row.number}")


def _lines(view: DocumentView) -> Table:
    wrapped = ParagraphStyle("line", fontName=REGULAR, fontSize=9, leading=11)
    rows: list[list[str | Paragraph]] = [
        ["SKU", "Description", "Quantity", "Cost", "Batch", "Expiry"]
    ]
    for line in view.lines:
        rows.append(
            [
                line.get("sku", ""),
                Paragraph(escape(line.get("name", "")[:80]), wrapped),
                line.get("quantity", ""),
                line.get("cost", ""),
                line.get("batch", ""),
                line.get("expiry", ""),
            ]
        )
    rows.append(["", f"{len(view.lines)} line(s)", "", "", "", ""])
    table = Table(
        rows, colWidths=[26 * mm, 64 * mm, 20 * mm, 20 * mm, 22 * mm, 22 * mm], repeatRows=1
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 9),
                ("FONT", (0, 0), (-1, 0), BOLD, 9),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("ALIGN", (2, 0), (3, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#f2f2f2")]),
            ]
        )
    )
    return table


def _signatures(body: ParagraphStyle) -> Table:
    line = "_" * 34
    return Table(
        [
            [Paragraph(line, body), Paragraph(line, body)],
            [Paragraph("Delivered by (driver)", body), Paragraph("Received by (clerk)", body)],
        ],
        colWidths=[87 * mm, 87 * mm],
    )
