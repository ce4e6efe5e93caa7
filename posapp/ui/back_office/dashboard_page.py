"""The back office opens here: today's figures as tiles, net sales over the last 30 days as a
chart, and the products and categories that sold most over them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.currency import minor_unit_exponent
from posapp.domain.report_values import (
    shown,
)
from posapp.domain.reporting import (
    NET,
    Measure,
    ReportRow,
)
from posapp.services.reporting import Dashboard, ReportsAdmin, Tile
from posapp.ui.back_office.lists import fill_table, list_table, stretch_column
from posapp.ui.db_worker import RunJob, Say
from posapp.ui.widgets.bar_chart import BarChart

TILES_PER_ROW = 4


class _TileView(QFrame):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(f"tile-{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        column = QVBoxLayout(self)
        self.title, self.value, self.note = QLabel(), QLabel(), QLabel()
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.8)
        big.setBold(True)
        self.value.setFont(big)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for label in (self.title, self.value, self.note):
            column.addWidget(label)


class DashboardPage(QWidget):
    def __init__(self, admin: ReportsAdmin, run: RunJob, say: Say) -> None:
        super().__init__()
        self.setObjectName("dashboard-page")
        self._admin, self._run, self._say = admin, run, say
        self.currency = admin.currency()
        self.shown: Dashboard | None = None
        layout = QVBoxLayout(self)
        self.tiles_grid = QGridLayout()
        layout.addLayout(self.tiles_grid)
        self.tiles: dict[str, _TileView] = {}
        self.trend = BarChart()
        self.trend.setObjectName("dashboard-trend")
        self.trend.setMinimumHeight(200)
        charts = QHBoxLayout()
        charts.addWidget(self.trend, 2)
        # At head office, the stores side by side (a node's dashboard is its own store's).
        self.by_store = BarChart()
        self.by_store.setObjectName("dashboard-by-store")
        self.by_store.hide()
        charts.addWidget(self.by_store, 1)
        layout.addLayout(charts, 1)
        tops = QHBoxLayout()
        headers = [self.tr("Net sales"), self.tr("Margin %")]
        self.top_products = list_table([self.tr("Top products, 30 days"), *headers], right=(1, 2))
        self.top_categories = list_table(
            [self.tr("Top categories, 30 days"), *headers], right=(1, 2)
        )
        for table in (self.top_products, self.top_categories):
            stretch_column(table, 0)
            tops.addWidget(table)
        layout.addLayout(tops, 1)
        self.note = QLabel()
        self.note.setObjectName("dashboard-note")
        layout.addWidget(self.note)

    def load(self) -> None:
        self._run(self._admin.dashboard, self._show)

    def _tile(self, tile: Tile) -> _TileView:
        view = self.tiles.get(tile.name)
        if view is None:
            view = self.tiles[tile.name] = _TileView(tile.name)
            place = len(self.tiles) - 1
            self.tiles_grid.addWidget(view, place // TILES_PER_ROW, place % TILES_PER_ROW)
        return view

    def _show(self, dashboard: Dashboard) -> None:
        self.shown = dashboard
        for tile in dashboard.tiles:
            view = self._tile(tile)
            view.title.setText(self.tr(tile.title))
            measure = Measure(tile.name, tile.title, tile.kind)
            text = shown(measure, tile.value, self.currency) or "—"
            view.value.setText(text)
            view.value.setAlignment(Qt.AlignmentFlag.AlignLeft)
            view.note.setText(self.tr(tile.note))
        scale = 10 ** minor_unit_exponent(self.currency)
        self.trend.show_values(
            self.tr("Net sales, last 30 days (%s)") % self.currency,
            [row.key[5:] for row in dashboard.trend],  # MM-DD
            [float(int(row.values["net"] or 0)) / scale for row in dashboard.trend],
        )
        self.by_store.setVisible(len(dashboard.by_store) > 1)
        self.by_store.show_values(
            self.tr("Net sales by store, 30 days (%s)") % self.currency,
            [row.label for row in dashboard.by_store],
            [float(int(row.values["net"] or 0)) / scale for row in dashboard.by_store],
        )
        fill_table(self.top_products, [self._top(row) for row in dashboard.top_products])
        fill_table(self.top_categories, [self._top(row) for row in dashboard.top_categories])
        self.note.setText(
            self.tr("Some goods sold are not costed yet: the margin is not final")
            if dashboard.cost_pending
            else ""
        )

    def _top(self, row: ReportRow) -> tuple[str, str, str]:
        margin = row.values.get("margin_percent")
        return (
            row.label,
            shown(NET, row.values.get("net"), self.currency),
            "" if margin is None else str(margin),
        )
