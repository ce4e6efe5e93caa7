"""The back office for people and cash control, on a store that has traded a shift: users and
roles (a role's permission changed and journaled), shifts with their Z report saved as PDF, and
the journal verified and exported."""

from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from posapp.bootstrap.demo import simulator
from posapp.bootstrap.node import Node
from posapp.bootstrap.people import users
from posapp.bootstrap.shop import back_office
from posapp.ui.back_office.window import BackOfficeWindow

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def test_people_shifts_and_journal(qtbot: QtBot, demo_node: Node, tmp_path: Path) -> None:
    simulator(demo_node, seed=8).run(30, close_shift=True)  # closes the fixture's shift with Z 1
    window = BackOfficeWindow(back_office(demo_node), QLocale())
    qtbot.addWidget(window)
    window.resize(1100, 720)
    window.show()
    qtbot.waitUntil(lambda: window.shifts_table.rowCount() == 1, timeout=5000)
    assert window.shifts_table.item(0, 4).text() == "1"  # Z number
    assert window.users_table.item(0, 0).text() == "admin"

    window.new_username.setText("ana")
    window.new_name.setText("Ana Cashier")
    window.new_role.setCurrentText("cashier")
    window.new_pin.setText("12")  # too short: refused, named
    window.add_user()
    qtbot.waitUntil(lambda: "4 to 8 digits" in window.status.text(), timeout=5000)
    window.new_pin.setText("1234")
    window.add_user()
    qtbot.waitUntil(lambda: window.users_table.rowCount() == 2, timeout=5000)

    cashier_column = [role.code for role in window._roles].index("cashier")
    labels = [
        window.roles_table.verticalHeaderItem(row).text()
        for row in range(window.roles_table.rowCount())
    ]
    no_sale_row = labels.index("no sale")
    window.roles_table.item(no_sale_row, cashier_column).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: "permissions saved" in window.status.text(), timeout=5000)

    pdf = tmp_path / "z1.pdf"
    window.save_z_pdf(1, pdf)
    qtbot.waitUntil(lambda: "saved to" in window.status.text(), timeout=5000)
    assert pdf.read_bytes().startswith(b"%PDF")

    window.verify_journal()
    qtbot.waitUntil(lambda: "holds" in window.status.text(), timeout=10_000)
    export = tmp_path / "journal.jsonl"
    window.export_journal(export)
    qtbot.waitUntil(lambda: "entries written" in window.status.text(), timeout=10_000)
    with demo_node.store.engine.connect() as connection:
        kinds = connection.execute(text("SELECT kind FROM journal_entries")).scalars().all()
    assert "role_changed" in kinds
    assert "user_added" in kinds
    assert len(export.read_text().splitlines()) == len(kinds)

    SCREENSHOTS.mkdir(exist_ok=True)
    for title, name in (
        ("People", "people"),
        ("Shifts and Z reports", "shifts"),
        ("Journal", "journal"),
    ):
        window.show_page(title)
        window.grab().save(str(SCREENSHOTS / f"back-office-{name}.png"))
    import pymupdf

    pymupdf.open(pdf)[0].get_pixmap(dpi=80).save(str(SCREENSHOTS / "z-report-from-back-office.png"))
    window.close()


def test_back_office_on_its_own_needs_a_password(qtbot: QtBot, demo_node: Node) -> None:
    from posapp.bootstrap.people import add_user, back_office_sign_in, set_password
    from posapp.ui.back_office.sign_in import BackOfficeSignIn

    add_user(demo_node, username="meg", name="Meg Manager", role="manager", pin="2468")
    add_user(demo_node, username="ana", name="Ana Cashier", role="cashier", pin="1111")
    set_password(demo_node, "meg", "correct horse")
    set_password(demo_node, "ana", "ana's password")
    dialog = BackOfficeSignIn(
        back_office_sign_in(demo_node), lambda user: back_office(demo_node, signed_in_as="x")
    )
    qtbot.addWidget(dialog)
    dialog.show()

    def attempt(username: str, password: str) -> None:
        dialog.error.clear()
        dialog.username.setText(username)
        dialog.password.setText(password)
        dialog._submit()
        qtbot.waitUntil(
            lambda: bool(dialog.error.text()) or dialog.opened is not None, timeout=5000
        )

    attempt("meg", "wrong horse")
    assert "do not match" in dialog.error.text()
    attempt("ana", "ana's password")
    assert "may not use the back office" in dialog.error.text()  # a cashier's role
    attempt("meg", "correct horse")
    assert dialog.opened is not None
    assert dialog.opened.isVisible()
    dialog.opened.close()


def test_an_administrator_creates_a_role_grants_it_and_gives_it_to_someone(
    qtbot: QtBot, demo_node: Node
) -> None:
    """Issue 18 item 22: only the six built-in roles existed."""
    window = BackOfficeWindow(back_office(demo_node), QLocale())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.roles_table.columnCount() == 6, timeout=5000)
    qtbot.keyClicks(window.role_code, "warehouse")
    qtbot.keyClicks(window.role_name, "Warehouse worker")
    window.add_role()
    qtbot.waitUntil(lambda: window.roles_table.columnCount() == 7, timeout=5000)
    column = [role.code for role in window._roles].index("warehouse")
    labels = [
        window.roles_table.verticalHeaderItem(row).text()
        for row in range(window.roles_table.rowCount())
    ]
    window.roles_table.item(labels.index("receive stock"), column).setCheckState(
        Qt.CheckState.Checked
    )
    qtbot.waitUntil(lambda: "permissions saved" in window.status.text(), timeout=5000)
    window.new_username.setText("wes")
    window.new_name.setText("Wes Warehouse")
    window.new_role.setCurrentText("warehouse")
    window.new_pin.setText("5678")
    window.add_user()
    qtbot.waitUntil(lambda: window.users_table.rowCount() == 2, timeout=5000)
    wes = next(user for user in users(demo_node) if user.username == "wes")
    assert wes.role == "warehouse"
    assert wes.permissions == frozenset({"receive_stock"})
    window.role_code.setText("warehouse")
    window.role_name.setText("Again")
    window.add_role()
    qtbot.waitUntil(lambda: "already" in window.status.text(), timeout=5000)
