"""Receipt bytes as a printer gets them: golden files for the encoder, a real sale decoded back
from a TCP listener, and every way a printer can fail (gone mid-receipt, out of paper)."""

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from posapp.bootstrap.node import Node, till_actions
from posapp.devices.escpos_receipt import PrinterOptions, encode_receipt
from posapp.devices.receipt_printer import printer_from_url
from posapp.domain.basket import Basket, SellableItem
from posapp.domain.discount import Discount
from posapp.domain.money import Money
from posapp.domain.payment import CARD, CASH, CashRounding, Tender, settle
from posapp.domain.quantity import Quantity
from posapp.domain.sale import DocumentHeader, SaleDocument, build_sale
from posapp.domain.tax import TaxRate
from posapp.services.selling.receipts import PrinterUnavailable, as_text, receipt_layout
from tests.escpos_decode import decode
from tests.integration.test_receipt_printing import _sale
from tests.printer_listener import PrinterListener

GOLDEN = Path(__file__).parent.parent / "data" / "receipts"
VAT20, VAT10 = TaxRate("VAT20", 200_000), TaxRate("VAT10", 100_000)


def _item(
    n: int, name: str, minor: int, rate: TaxRate = VAT20, weighed: bool = False
) -> SellableItem:
    unit = "kg" if weighed else "pc"
    return SellableItem(
        uuid.UUID(int=n), f"SKU{n}", name, unit, weighed, Money(minor, "EUR"), (rate,)
    )


def _document(
    items: list[tuple[SellableItem, str]], tenders: list[Tender], discount: str | None = None
) -> SaleDocument:
    basket = Basket("EUR")
    for n, (item, quantity) in enumerate(items, start=1):
        basket = basket.add(item, Quantity.of(quantity), line_id=uuid.UUID(int=1000 + n))
    if discount:
        basket = basket.discount_all(Discount.parse(discount, "EUR"))
    header = DocumentHeader(
        id=uuid.UUID(int=42),
        number="S01-T01-000042",
        store_id=uuid.UUID(int=7),
        terminal_code="T01",
        location_id=uuid.UUID(int=8),
        cashier_id=uuid.UUID(int=9),
        created_at=datetime(2026, 11, 21, 9, 30, tzinfo=UTC),
    )
    totals = basket.totals()
    return build_sale(
        header, totals, settle(totals.total, tenders, CashRounding()), price_mode=basket.price_mode
    )


def _golden_cases() -> dict[str, tuple[bytes, SaleDocument]]:
    plain = _document(
        [
            (_item(1, "Whole milk 1 L", 109, VAT10), "2"),
            (_item(2, "Dark chocolate 100 g", 249), "1"),
        ],
        [Tender(CASH, Money(1000, "EUR"))],
    )
    cyrillic = _document(
        [
            (_item(3, "Молоко 3,2 % 1 л", 8990, VAT10), "1"),
            (_item(4, "Хлеб ржаной", 4550, VAT10), "2"),
        ],
        [Tender(CARD, Money(18090, "EUR"), "A123")],
    )
    split = _document(
        [(_item(5, "Olive oil 0.75 L", 899), "1"), (_item(6, "Apples", 249, VAT10, True), "1.250")],
        [Tender(CARD, Money(500, "EUR"), "B77"), Tender(CASH, Money(1000, "EUR"))],
        discount="10%",
    )
    cases = {}
    for name, doc, store, cashier in (
        ("plain", plain, "Corner Shop", "Ana"),
        ("cyrillic", cyrillic, "Магазин Ромашка", "Ирина"),
        ("discount_split", split, "Corner Shop", "Ana"),
    ):
        layout = receipt_layout(doc, store_name=store, cashier=cashier, footer=("Thank you",))
        cases[name] = (encode_receipt(layout), doc)
    return cases


@pytest.mark.parametrize("name", ["plain", "cyrillic", "discount_split"])
def test_encoder_matches_its_golden_file(name: str) -> None:
    data, _doc = _golden_cases()[name]
    golden = GOLDEN / f"{name}.bin"
    if os.environ.get("POSAPP_UPDATE_GOLDEN"):
        golden.write_bytes(data)
    assert golden.exists(), f"{golden} missing: run with POSAPP_UPDATE_GOLDEN=1 and look at it"
    assert data == golden.read_bytes(), f"{name}: encoder output changed; check, then update"


def test_golden_receipts_read_back_as_a_customer_would_read_them() -> None:
    cases = _golden_cases()
    plain = decode(cases["plain"][0])
    assert plain.lines[0] == "Corner Shop"
    assert "Whole milk 1 L" in "\n".join(plain.lines)
    assert any(line.startswith("TOTAL") and line.endswith("4.67 EUR") for line in plain.lines)
    assert any(line.startswith("Change") and line.endswith("5.33") for line in plain.lines)
    assert plain.qr_codes == ["S01-T01-000042"]
    assert len(plain.drawer_kicks) == 1
    cyrillic = decode(cases["cyrillic"][0])
    assert cyrillic.lines[0] == "Магазин Ромашка"
    assert any(line.startswith("Молоко 3,2 % 1 л") for line in cyrillic.lines)
    assert any("Ирина" in line for line in cyrillic.lines)
    assert cyrillic.drawer_kicks == []  # paid by card
    split = decode(cases["discount_split"][0])
    text = "\n".join(split.lines)
    assert "  1.25 kg x 2.49" in text
    assert "discount -" in text
    assert "Card" in text
    assert "Cash" in text
    assert "Change" in text


