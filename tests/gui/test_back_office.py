"""The back office for people and cash control, on a store that has traded a shift: users and
roles (a role's permission changed and journaled), shifts with their Z report saved as PDF, and
the journal verified and exported."""

from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from posapp.bootstrap import Node, back_office, simulator
from posapp.ui.back_office.window import BackOfficeWindow

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def test_people_shifts_and_journal(qtbot: QtBot, demo_node: Node, tmp_path: Path) -> None:
    simulator(demo_node, seed=8).run(30)  # closes the fixture's shift with Z 1
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
    assert "role_changed" in kinds and "user_added" in kinds
    assert len(export.read_text().splitlines()) == len(kinds)

    SCREENSHOTS.mkdir(exist_ok=True)
    for index, name in enumerate(("people", "shifts", "journal")):
        window.tabs.setCurrentIndex(index)
        window.grab().save(str(SCREENSHOTS / f"back-office-{name}.png"))
    import pymupdf

    pymupdf.open(pdf)[0].get_pixmap(dpi=80).save(str(SCREENSHOTS / "z-report-from-back-office.png"))
    window.close()
