"""Reports in the back office: a manager picks a report and a span of days, sees the rows with
their total and a chart of net sales, pages through a long report and saves every row to
Excel; a stock clerk's back office has no such page."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import QLocale
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from posapp import bootstrap
from posapp.bootstrap.demo import simulator
from posapp.bootstrap.node import Node
from posapp.bootstrap.shop import back_office
from posapp.domain.report_values import (
    shown,
)
from posapp.domain.reporting import (
    NET,
)
from posapp.ui.back_office.reports_page import CHARTED
from posapp.ui.back_office.window import BackOfficeWindow
from tests.gui.test_stock_pages import _signed_in

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def _a_managers_back_office(qtbot: QtBot, node: Node, *, sales: int) -> BackOfficeWindow:
    """A manager's back office, shown, on a store that has rung up `sales` sales today."""
    simulator(node, seed=sales).run(sales)
    _signed_in(node, "meg", "manager")
    window = BackOfficeWindow(back_office(node, signed_in_as="Meg"), QLocale())
    qtbot.addWidget(window)
    window.resize(1280, 780)
    window.show()
    return window


def _choose(window: BackOfficeWindow, name: str) -> None:
    page = window.reports
    assert page is not None
    page.report.setCurrentIndex(page.report.findData(name))


def test_a_manager_reads_a_report_pages_through_it_and_saves_it(
    qtbot: QtBot, demo_node: Node, tmp_path: Path
) -> None:
    window = _a_managers_back_office(qtbot, demo_node, sales=150)
    page = window.reports
    assert page is not None
    window.show_page("Reports")

    _choose(window, "sales-by-category")
    qtbot.waitUntil(lambda: page.page is not None and page.page.report.name == "sales-by-category")
    opened = page.page
    assert opened is not None
    table = page.table
    assert table.item(table.rowCount() - 1, 0).text() == "Total"
    assert table.rowCount() == opened.row_count + 1
    assert len(page.chart.values) == opened.row_count
    today = bootstrap.reporting.NodeReports(demo_node).today()
    expected = bootstrap.reporting.NodeReports(demo_node).open("sales-by-category", today, today)
    assert opened.total == expected.total
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "reports-page.png"))

    _choose(window, "sales-by-product")
    qtbot.waitUntil(lambda: page.page is not None and page.page.report.name == "sales-by-product")
    assert page.page is not None
    assert page.page.row_count > 100  # more than a page
    assert page.next.isEnabled()
    assert not page.previous.isEnabled()
    page.next.click()
    qtbot.waitUntil(lambda: page.page is not None and page.page.offset == 100)
    assert page.summary.text().startswith("Rows 101–")

    page.drill(0)  # the sales behind the first product of this page
    qtbot.waitUntil(lambda: page.documents is not None, timeout=5000)
    assert page.documents is not None
    listed = page.documents.table.rowCount()
    assert listed >= 1
    assert page.documents.table.item(0, 0).text().startswith("S01-")
    page.documents.grab().save(str(SCREENSHOTS / "report-drill-down.png"))
    page.documents.close()

    out = tmp_path / "products.xlsx"
    page.save_to(out)
    qtbot.waitUntil(lambda: "saved to" in window.status.text(), timeout=10_000)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet.max_row == page.page.row_count + 2  # the header, every row, the total


def test_the_ledger_reports_show_classes_the_drawer_and_the_stock(
    qtbot: QtBot, demo_node: Node
) -> None:
    simulator(demo_node, seed=4).run(60, close_shift=True)
    window = _a_managers_back_office(qtbot, demo_node, sales=60)
    page = window.reports
    assert page is not None
    window.show_page("Reports")
    SCREENSHOTS.mkdir(exist_ok=True)
    for name, column in (("abc-xyz", "ABC"), ("cash-by-shift", "Over / short")):
        _choose(window, name)
        qtbot.waitUntil(lambda n=name: page.page is not None and page.page.report.name == n)
        opened = page.page
        assert opened is not None
        assert opened.rows
        headers = [
            page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())
        ]
        at = headers.index(column)
        first = page.table.item(0, at).text()
        assert first == shown(
            next(m for m in opened.report.measures if m.title == column),
            opened.rows[0].values[opened.report.measures[at - 1].name],
            page.currency,
        )
        assert len(page.chart.values) == min(len(opened.rows), CHARTED)
        window.grab().save(str(SCREENSHOTS / f"report-{name}.png"))
    assert page.table.item(0, 0).text().startswith("T01 Z 1 · ")


def test_a_stock_clerk_has_no_reports_page(qtbot: QtBot, demo_node: Node) -> None:
    _signed_in(demo_node, "sam", "stock_clerk")
    window = BackOfficeWindow(back_office(demo_node, signed_in_as="Sam"), QLocale())
    qtbot.addWidget(window)
    names = [window.pages.names.item(row).text() for row in range(window.pages.names.count())]
    assert "Goods in and adjustments" in names
    assert "Reports" not in names


def test_the_back_office_opens_on_the_dashboard_and_its_tiles_match_the_reports(
    qtbot: QtBot, demo_node: Node
) -> None:
    window = _a_managers_back_office(qtbot, demo_node, sales=60)
    page = window.dashboard
    assert page is not None
    assert window.pages.names.item(0).text() == "Dashboard"
    assert window.pages.pages.currentWidget() is page
    qtbot.waitUntil(lambda: page.shown is not None, timeout=10_000)

    reports = bootstrap.reporting.NodeReports(demo_node)
    today = reports.today()
    sold = reports.open("sales-by-day", today, today).total.values
    tills = reports.open("transactions-by-day", today, today).total.values
    assert page.tiles["net"].value.text() == shown(NET, sold["net"], "EUR")
    assert page.tiles["transactions"].value.text() == str(tills["sales"])
    assert len(page.trend.values) == 30
    assert page.trend.values[-1] == float(int(sold["net"] or 0)) / 100
    assert 0 < page.top_products.rowCount() <= 5
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "dashboard.png"))


def test_the_charts_take_the_dark_theme_s_colours(qtbot: QtBot, demo_node: Node) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    dark = QPalette(light)
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.Base, "#181818"),
        (QPalette.ColorRole.Text, "#e8eaed"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.Button, "#303134"),
        (QPalette.ColorRole.ButtonText, "#e8eaed"),
        (QPalette.ColorRole.PlaceholderText, "#9aa0a6"),
    ):
        dark.setColor(role, QColor(colour))
    app.setPalette(dark)
    try:
        window = _a_managers_back_office(qtbot, demo_node, sales=30)
        page = window.dashboard
        assert page is not None
        qtbot.waitUntil(lambda: page.shown is not None, timeout=10_000)
        chart = page.trend.plot
        assert chart.backgroundBrush().color().name() == "#181818"
        assert chart.getAxis("left").textPen().color().name() == "#e8eaed"
        SCREENSHOTS.mkdir(exist_ok=True)
        window.grab().save(str(SCREENSHOTS / "dashboard-dark.png"))
    finally:
        app.setPalette(light)
