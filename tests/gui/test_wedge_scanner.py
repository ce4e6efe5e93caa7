"""A keyboard-wedge scanner types into whatever has focus; the scan must land in the basket."""

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from posapp.bootstrap.node import Node
from posapp.bootstrap.shop import back_office
from posapp.ui.presenters.wedge import Hold, Release, Scanned, WedgeDetector
from posapp.ui.till.entry_dialog import EntryDialog
from posapp.ui.till.till_window import TillWindow
from tests.gui.conftest import open_till


def test_detector_fast_burst_with_enter_is_a_scan() -> None:
    detector = WedgeDetector(max_gap_ms=50, min_length=6)
    steps = [detector.character(c, at_ms=1000 + 10 * i) for i, c in enumerate("4006381333931")]
    assert all(step == [Hold()] for step in steps)
    assert detector.enter(at_ms=1000 + 10 * 13) == Scanned("4006381333931")


def test_detector_hands_back_what_a_person_types() -> None:
    detector = WedgeDetector(max_gap_ms=50, min_length=6)
    assert detector.character("1", at_ms=0) == [Hold()]
    assert detector.character("2", at_ms=150) == [Release("1"), Hold()]
    assert detector.enter(at_ms=300) == Release("2")
    assert detector.quiet(at_ms=400) is None


def test_detector_short_fast_burst_is_typing() -> None:
    detector = WedgeDetector(max_gap_ms=50, min_length=6)
    for i, char in enumerate("100"):
        detector.character(char, at_ms=i * 5)
    assert detector.enter(at_ms=20) == Release("100")


def _open_quantity_dialog(qtbot: QtBot, till: TillWindow, code: str) -> EntryDialog:
    with qtbot.waitSignal(till.basket_changed, timeout=5000):
        till.scan(code)
    qtbot.keyClick(till.scan_field, Qt.Key.Key_F4)
    dialog = till.dialogs.current
    assert isinstance(dialog, EntryDialog)
    dialog.field.clear()
    return dialog


def test_scan_at_10ms_per_key_into_the_quantity_field_lands_in_the_basket(
    qtbot: QtBot, till: TillWindow, barcodes: Callable[[int], list[str]]
) -> None:
    first, second = barcodes(2)
    dialog = _open_quantity_dialog(qtbot, till, first)
    with qtbot.waitSignal(till.basket_changed, timeout=5000):
        qtbot.keyClicks(dialog.field, second, delay=10)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return, delay=10)
    assert dialog.field.text() == ""
    assert dialog.isVisible()  # the cashier is still changing the quantity
    assert len(till.presenter.basket.lines) == 2


def test_person_typing_at_150ms_per_key_types_normally(
    qtbot: QtBot, till: TillWindow, barcodes: Callable[[int], list[str]]
) -> None:
    dialog = _open_quantity_dialog(qtbot, till, barcodes(1)[0])
    qtbot.keyClicks(dialog.field, "12", delay=150)
    qtbot.waitUntil(lambda: dialog.field.text() == "12", timeout=2000)
    with qtbot.waitSignal(till.basket_changed, timeout=5000):
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return, delay=150)
    assert str(till.presenter.basket.lines[0].quantity) == "12"
    assert len(till.presenter.basket.lines) == 1


def test_wedge_settings_are_honoured_tab_terminated_scanner(
    qtbot: QtBot, demo_node: Node, barcodes: Callable[[int], list[str]]
) -> None:
    till = open_till(qtbot, demo_node, wedge={"terminator": "tab", "gap_ms": 40, "min_length": 8})
    try:
        first, second = barcodes(2)
        dialog = _open_quantity_dialog(qtbot, till, first)
        with qtbot.waitSignal(till.basket_changed, timeout=5000):
            qtbot.keyClicks(dialog.field, second, delay=10)
            qtbot.keyClick(dialog.field, Qt.Key.Key_Tab, delay=10)
        assert dialog.field.text() == ""
        assert len(till.presenter.basket.lines) == 2
    finally:
        till.close()


def test_a_code_typed_fast_into_the_back_office_stays_there(
    qtbot: QtBot, demo_node: Node, barcodes: Callable[[int], list[str]]
) -> None:
    """Issue 18 item 3: a barcode typed into a back-office field landed in the till's basket."""
    till = open_till(qtbot, demo_node, back_office=lambda _person: back_office(demo_node))
    qtbot.keyClick(till.scan_field, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(till, "back_office_window", None) is not None, timeout=5000)
    office = till.back_office_window
    office.activateWindow()
    field = office.new_username
    field.setFocus()
    code = barcodes(1)[0]
    qtbot.keyClicks(field, code, delay=10)  # as fast as a scanner
    qtbot.keyClick(field, Qt.Key.Key_Return, delay=10)
    qtbot.wait(200)
    assert field.text() == code
    assert till.presenter.basket.is_empty()
    office.close()
    till.close()
