"""An administrator adds a check before goods receipts are received, on the workflows page:
the step goes between draft and received, the manager's permission is chosen for the last
way, and it is saved; taking away the only way into a status is refused by name."""

from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from posapp.bootstrap.node import Node
from posapp.bootstrap.shop import back_office
from posapp.domain.permissions import Permission
from posapp.ui.back_office.window import BackOfficeWindow
from tests.gui.test_stock_pages import _signed_in

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def _row(page: object, ends: tuple[str, str]) -> int:
    table = page.transitions  # type: ignore[attr-defined]
    for row in range(table.rowCount()):
        if (table.item(row, 0).text(), table.item(row, 1).text()) == ends:
            return int(row)
    return -1


def test_an_administrator_adds_a_check_before_receiving(qtbot: QtBot, demo_node: Node) -> None:
    _signed_in(demo_node, "ada", "administrator")
    window = BackOfficeWindow(back_office(demo_node, signed_in_as="Ada"), QLocale())
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    page = window.workflows
    assert page is not None
    window.show_page("Workflows")
    qtbot.waitUntil(lambda: page.transitions.rowCount() == 2, timeout=5000)  # goods receipts
    page.add_step("checked", "Checked", "draft", "received", Permission.RECEIVE_STOCK, True)
    last = page.transitions.cellWidget(_row(page, ("checked", "received")), 2)
    assert isinstance(last, QComboBox)
    last.setCurrentText("adjust_stock")
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "workflow-receipt-check.png"))
    page.save_button.click()
    qtbot.waitUntil(lambda: "saved" in window.status.text(), timeout=5000)
    with demo_node.store.engine.connect() as connection:
        ways = set(
            connection.execute(
                text(
                    "SELECT from_status, to_status, permission FROM workflow_transitions "
                    "WHERE doc_type = 'goods_receipt'"
                )
            ).all()
        )
    assert ways == {
        ("draft", "checked", "receive_stock"),
        ("checked", "received", "adjust_stock"),
        ("draft", "cancelled", "receive_stock"),
    }
    documents = window.stock_documents  # a new receipt now goes to its check first
    assert documents is not None
    documents.first_steps.clear()
    documents.load()
    qtbot.waitUntil(lambda: bool(documents.first_steps), timeout=5000)
    from posapp.domain.stock import DocumentType

    editor = documents.new_document(DocumentType.GOODS_RECEIPT)
    assert list(editor.step_buttons) == ["checked"]
    editor.reject()
    qtbot.waitUntil(lambda: page.transitions.rowCount() == 3, timeout=5000)
    page.transitions.selectRow(_row(page, ("draft", "checked")))
    page.remove_transition()
    page.save_button.click()
    qtbot.waitUntil(lambda: "no way leads" in window.status.text(), timeout=5000)
    window.close()
