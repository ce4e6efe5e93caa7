"""A receipt as a PDF (e-mailed receipts, archives, and a look at the layout without a printer):
the same `ReceiptLayout` the printer gets, drawn on a page as wide as the paper roll.

DejaVu Sans Mono ships with posapp (posapp/reports/fonts, free licence): the built-in PDF fonts
have no Cyrillic or Greek, and a shop's receipt must print its own language."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from posapp.services.selling import Align, ReceiptLayout

FONTS = Path(__file__).parent / "fonts"
REGULAR, BOLD = "PosappMono", "PosappMono-Bold"
MONO_ADVANCE = 0.602  # DejaVu Sans Mono: every glyph is 0.602 em wide
MARGIN = 4 * mm
QR_SIZE = 28 * mm


@cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSansMono.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSansMono-Bold.ttf")))


def receipt_pdf(layout: ReceiptLayout, *, title: str = "Receipt") -> bytes:
    register_fonts()
    paper = 80 * mm if layout.width > 32 else 58 * mm
    size = (paper - 2 * MARGIN) / (layout.width * MONO_ADVANCE)  # the widest line just fits
    leading = size * 1.35
    heights = [leading * (2 if line.large else 1) for line in layout.lines]
    page_height = 2 * MARGIN + sum(heights) + (QR_SIZE + leading * 2 if layout.code else 0)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(paper, page_height))
    canvas.setTitle(title)
    y = page_height - MARGIN
    for line, height in zip(layout.lines, heights, strict=True):
        y -= height
        font_size = size * (2 if line.large else 1)
        canvas.setFont(BOLD if line.bold else REGULAR, font_size)
        _draw(canvas, line.text, line.align, y + (height - font_size) / 2, paper)
    if layout.code:
        qr = QrCodeWidget(layout.code)
        left, bottom, right, top = qr.getBounds()
        drawing = Drawing(
            QR_SIZE,
            QR_SIZE,
            transform=[QR_SIZE / (right - left), 0, 0, QR_SIZE / (top - bottom), 0, 0],
        )
        drawing.add(qr)
        y -= QR_SIZE + leading * 0.5
        renderPDF.draw(drawing, canvas, (paper - QR_SIZE) / 2, y)
        canvas.setFont(REGULAR, size)
        y -= leading
        _draw(canvas, layout.code, Align.CENTER, y, paper)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _draw(canvas: Canvas, text: str, align: Align, y: float, paper: float) -> None:
    if align is Align.CENTER:
        canvas.drawCentredString(paper / 2, y, text)
    elif align is Align.RIGHT:
        canvas.drawRightString(paper - MARGIN, y, text)
    else:
        canvas.drawString(MARGIN, y, text)
