"""`posapp backoffice --head-office URL` as an area manager uses it: sign in with the head-office
password in the real dialog, and the real back-office window opens on the chain's data (a real
head office over HTTP on PostgreSQL) — the dashboard with the stores side by side, the reports
page over every store they may see, saved to Excel — and nothing of the node's own pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from pytestqt.qtbot import QtBot

from posapp.bootstrap.catalogue import publish_catalogue
from posapp.bootstrap.demo import simulator
from posapp.bootstrap.head_office_reports import head_office_place
from posapp.bootstrap.node import Node
from posapp.bootstrap.people import back_office_sign_in
from posapp.bootstrap.shop import back_office
from posapp.ui.back_office.sign_in import BackOfficeSignIn, Place
from posapp.ui.back_office.window import BackOfficeWindow
from sync.client.engine import SyncEngine
from sync.server.reports import head_office_report
from tests.head_office import PASSWORD, HeadOfficeUnderTest
from tests.sync.conftest import signed_in

SCREENSHOTS = Path("/tmp/posapp-screenshots")


@pytest.fixture
def chain(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> tuple[Node, HeadOfficeUnderTest]:
    nodes = []
    head_office.add_person("olga", role="administrator", store="*")
    for seed, (name, store, sales) in enumerate([("a", "S01", 30), ("b", "S02", 14)], start=1):
        node = enrolled(name, store=store, terminal="T01")
        if name == "a":  # the chain's categories and brands, from the first shop's catalogue
            publish_catalogue(signed_in(node, "olga"), by="Olga")
        selling = simulator(node, seed=seed)
        selling.open_shift_if_needed()
        for _ in range(sales):
            selling.sell_one()
        SyncEngine(node.store.engine).run_once()
        nodes.append(node)
    head_office.add_person("sam", role="manager", store="S01")
    return nodes[0], head_office


def _signed_in(
    qtbot: QtBot, node: Node, office: HeadOfficeUnderTest, username: str
) -> BackOfficeWindow:
    """Through the sign-in dialog of an enrolled node's back office, head office chosen."""
    dialog = BackOfficeSignIn(
        back_office_sign_in(node),
        lambda user: back_office(node, signed_in_as=user.display_name),
        elsewhere=Place(*head_office_place(node, office.url)),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.place.count() == 2
    dialog.place.setCurrentIndex(1)  # head office, not this shop
    dialog.username.setText(username)
    dialog.password.setText("not it")
    dialog._submit()
    qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=5000)
    assert "does not know that username and password" in dialog.error.text()
    dialog.error.clear()
    dialog.password.setText(PASSWORD)
    dialog._submit()
    qtbot.waitUntil(lambda: dialog.opened is not None, timeout=10_000)
    window = dialog.opened
    assert window is not None
    qtbot.addWidget(window)
    window.resize(1280, 780)
    return window


def test_the_back_office_opens_on_the_chains_reports(
    qtbot: QtBot, chain: tuple[Node, HeadOfficeUnderTest], tmp_path: Path
) -> None:
    node, office = chain
    window = _signed_in(qtbot, node, office, "olga")
    names = [window.pages.names.item(row).text() for row in range(window.pages.names.count())]
    assert names == ["Dashboard", "Reports", "Across the chain"]
    assert office.url in window.windowTitle()
    dashboard = window.dashboard
    assert dashboard is not None
    qtbot.waitUntil(lambda: dashboard.shown is not None, timeout=10_000)
    assert dashboard.shown is not None
    by_store = {row.label: row.values["net"] for row in dashboard.shown.by_store}
    today = dashboard.shown.day
    chain_wide = head_office_report(office.engine, "sales-by-store", today, today)
    assert set(by_store) == {"S01", "S02"} == {row.label for row in chain_wide.rows}
    assert dashboard.by_store.isVisibleTo(window)
    assert len(dashboard.by_store.values) == 2
    worth = office.scalar("SELECT coalesce(sum(value_minor), 0) FROM product_values")
    assert dashboard.shown.tiles[5].value == int(worth)  # the chain's stock, as costed
    assert dashboard.tiles["low"].value.text() == "—"  # reorder points stay with the stores
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "head-office-dashboard.png"))

    page = window.reports
    assert page is not None
    window.show_page("Reports")
    page.report.setCurrentIndex(page.report.findData("sales-by-store"))
    qtbot.waitUntil(
        lambda: page.page is not None and page.page.report.name == "sales-by-store",
        timeout=10_000,
    )
    assert page.page is not None
    assert page.page.total.values["net"] == sum(int(v or 0) for v in by_store.values())
    window.grab().save(str(SCREENSHOTS / "head-office-reports.png"))
    out = tmp_path / "stores.xlsx"
    page.save_to(out)
    qtbot.waitUntil(lambda: "saved to" in window.status.text(), timeout=10_000)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert [sheet.cell(row=r, column=1).value for r in (2, 3)] == [
        row.label for row in page.page.rows
    ]

    page.report.setCurrentIndex(page.report.findData("purchases-by-supplier"))
    qtbot.waitUntil(  # kept at head office too, from the receipts the stores send
        lambda: page.page is not None and page.page.report.name == "purchases-by-supplier",
        timeout=10_000,
    )


