"""The till with its devices: scale labels and GS1 codes, the scale, a serial scanner on a real
pseudo-terminal, the customer display, the no-sale drawer opening and the device settings
screen."""

from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from posapp.bootstrap.devices import device_setup
from posapp.bootstrap.node import Node, till_actions
from posapp.devices.customer_display import FakeDisplay
from posapp.devices.receipt_printer import FakeReceiptPrinter
from posapp.devices.scale import FakeScale
from posapp.devices.serial_scanner import scanner_from_url
from posapp.domain.catalogue import gtin_check_digit
from posapp.ui.till.till_window import TillWindow
from tests.gui.conftest import count_rows, open_till
from tests.gui.test_till_window import scan
from tests.serial_pty import PtyPair

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def _weighed_product(node: Node) -> tuple[str, str]:
    """A weighed demo product given a scale-label barcode: (label base code, name)."""
    with node.store.engine.begin() as connection:
        product_id, name = connection.execute(
            text("SELECT id, name FROM products WHERE weighed AND state = 'ACTIVE' LIMIT 1")
        ).one()
        base = "210004200000" + gtin_check_digit("210004200000")  # weight digits as zeros
        connection.execute(
            text(
                "INSERT INTO barcodes (code, product_id, pack_qty_milli, created_at) "
                "SELECT :c, id, 1000, created_at FROM products WHERE id = :p"
            ),
            {"c": base, "p": product_id},
        )
    return base, name


def _weighed_shelf_code(node: Node) -> tuple[str, str]:
    """The ordinary barcode of a weighed demo product (a shelf label, no weight in it)."""
    with node.store.engine.connect() as connection:
        code, name = connection.execute(
            text(
                "SELECT b.code, p.name FROM barcodes b JOIN products p ON p.id = b.product_id "
                "WHERE p.weighed AND p.state = 'ACTIVE' AND b.code NOT LIKE '2%' LIMIT 1"
            )
        ).one()
    return code, name


def _label(grams: int) -> str:
    body = f"2100042{grams:05d}"
    return body + gtin_check_digit(body)


def _till_with(qtbot: QtBot, node: Node, **devices: object) -> TillWindow:
    actions = replace(till_actions(node), **devices)
    return open_till(qtbot, node, actions)


@pytest.fixture
def fake_devices() -> dict[str, object]:
    return {
        "printer": FakeReceiptPrinter(),
        "scale": FakeScale(Decimal("0.735")),
        "display": FakeDisplay(),
    }


@pytest.fixture
def device_till(
    qtbot: QtBot, demo_node: Node, fake_devices: dict[str, object]
) -> Iterator[TillWindow]:
    window = _till_with(qtbot, demo_node, **fake_devices)
    yield window
    window.close()


def test_scale_label_rings_up_its_weight(
    qtbot: QtBot, demo_node: Node, device_till: TillWindow
) -> None:
    _base, name = _weighed_product(demo_node)
    scan(qtbot, device_till, _label(1234))
    (line,) = device_till.presenter.basket.lines
    assert line.item.name == name
    assert line.quantity.value == Decimal("1.234")


def test_bad_labels_and_codes_are_refused_with_nothing_added(
    qtbot: QtBot, demo_node: Node, device_till: TillWindow
) -> None:
    _weighed_product(demo_node)
    bad_check_digit = _label(1234)[:-1] + str((int(_label(1234)[-1]) + 1) % 10)
    scan(qtbot, device_till, bad_check_digit)
    assert "wrong check digit" in device_till.message.text()
    scan(qtbot, device_till, "]C101040123456789011713023210AB1")  # 30 Feb... 2013
    assert "impossible date" in device_till.message.text() or "cannot be read" in (
        device_till.message.text()
    )
    assert device_till.presenter.basket.is_empty()


def test_weighed_product_is_weighed_on_the_scale(
    qtbot: QtBot, demo_node: Node, device_till: TillWindow, fake_devices: dict[str, object]
) -> None:
    code, name = _weighed_shelf_code(demo_node)
    device_till.scan(code)
    qtbot.waitUntil(lambda: not device_till.presenter.basket.is_empty(), timeout=5000)
    (line,) = device_till.presenter.basket.lines
    assert line.item.name == name
    assert line.quantity.value == Decimal("0.735")
    assert fake_devices["scale"].requests == 1  # type: ignore[attr-defined]


def test_scale_answering_nonsense_adds_nothing(qtbot: QtBot, demo_node: Node) -> None:
    code, _name = _weighed_shelf_code(demo_node)
    scale = FakeScale(error="answered something unreadable: b'#!x'")
    till = _till_with(qtbot, demo_node, scale=scale)
    try:
        till.scan(code)
        qtbot.waitUntil(lambda: "unreadable" in till.message.text(), timeout=5000)
        assert till.presenter.basket.is_empty()
    finally:
        till.close()


