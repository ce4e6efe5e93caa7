"""Printing at the till: after the commit, never blocking, never losing the sale."""

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from posapp.bootstrap.node import Node
from posapp.db.node_setup import save_setting
from posapp.ui.till.till_window import TillWindow
from tests.gui.conftest import count_rows, open_till
from tests.gui.test_till_window import scan
from tests.printer_listener import PrinterListener


@pytest.fixture
def printer() -> Iterator[PrinterListener]:
    listener = PrinterListener().start()
    yield listener
    listener.stop()


@pytest.fixture
def printing_till(qtbot: QtBot, demo_node: Node, printer: PrinterListener) -> Iterator[TillWindow]:
    from posapp.bootstrap.node import open_node

    save_setting(
        demo_node.store.engine,
        "devices.printer",
        f"tcp://127.0.0.1:{printer.port}",
        now=demo_node.clock.now(),
    )
    node = open_node(demo_node.store.data_dir, create=False)  # settings are read at start-up
    window = open_till(qtbot, node)
    yield window
    window.close()
    node.close()


def _sell(qtbot: QtBot, till: TillWindow, codes: list[str]) -> None:
    for code in codes:
        scan(qtbot, till, code)
    with qtbot.waitSignal(till.sale_completed, timeout=5000):
        qtbot.keyClick(till.scan_field, Qt.Key.Key_F12)


def test_receipt_prints_after_the_sale_and_the_drawer_opens(
    qtbot: QtBot,
    printing_till: TillWindow,
    printer: PrinterListener,
    barcodes: Callable[[int], list[str]],
) -> None:
    _sell(qtbot, printing_till, barcodes(2))
    (job,) = printer.wait_for_jobs(1)
    assert b"RECEIPT S01-T01-000001" in job
    assert job.count(b"\x1bp") == 1  # one drawer kick: it was a cash sale


@pytest.mark.parametrize("failure", ["switched-off", "killed-mid-receipt"])
def test_printer_gone_mid_shift_keeps_the_sale_tells_the_cashier_and_reprints_later(
    qtbot: QtBot,
    printing_till: TillWindow,
    printer: PrinterListener,
    demo_node: Node,
    barcodes: Callable[[int], list[str]],
    failure: str,
) -> None:
    if failure == "switched-off":
        printer.stop()
    else:
        printer.die_after_bytes = 150  # the connection drops partway through the receipt
    with qtbot.waitSignal(printing_till.printing_failed, timeout=10_000):
        _sell(qtbot, printing_till, barcodes(2))
    assert count_rows(demo_node, "sales") == 1  # the sale is saved all the same
    assert "did not print" in printing_till.message.text()
    assert "F11" in printing_till.message.text()
    assert "NOT PRINTING" in printing_till.device_status.text()

    if failure == "switched-off":
        printer.start()  # back on, same port
    printer.die_after_bytes = None
    with qtbot.waitSignal(printing_till.receipt_printed, timeout=10_000):
        qtbot.keyClick(printing_till.scan_field, Qt.Key.Key_F11)
    (job,) = printer.wait_for_jobs(1)
    assert b"*** COPY ***" in job
    assert b"S01-T01-000001" in job
    assert b"\x1bp" not in job  # a copy never opens the drawer
    assert printing_till.message.text() == "copy of S01-T01-000001 printed"
