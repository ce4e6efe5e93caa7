"""The first start as a person meets it: the setup window typed into, refusals, the till locked."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from posapp.bootstrap.node import is_first_start, open_node
from posapp.bootstrap.people import administrators_without_credentials, back_office_sign_in
from posapp.bootstrap.start import open_for_people
from posapp.ui.setup_dialog import SetupDialog
from tests.gui.conftest import open_till


def type_into(qtbot: QtBot, dialog: SetupDialog, answers: dict[str, str]) -> None:
    for name, typed in answers.items():
        field = getattr(dialog, name)
        field.clear()
        qtbot.keyClicks(field, typed)


def when_setup_shows(qtbot: QtBot, answers: dict[str, str], seen: list[SetupDialog]) -> None:
    """Fills the setup window once it is open (it is modal: exec() waits for it)."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SetupDialog):
            QTimer.singleShot(50, fill)
            return
        seen.append(dialog)
        type_into(qtbot, dialog, answers)
        qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)


ADMIN = {
    "admin_name": "Olive Owner",
    "password": "correct horse",
    "password_again": "correct horse",
    "pin": "4826",
    "pin_again": "4826",
}


def test_first_start_refuses_bad_answers_then_sets_up_and_the_till_opens_locked(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data_dir = tmp_path / "shop"
    bad = {**ADMIN, "shop_name": "Corner Shop", "pin_again": "4827", "password": "short"}

    def fill_twice() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SetupDialog):
            QTimer.singleShot(50, fill_twice)
            return
        type_into(qtbot, dialog, bad)
        qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
        problems = dialog.problems.text()
        seen_problems.append(problems)
        assert is_first_start(data_dir)  # nothing written yet
        type_into(qtbot, dialog, {**ADMIN, "shop_name": "Corner Shop"})
        dialog.time_zone.setCurrentText("Europe/Madrid")
        qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)

    seen_problems: list[str] = []
    QTimer.singleShot(0, fill_twice)
    node = open_for_people(data_dir, demo_products=0, training=False)
    assert node is not None
    try:
        assert "at least 8 characters" in seen_problems[0]
        assert "the two PINs differ" in seen_problems[0]  # every problem at once
        assert node.settings.store_name == "Corner Shop"
        assert administrators_without_credentials(node) == []
        assert back_office_sign_in(node)("admin", "correct horse").display_name == "Olive Owner"
        till = open_till(qtbot, node)
        lock = till.dialogs.current
        assert lock is not None
        assert lock.isVisible()
        till.close()
    finally:
        node.close()


def test_an_older_install_secures_its_administrator_before_anything_else(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data_dir = tmp_path / "old"
    open_node(data_dir, create=True).close()  # made the way stores were before setup existed
    seen: list[SetupDialog] = []
    when_setup_shows(qtbot, ADMIN, seen)
    node = open_for_people(data_dir, demo_products=0, training=False)
    assert node is not None
    try:
        assert seen
        assert seen[0].username.isReadOnly()
        assert seen[0].username.text() == "admin"
        assert administrators_without_credentials(node) == []
        assert back_office_sign_in(node)("admin", "correct horse").display_name == "Olive Owner"
    finally:
        node.close()


def test_quitting_the_setup_writes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "shop"

    def quit_setup() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SetupDialog):
            QTimer.singleShot(50, quit_setup)
            return
        dialog.reject()

    QTimer.singleShot(0, quit_setup)
    assert open_for_people(data_dir, demo_products=0, training=False) is None
    assert is_first_start(data_dir)
