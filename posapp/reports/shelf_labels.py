"""Shelf labels and price tags as a PDF: name, price, unit price and a scannable barcode (EAN-13
or EAN-8 when the product has one, else Code 128 of the barcode or SKU). Layouts: an A4 sheet of
24 adhesive labels (3 × 8, 70 × 37 mm) or one label per page for a label printer (58 × 40 mm)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import createBarcodeDrawing
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from posapp.domain.money import Money
from posapp.domain.unit_price import unit_price
from posapp.reports.receipt_pdf import BOLD, REGULAR, register_fonts
from posapp.reports.scripts import font_for, is_right_to_left, script_of, visual
from posapp.services.catalogue import LabelProduct

# reportlab's stubs leave this one untyped; it returns a Drawing.
_barcode_drawing = cast(Callable[..., Drawing], createBarcodeDrawing)


@dataclass(frozen=True)
class LabelLayout:
    name: str
    page: tuple[float, float]
    columns: int
    rows: int
    label: tuple[float, float]  # width, height
    margin: tuple[float, float]  # left, top of the first label


LAYOUTS = {
    "a4-3x8": LabelLayout(
        "A4, 3 × 8 labels of 70 × 37 mm", A4, 3, 8, (70 * mm, 37 * mm), (0, 0.5 * mm)
    ),
    "printer-58x40": LabelLayout(
        "Label printer, 58 × 40 mm", (58 * mm, 40 * mm), 1, 1, (58 * mm, 40 * mm), (0, 0)
    ),
}


def _symbology(code: str) -> str:
    if code.isdigit() and len(code) == 13:
        return "EAN13"
    if code.isdigit() and len(code) == 8:
        return "EAN8"
    return "Code128"


def _fit(text: str, font: str, size: float, width: float) -> list[str]:
    """The name in at most two lines that fit `width`, the second cut with an ellipsis. Words
    wider than a line (Chinese is written without spaces) are broken between characters."""
    words: list[str] = []
    for word in text.split():
        while stringWidth(word, font, size) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and stringWidth(word[:cut], font, size) > width:
                cut -= 1
            words.append(word[:cut])
            word = word[cut:]
        words.append(word)
    lines, current = [], ""
    joiner = "" if script_of(text) == "cjk" else " "
    for word in words:
        trial = f"{current}{joiner}{word}".strip()
        if stringWidth(trial, font, size) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) > 2:
        second = lines[1]
        while second and stringWidth(second + "…", font, size) > width:
            second = second[:-1]
        lines = [lines[0], second + "…"]
    return lines


def _amount(money: Money) -> str:
    return f"{money.amount} {money.currency}"


def _draw_label(
    canvas: Canvas, product: LabelProduct, x: float, y: float, w: float, h: float
) -> None:
    pad = 3 * mm
    top = y + h - pad
    name_font = font_for(product.name, BOLD)
    for line in _fit(product.name, name_font, 8.5, w - 2 * pad):
        top -= 9.5
        canvas.setFont(name_font, 8.5)
        if is_right_to_left(line):  # Arabic starts at the right edge, joined, right to left
            canvas.drawRightString(x + w - pad, top, visual(line))
        else:
            canvas.drawString(x + pad, top, line)
    # The price as large as fits beside the barcode (which takes the left 55 %).
    price = _amount(product.price)
    room = w * 0.45 - pad - 2 * mm
    size = min(17.0, 17.0 * room / stringWidth(price, BOLD, 17))
    canvas.setFont(BOLD, size)
    canvas.drawRightString(x + w - pad, y + h * 0.42, price)
    per = unit_price(product.price, product.name, product.unit)
    canvas.setFont(REGULAR, 6.5)
    if per is not None:
        unit = "L" if per.per == "l" else per.per
        canvas.drawRightString(x + w - pad, y + h * 0.42 - 9, f"{_amount(per.price)} / {unit}")
    canvas.drawString(x + pad, y + pad - 1, product.sku)
    code = product.barcode or product.sku
    kind = _symbology(code)
    options = {"barHeight": h * 0.36, "humanReadable": True, "fontName": REGULAR, "fontSize": 6}
    if kind == "Code128":
        options["barWidth"] = 0.7
    drawing = _barcode_drawing(kind, value=code, **options)
    # Left half of the label, above the SKU; scaled down only if it would not fit.
    room = w * 0.55 - pad
    scale = min(1.0, room / drawing.width)
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    renderPDF.draw(drawing, canvas, x + pad, y + pad + 5)


def label_rects(layout_name: str) -> list[tuple[float, float, float, float]]:
    """Where each label of a page is, in points from the page's top left: (x0, y0, x1, y1),
    row by row. Drawing uses it, and so does a test that reads one label at a time."""
    layout = LAYOUTS[layout_name]
    page_w, page_h = layout.page
    label_w, label_h = layout.label
    left = (page_w - layout.columns * label_w) / 2 + layout.margin[0]
    top = (page_h - layout.rows * label_h) / 2 + layout.margin[1]
    return [
        (left + c * label_w, top + r * label_h, left + (c + 1) * label_w, top + (r + 1) * label_h)
        for r in range(layout.rows)
        for c in range(layout.columns)
    ]


def labels_pdf(products: Sequence[LabelProduct], layout_name: str = "a4-3x8") -> bytes:
    layout = LAYOUTS[layout_name]
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=layout.page)
    canvas.setTitle("Shelf labels")
    slots = label_rects(layout_name)
    page_h = layout.page[1]
    for index, product in enumerate(products):
        if index and index % len(slots) == 0:
            canvas.showPage()
        x0, y0, x1, y1 = slots[index % len(slots)]
        _draw_label(canvas, product, x0, page_h - y1, x1 - x0, y1 - y0)  # PDF y grows upwards
    canvas.save()
    return buffer.getvalue()
