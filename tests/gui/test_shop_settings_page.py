"""The shop's settings in the back office: listed with their defaults and who may change them,
changed in an editor that takes lines, yes or no and numbers, and refused (with the reason, the
dialog still open) when the value is one the setting cannot take."""

from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from posapp.bootstrap.node import Node
from posapp.bootstrap.people import add_user, set_password, sign_in_as_author
from posapp.bootstrap.shop import back_office, settings
from posapp.ui.back_office.settings_page import SettingEditor
from posapp.ui.back_office.window import BackOfficeWindow

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def _open(qtbot: QtBot, node: Node) -> BackOfficeWindow:
    window = BackOfficeWindow(back_office(node), QLocale())
    qtbot.addWidget(window)
    window.resize(1100, 720)
    window.show()
    window.show_page("Settings")
    page = window.settings
    assert page is not None
    qtbot.waitUntil(lambda: page.table.rowCount() > 10, timeout=5000)
    return window


def _edit(window: BackOfficeWindow, key: str) -> SettingEditor:
    page = window.settings
    assert page is not None
    page.table.setCurrentCell([row.key for row in page.rows].index(key), 0)
    editor = page.edit_selected()
    assert editor is not None
    return editor


def test_a_manager_changes_the_receipt_footer_and_a_number(qtbot: QtBot, demo_node: Node) -> None:
    window = _open(qtbot, demo_node)
    page = window.settings
    assert page is not None
    keys = [row.key for row in page.rows]
    limit = keys.index("till.cash_out_limit")
    assert page.table.item(limit, 1).text() == "5000"
    assert page.table.item(limit, 2).text() == "manage users"

    footer = _edit(window, "receipt.footer")
    assert isinstance(footer.editor, QPlainTextEdit)
    assert footer.editor.toPlainText() == "Thank you for shopping with us"
    footer.editor.setPlainText("Thank you\n\nOpen Sundays 10–16\n")
    footer.accept()
    qtbot.waitUntil(lambda: "receipt.footer changed" in window.status.text(), timeout=5000)
    assert settings(demo_node)["receipt.footer"] == ["Thank you", "Open Sundays 10–16"]
    qtbot.waitUntil(
        lambda: (
            page.table.item(keys.index("receipt.footer"), 1).text()
            == "Thank you · Open Sundays 10–16"
        ),
        timeout=5000,
    )

    lock = _edit(window, "till.auto_lock_minutes")
    assert isinstance(lock.editor, QLineEdit)
    lock.editor.setText("never")
    lock.accept()
    assert "whole number" in lock.problem.text()
    assert lock.isVisible()  # still open: nothing saved
    lock.editor.setText("100000")
    lock.accept()
    assert "from 0 to 1440 minutes" in lock.problem.text()
    lock.editor.setText("10")
    lock.accept()
    qtbot.waitUntil(lambda: settings(demo_node).get("till.auto_lock_minutes") == 10, timeout=5000)

    blind = _edit(window, "till.blind_close")
    assert isinstance(blind.editor, QComboBox)
    assert blind.editor.currentText() == "yes"
    blind.editor.setCurrentText("no")
    blind.accept()
    qtbot.waitUntil(lambda: settings(demo_node).get("till.blind_close") is False, timeout=5000)

    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "back-office-settings.png"))
    window.close()


def test_a_setting_beyond_the_persons_role_is_not_opened(qtbot: QtBot, demo_node: Node) -> None:
    add_user(demo_node, username="mia", name="Mia", role="manager", pin="4242")
    set_password(demo_node, "mia", "correct horse")
    sign_in_as_author(demo_node, "mia", "correct horse")
    window = _open(qtbot, demo_node)
    page = window.settings
    assert page is not None
    page.table.setCurrentCell([row.key for row in page.rows].index("till.cash_out_limit"), 0)
    assert page.edit_selected() is None
    assert "changed only by a role with manage_users" in window.status.text()
    assert _edit(window, "receipt.header") is not None  # a manager's own
    window.close()
