"""A real sale's receipt as ESC/POS bytes, sent to a TCP listener on 127.0.0.1 and read back."""

import socket
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from posapp.bootstrap.node import Node, till_actions
from posapp.devices.escpos_receipt import encode_receipt
from posapp.devices.transports import TcpPrinterTransport
from posapp.domain.payment import CARD, CASH, Tender
from posapp.domain.sale import SaleDocument
from posapp.services.catalogue.lookup import scan_barcode
from posapp.services.selling.receipts import PrinterUnavailable, as_text, receipt_layout
from tests.printer_listener import PrinterListener

DRAWER_KICK = b"\x1bp"  # ESC p m t1 t2
QR_STORE = b"\x1d(k"  # GS ( k: QR code commands


@pytest.fixture
def listener() -> Iterator[PrinterListener]:
    printer = PrinterListener().start()
    yield printer
    printer.stop()


def _sale(node: Node, tender_kind: str) -> SaleDocument:
    with node.store.engine.connect() as connection:
        codes = (
            connection.execute(
                text(
                    "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id "
                    "WHERE p.state = 'ACTIVE' AND NOT p.weighed AND b.pack_qty_milli = 1000 LIMIT 3"
                )
            )
            .scalars()
            .all()
        )
    basket = node.till.new_basket()
    for code in codes:
        found = scan_barcode(node.catalogue, code=code)
        basket = basket.add(
            node.till.sellable(found.product), found.pack_quantity, line_id=node.new_id()
        )
    due = basket.totals().total
    paid = due if tender_kind == CARD else due + due  # cash: the customer hands over double
    return till_actions(node).sell(basket, [Tender(tender_kind, paid)]).document


@pytest.mark.parametrize(("kind", "kicks"), [(CASH, 1), (CARD, 0)], ids=["cash", "card"])
def test_receipt_bytes_of_a_real_sale_reach_the_printer(
    demo_node: Node, listener: PrinterListener, kind: str, kicks: int
) -> None:
    doc = _sale(demo_node, kind)
    layout = receipt_layout(doc, store_name="My Shop", cashier="Ana")
    TcpPrinterTransport("127.0.0.1", listener.port).send(encode_receipt(layout))
    data = listener.wait_for_jobs(1)[0]
    for line in doc.lines:
        assert line.name[:20].encode("ascii") in data
    assert f"RECEIPT {doc.number}".encode() in data
    assert QR_STORE in data
    assert doc.number.encode() in data
    assert data.count(DRAWER_KICK) == kicks
    assert data.index(b"\x1dV") < len(data)  # the paper is cut


def test_cyrillic_store_name_is_encoded_in_a_cyrillic_code_page(demo_node: Node) -> None:
    doc = _sale(demo_node, CARD)
    data = encode_receipt(receipt_layout(doc, store_name="Магазин Ромашка", cashier="Ирина"))
    assert b"\x1bt\x11" in data  # ESC t 17: code page 866
    assert "Магазин".encode("cp866") in data


def test_preview_and_printout_come_from_the_same_layout(demo_node: Node) -> None:
    doc = _sale(demo_node, CASH)
    layout = receipt_layout(doc, store_name="My Shop", cashier="Ana")
    preview = as_text(layout)
    assert preview.splitlines()[0].strip() == "My Shop"
    # A large line is spread over the full width in the preview: compare words, not spacing.
    flowing = " ".join(preview.split())
    assert all(" ".join(line.text.split()) in flowing for line in layout.lines)
    assert layout.open_drawer
    assert not receipt_layout(doc, store_name="x", cashier="y", copy=True).open_drawer


def test_unreachable_printer_is_named_and_does_not_hang() -> None:
    with socket.create_server(("127.0.0.1", 0)) as placeholder:
        port = placeholder.getsockname()[1]
    with pytest.raises(PrinterUnavailable, match=f"tcp://127.0.0.1:{port}"):
        TcpPrinterTransport("127.0.0.1", port, timeout=1).send(b"x")