def test_customer_display_follows_the_basket(
    qtbot: QtBot,
    device_till: TillWindow,
    fake_devices: dict[str, object],
    barcodes: Callable[[int], list[str]],
) -> None:
    display = fake_devices["display"]
    scan(qtbot, device_till, barcodes(1)[0])
    qtbot.waitUntil(lambda: any("TOTAL" in bottom for _, bottom in display.shown), timeout=5000)  # type: ignore[attr-defined]
    top, bottom = display.shown[-1]  # type: ignore[attr-defined]
    name = device_till.presenter.basket.lines[0].item.name
    assert top.startswith(name[:8])
    assert len(top) <= 20
    assert len(bottom) <= 20


def test_serial_scanner_codes_land_in_the_basket(
    qtbot: QtBot, demo_node: Node, barcodes: Callable[[int], list[str]]
) -> None:
    line = PtyPair()
    scanner = scanner_from_url(line.url())
    till = open_till(qtbot, demo_node, scanner=scanner)
    try:
        assert scanner.listening.wait(5)  # type: ignore[attr-defined]
        with qtbot.waitSignal(till.basket_changed, timeout=5000):
            line.write(barcodes(1)[0].encode() + b"\r")
        qtbot.waitUntil(lambda: till.basket_model.line_count == 1, timeout=5000)
        assert "Scanner: serial://" in till.device_status.text()
    finally:
        till.close()
        line.close()


def test_no_sale_needs_a_reason_and_is_journaled(
    qtbot: QtBot, demo_node: Node, device_till: TillWindow, fake_devices: dict[str, object]
) -> None:
    printer = fake_devices["printer"]
    qtbot.keyClick(device_till.scan_field, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = device_till.dialogs.current
    dialog.field.setText("  ")
    with qtbot.waitSignal(device_till.basket_changed, timeout=5000):
        dialog.accept()
    qtbot.waitUntil(lambda: "needs a reason" in device_till.message.text(), timeout=5000)
    assert printer.drawer_opened == 0  # type: ignore[attr-defined]

    device_till.no_sale()  # the key was shown to work above
    dialog = device_till.dialogs.current
    dialog.field.setText("change for the bakery next door")
    dialog.accept()
    qtbot.waitUntil(lambda: "drawer opened" in device_till.message.text(), timeout=5000)
    assert printer.drawer_opened == 1  # type: ignore[attr-defined]
    with demo_node.store.engine.connect() as connection:
        kinds = connection.execute(text("SELECT kind FROM journal_entries")).scalars().all()
    assert kinds == ["shift_open", "no_sale"]
    assert count_rows(demo_node, "sales") == 0


def test_device_settings_screen(qtbot: QtBot, demo_node: Node, device_till: TillWindow) -> None:
    device_till.setup = device_setup(demo_node)
    device_till.resize(1024, 768)
    qtbot.keyClick(device_till.scan_field, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dialog = device_till.dialogs.current
    assert dialog is not None
    assert dialog.objectName() == "device-settings"
    dialog.fields["printer"].setText("fake://?paper=58")
    dialog.test("printer")
    qtbot.waitUntil(lambda: "test page" in dialog.results["printer"].text(), timeout=5000)
    dialog.fields["scale"].setText("serial:///dev/ttyS0?protocol=acme")
    dialog.save("scale")
    qtbot.waitUntil(
        lambda: "protocol must be one of" in dialog.results["scale"].text(), timeout=5000
    )
    dialog.fields["display"].setText("fake://")
    dialog.save("display")
    qtbot.waitUntil(lambda: "saved" in dialog.results["display"].text(), timeout=5000)
    assert demo_node.settings.devices.get("display") == "fake://"
    SCREENSHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SCREENSHOTS / "device-settings.png"))
    device_till.grab().save(str(SCREENSHOTS / "till-with-devices.png"))
    dialog.reject()


def test_closing_the_till_with_the_device_settings_open_stops_their_worker(
    qtbot: QtBot, demo_node: Node
) -> None:
    """The dialog's own worker thread used to outlive the till that closed under it, and Qt
    aborted the process when the dialog was destroyed with the thread running."""
    from posapp.bootstrap.devices import device_setup
    from tests.gui.conftest import open_till

    till = open_till(qtbot, demo_node)
    till.setup = device_setup(demo_node)
    till.open_device_settings()
    dialog = till.dialogs.current
    assert dialog is not None
    assert dialog.objectName() == "device-settings"
    thread = dialog._worker._thread  # type: ignore[attr-defined]
    assert thread.isRunning()
    till.close()
    assert not thread.isRunning()
