"""Shelf labels as a person uses them: the PDF rendered to an image, and every barcode on it read
back by a barcode decoder (zxing-cpp) as the product's own barcode."""

from datetime import timedelta
from pathlib import Path

import numpy as np
import pymupdf
import pytest
import zxingcpp
from sqlalchemy import text

from posapp.bootstrap.catalogue import change_price, shelf_labels
from posapp.bootstrap.node import Node
from posapp.db.store import StoreError
from posapp.domain.money import Money
from posapp.reports.shelf_labels import label_rects, labels_pdf
from posapp.services.catalogue.catalogue_admin import LabelProduct

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def decoded(pdf: bytes, layout: str = "a4-3x8") -> list[list[str]]:
    """Per label, the barcodes a decoder (zxing-cpp) reads off a 300 dpi rendering of it, one
    label at a time as a handheld scanner reads them."""
    labels = []
    for page in pymupdf.open(stream=pdf, filetype="pdf"):
        pixmap = page.get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
        image = np.frombuffer(pixmap.samples, dtype=np.uint8).reshape(pixmap.height, pixmap.width)
        scale = 300 / 72
        for x0, y0, x1, y1 in label_rects(layout):
            crop = image[int(y0 * scale) : int(y1 * scale), int(x0 * scale) : int(x1 * scale)]
            found = zxingcpp.read_barcodes(np.ascontiguousarray(crop))
            if found or not page.get_text("text", clip=pymupdf.Rect(x0, y0, x1, y1)).strip():
                labels.append([result.text for result in found])
            else:
                labels.append(["(unreadable)"])
    return [label for label in labels if label]


def single_unit_codes(node: Node, count: int) -> dict[str, str]:
    """Products with exactly one single-unit EAN-13: the one their label must carry."""
    with node.store.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT p.sku, min(b.code) FROM products p JOIN barcodes b ON b.product_id = p.id "
                "WHERE b.pack_qty_milli = 1000 AND length(b.code) = 13 GROUP BY p.sku "
                "HAVING count(*) = 1 ORDER BY p.sku LIMIT :n"
            ),
            {"n": count},
        ).all()
    return dict(rows)


def test_a4_sheet_labels_decode_to_the_product_barcodes(demo_node: Node) -> None:
    codes = single_unit_codes(demo_node, 30)  # a full sheet of 24 and 6 on the next
    pdf = shelf_labels(demo_node, skus=list(codes))
    assert len(pymupdf.open(stream=pdf, filetype="pdf")) == 2
    assert decoded(pdf) == [[code] for code in codes.values()]  # in the order asked
    SCREENSHOTS.mkdir(exist_ok=True)
    pymupdf.open(stream=pdf, filetype="pdf")[0].get_pixmap(dpi=100).save(
        str(SCREENSHOTS / "shelf-labels-a4.png")
    )


def test_label_printer_layout_and_labels_for_prices_changed_since(demo_node: Node) -> None:
    codes = single_unit_codes(demo_node, 3)
    before = demo_node.clock.now() - timedelta(seconds=1)
    for sku in list(codes)[:2]:
        change_price(demo_node, sku, "9.99", by="test")
    pdf = shelf_labels(demo_node, changed_since=before, layout="printer-58x40")
    assert len(pymupdf.open(stream=pdf, filetype="pdf")) == 2  # one label per page
    assert sorted(decoded(pdf, "printer-58x40")) == sorted(
        [code] for code in list(codes.values())[:2]
    )
    page = pymupdf.open(stream=pdf, filetype="pdf")[0]
    assert "9.99 EUR" in page.get_text()
    page.get_pixmap(dpi=200).save(str(SCREENSHOTS / "shelf-label-printer.png"))


def test_an_internal_code_prints_as_code_128(demo_node: Node) -> None:
    with demo_node.store.engine.connect() as connection:
        sku = connection.execute(text("SELECT sku FROM products LIMIT 1")).scalar_one()
        connection.execute(
            text(
                "DELETE FROM barcodes WHERE product_id IN (SELECT id FROM products WHERE sku = :s)"
            ),
            {"s": sku},
        )
        connection.commit()
    assert decoded(shelf_labels(demo_node, skus=[sku])) == [[sku]]


def test_unknown_products_and_layouts_are_named(demo_node: Node) -> None:
    with pytest.raises(StoreError, match="NO-SUCH"):
        shelf_labels(demo_node, skus=["NO-SUCH"])
    with pytest.raises(StoreError, match="unknown label layout"):
        shelf_labels(demo_node, skus=list(single_unit_codes(demo_node, 1)), layout="a3")


ARABIC_NAME = "حليب طازج"  # fresh milk
CHINESE_NAME = "有机绿茶一百克装特级"  # organic green tea, 100 g, premium


def test_arabic_is_joined_right_to_left_and_chinese_has_its_glyphs() -> None:
    """Issue 18 item 23: Arabic printed unshaped and reversed, Chinese as empty boxes."""
    import arabic_reshaper
    from bidi import get_display

    products = [
        LabelProduct("AR-1", ARABIC_NAME, "pc", Money(450, "EUR"), None),
        LabelProduct("ZH-1", CHINESE_NAME, "pc", Money(1299, "EUR"), None),
    ]
    pdf = labels_pdf(products, "a4-3x8")
    page = pymupdf.open(stream=pdf, filetype="pdf")[0]
    spans = [
        span
        for block in page.get_text("dict")["blocks"]
        for line in block.get("lines", [])
        for span in line["spans"]
    ]
    arabic = next(span for span in spans if any("\u0600" <= c <= "\ufefc" for c in span["text"]))
    assert "Mono" not in arabic["font"]
    # The glyphs as they sit on the page, left to right: joined letter forms (U+FExx
    # presentation forms) in visual order, which is the reshaped name reversed by the bidi
    # algorithm. (Text extraction would hand back logical order, so positions are read.)
    glyphs = [
        char
        for block in page.get_text("rawdict")["blocks"]
        for line in block.get("lines", [])
        for span in line["spans"]
        if span["font"] == arabic["font"]
        for char in span["chars"]
    ]
    left_to_right = "".join(c["c"] for c in sorted(glyphs, key=lambda c: c["bbox"][0]))
    assert left_to_right.strip() == get_display(arabic_reshaper.reshape(ARABIC_NAME))
    assert all("\ufe70" <= c <= "\ufefc" for c in left_to_right.replace(" ", ""))
    han = [span for span in spans if any("\u4e00" <= c <= "\u9fff" for c in span["text"])]
    assert CHINESE_NAME[:4] in "".join(span["text"] for span in han)
    cjk_fonts = {span["font"] for span in han}
    assert cjk_fonts
    assert all("DejaVu" not in font for font in cjk_fonts)
    # Every Chinese character has a glyph in that font: no empty boxes.
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont("posapp-cjk").face
    assert all(ord(c) in face.charToGlyph for c in CHINESE_NAME)
    page.get_pixmap(dpi=150, clip=pymupdf.Rect(0, 0, 600, 120)).save("/tmp/labels-scripts.png")