def test_a_store_manager_sees_their_own_store_from_head_office(
    qtbot: QtBot, chain: tuple[Node, HeadOfficeUnderTest]
) -> None:
    node, office = chain
    window = _signed_in(qtbot, node, office, "sam")
    dashboard = window.dashboard
    assert dashboard is not None
    qtbot.waitUntil(lambda: dashboard.shown is not None, timeout=10_000)
    assert dashboard.shown is not None
    assert [row.label for row in dashboard.shown.by_store] == ["S01"]
    assert not dashboard.by_store.isVisibleTo(window)  # one store: nothing to compare
    today = dashboard.shown.day
    own = head_office_report(office.engine, "sales-by-day", today, today, stores=("S01",))
    assert dashboard.shown.trend[-1].values["net"] == own.total.values["net"] != 0


def test_the_chains_stock_documents_and_flags_and_a_rows_documents_at_head_office(
    qtbot: QtBot, chain: tuple[Node, HeadOfficeUnderTest]
) -> None:
    node, office = chain
    with office.engine.begin() as connection:
        from sqlalchemy import text

        connection.execute(
            text(
                "INSERT INTO review_flags (event_id, node_id, problem, flagged_at) "
                "SELECT gen_random_uuid(), id, 'a return of sale S02-T01-000099 that head "
                "office has not received', now() FROM nodes WHERE store_code = 'S02'"
            )
        )
    window = _signed_in(qtbot, node, office, "olga")
    page = window.chain
    assert page is not None
    window.show_page("Across the chain")
    qtbot.waitUntil(lambda: bool(page.stock_rows and page.documents and page.flags), timeout=10_000)
    held = office.rows(
        "SELECT count(DISTINCT product_id) FROM stock_levels l JOIN store_locations s "
        "ON s.location_id = l.location_id"
    )[0][0]
    assert page.stock_label.text().endswith(f"of {held:,}")
    headers = [page.stock_table.horizontalHeaderItem(c).text() for c in range(5)]
    assert headers == ["SKU", "Name", "S01", "S02", "Total"]
    sold = office.scalar("SELECT count(*) FROM sales")
    assert len(page.documents) == min(sold, 200)
    assert {document.store for document in page.documents} == {"S01", "S02"}
    assert [flag.store for flag in page.flags] == ["S02"]
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "head-office-chain-stock.png"))
    page.tabs.setCurrentIndex(1)
    window.grab().save(str(SCREENSHOTS / "head-office-chain-documents.png"))
    wanted = page.stock_rows[3]
    page.search.setText(wanted.sku)
    qtbot.waitUntil(lambda: [r.sku for r in page.stock_rows] == [wanted.sku], timeout=10_000)

    reports = window.reports
    assert reports is not None
    window.show_page("Reports")
    reports.report.setCurrentIndex(reports.report.findData("sales-by-store"))
    qtbot.waitUntil(
        lambda: reports.page is not None and reports.page.report.name == "sales-by-store",
        timeout=10_000,
    )
    assert reports.page is not None
    row = next(n for n, r in enumerate(reports.page.rows) if r.label == "S02")
    reports.drill(row)
    qtbot.waitUntil(lambda: getattr(reports, "documents", None) is not None, timeout=10_000)
    listed = reports.documents.table
    numbers = {listed.item(r, 0).text() for r in range(listed.rowCount())}
    assert numbers == {
        number for (number,) in office.rows("SELECT number FROM sales WHERE store_code = 'S02'")
    }
    reports.documents.grab().save(str(SCREENSHOTS / "head-office-drill-down.png"))