@pytest.mark.parametrize(("kind", "kicks"), [(CASH, 1), (CARD, 0)], ids=["cash", "card"])
def test_a_real_sale_decoded_from_the_wire(demo_node: Node, kind: str, kicks: int) -> None:
    listener = PrinterListener().start()
    try:
        doc = _sale(demo_node, kind)
        actions = till_actions(demo_node)
        printer = printer_from_url(f"tcp://127.0.0.1:{listener.port}")
        printer.print_receipt(actions.receipt(doc, width=printer.columns))
        (job,) = listener.wait_for_jobs(1)
    finally:
        listener.stop()
    printout = decode(job)
    text = "\n".join(printout.lines)
    assert printout.lines[0] == demo_node.settings.store_name
    assert f"RECEIPT {doc.number}" in text
    for line in doc.lines:
        assert any(row.startswith(line.name[:20]) for row in printout.lines), line.name
    total_row = next(row for row in printout.lines if row.startswith("TOTAL"))
    assert total_row.endswith(f"{doc.total.amount:,.2f} EUR")
    for rate_code, *_ in {tax[:1] for line in doc.lines for tax in line.taxes}:
        assert any(row.startswith(rate_code) for row in printout.lines)
    assert printout.qr_codes == [doc.number]
    assert len(printout.drawer_kicks) == kicks
    assert printout.cuts == 1


def test_printer_killed_mid_receipt_is_reported_not_silent(demo_node: Node) -> None:
    listener = PrinterListener().start()
    listener.die_after_bytes = 200
    try:
        printer = printer_from_url(f"tcp://127.0.0.1:{listener.port}")
        doc = _sale(demo_node, CASH)
        with pytest.raises(PrinterUnavailable, match=r"went away|did not take"):
            printer.print_receipt(till_actions(demo_node).receipt(doc))
        assert listener.jobs == []
    finally:
        listener.stop()


def test_printer_out_of_paper_says_so(demo_node: Node) -> None:
    listener = PrinterListener().start()
    listener.paper_out = True
    try:
        printer = printer_from_url(f"tcp://127.0.0.1:{listener.port}")
        with pytest.raises(PrinterUnavailable, match="out of paper"):
            printer.print_receipt(till_actions(demo_node).receipt(_sale(demo_node, CARD)))
    finally:
        listener.stop()


def test_file_and_serial_printers_get_the_same_bytes(demo_node: Node, tmp_path: Path) -> None:
    from tests.serial_pty import PtyPair

    doc = _sale(demo_node, CARD)
    layout = till_actions(demo_node).receipt(doc)
    expected = encode_receipt(layout, PrinterOptions())
    device = tmp_path / "lp0"
    printer_from_url(f"file://{device}").print_receipt(layout)
    assert device.read_bytes() == expected
    line = PtyPair()
    try:
        printer_from_url(line.url("baud=19200")).print_receipt(layout)
        assert line.read_available() == expected
    finally:
        line.close()


def test_drawer_pin_pulse_and_paper_come_from_the_printer_url(tmp_path: Path) -> None:
    # The bytes a configured printer sends: the URL's options, not the defaults.
    device = tmp_path / "lp0"
    printer = printer_from_url(f"file://{device}?drawer=5&pulse=120&paper=58")
    assert printer.columns == 32
    printer.open_drawer()
    assert decode(device.read_bytes()).drawer_kicks == [(1, 60, 250)]  # pin 5, 120 ms
    default = tmp_path / "lp1"
    printer_from_url(f"file://{default}").open_drawer()
    assert decode(default.read_bytes()).drawer_kicks == [(0, 50, 250)]  # pin 2, 100 ms


def test_a_name_holding_esc_p_prints_as_text_and_kicks_no_drawer_on_a_card_sale() -> None:
    """Issue 18 item 8: a product name with ESC p opened the drawer on card sales."""
    doc = _document(
        [(_item(11, "Gift \x1bp\x00\x19\xfa box", 1500), "1")],
        [Tender(CARD, Money(1500, "EUR"), "C1")],
    )
    printed = decode(encode_receipt(receipt_layout(doc, store_name="Shop", cashier="Ana")))
    assert printed.drawer_kicks == []
    assert any(line.startswith("Gift p\u00fa box") for line in printed.lines), printed.lines


def test_receipt_time_is_the_store_s_local_time_and_the_total_sits_right() -> None:
    doc = _document([(_item(12, "Tea", 250), "1")], [Tender(CASH, Money(500, "EUR"))])
    layout = receipt_layout(doc, store_name="Shop", cashier="Ana", time_zone="Europe/Paris")
    preview = as_text(layout).splitlines()
    assert "2026-11-21 10:30 CET" in [line.strip() for line in preview]  # 09:30 UTC
    total = next(line for line in preview if line.startswith("TOTAL"))
    assert total.endswith("2.50 EUR")
    assert len(total) == layout.width


def test_a_total_too_long_for_one_large_line_takes_two() -> None:
    doc = _document(
        [(_item(13, "Gold bar", 99_999_999_999), "1")], [Tender(CARD, Money(99_999_999_999, "EUR"))]
    )
    layout = receipt_layout(doc, store_name="Shop", cashier="Ana")
    preview = as_text(layout).splitlines()
    at = preview.index("TOTAL")
    assert preview[at + 1].strip() == "999,999,999.99 EUR"
    assert preview[at + 1].endswith("EUR")
    assert all(len(line) <= layout.width for line in preview)
