"""Costs and profit in the back office: the stock's value at the end of a chosen day, per
product and location (the largest first), and "why this cost" for a sale — each line's cost,
the goods it took (which receipt, at what value), what it sold for, and the sale's profit."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.money import Money
from posapp.domain.quantity import Quantity
from posapp.services.costing import (
    CostedLine,
    CostsAdmin,
    StockValue,
    ValuedStock,
    document_profit,
)
from posapp.ui.back_office.lists import (
    day_picker,
    fill_table,
    list_table,
    side_column,
    stretch_column,
)
from posapp.ui.db_worker import RunJob, Say

SHOWN_ROWS = 1000  # the most valuable rows; `posapp cost value` lists every one


def _quantity(thousandths: int) -> str:
    return str(Quantity.from_thousandths(thousandths))


class CostsPage(QWidget):
    def __init__(self, admin: CostsAdmin, run: RunJob, say: Say) -> None:
        super().__init__()
        self.setObjectName("costs-page")
        self._admin, self._run, self._say = admin, run, say
        self.currency = admin.currency()
        self.valued: list[ValuedStock] = []
        self.lines: list[CostedLine] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.as_of = day_picker("costs-as-of", self.load)
        top.addWidget(QLabel(self.tr("Stock value at the end of")))
        top.addWidget(self.as_of)
        self.total = QLabel()
        self.total.setObjectName("costs-total")
        top.addWidget(self.total, 1)
        layout.addLayout(top)
        split = QSplitter(Qt.Orientation.Vertical)
        headers = ("SKU", "Name", "Location", "On hand", "Value")
        self.table = list_table([self.tr(h) for h in headers], right=(3, 4))
        self.table.setObjectName("costs-valuation")
        stretch_column(self.table, 1)
        split.addWidget(self.table)
        split.addWidget(self._why_side())
        split.setSizes([320, 320])
        layout.addWidget(split, 1)

    def _why_side(self) -> QWidget:
        side, column = side_column()
        asking = QHBoxLayout()
        asking.addWidget(QLabel(self.tr("Why this cost: sale")))
        self.sale_number = QLineEdit()
        self.sale_number.setObjectName("costs-sale-number")
        self.sale_number.setPlaceholderText(self.tr("the receipt's number, e.g. S01-T01-000012"))
        self.sale_number.returnPressed.connect(self.explain)
        asking.addWidget(self.sale_number, 1)
        button = QPushButton(self.tr("Explain"))
        button.clicked.connect(self.explain)
        asking.addWidget(button)
        column.addLayout(asking)
        headers = ("Product / goods taken", "Quantity", "Cost", "Sold for", "Profit", "Margin")
        self.why = list_table([self.tr(h) for h in headers], right=(1, 2, 3, 4, 5))
        self.why.setObjectName("costs-why")
        stretch_column(self.why, 0)
        column.addWidget(self.why, 1)
        self.profit = QLabel()
        self.profit.setObjectName("costs-profit")
        column.addWidget(self.profit)
        return side

    def _money(self, minor: int | None) -> str:
        return "" if minor is None else f"{Money(minor, self.currency).amount:,}"

    def load(self) -> None:
        day = self.as_of.date()
        as_of = date(day.year(), day.month(), day.day())
        self._run(lambda: self._admin.valuation(as_of, SHOWN_ROWS), self._show)

    def _show(self, valued: StockValue) -> None:
        self.valued = valued.rows
        total = valued.total_minor
        count = valued.row_count
        shown = self.tr("%s in all, over %s product(s) and location(s)") % (
            self._money(total) or "0",
            f"{count:,}",
        )
        if count > SHOWN_ROWS:
            shown += self.tr(": the %s most valuable are listed") % f"{SHOWN_ROWS:,}"
        self.total.setText(shown)
        fill_table(
            self.table,
            [
                (
                    row.sku,
                    row.name,
                    row.location,
                    _quantity(row.quantity_milli),
                    self._money(row.value_minor),
                )
                for row in self.valued
            ],
        )

    def explain(self) -> None:
        number = self.sale_number.text().strip()
        if number:
            self._run(lambda: self._admin.why(number), lambda lines: self._show_why(number, lines))

    def _show_why(self, number: str, lines: list[CostedLine]) -> None:
        self.lines = lines
        if not lines:
            self._say(self.tr("%s is not a sale of this store") % number, error=True)
        rows: list[tuple[str, ...]] = []
        for line in lines:
            profit = line.profit_minor
            share = document_profit([line]).margin_percent if profit is not None else None
            margin = "" if share is None else f"{share} %"
            rows.append(
                (
                    line.sku,
                    _quantity(-line.quantity_milli),
                    self._money(line.cost_minor) if line.cost_minor is not None else "not costed",
                    self._money(line.net_minor),
                    self._money(profit),
                    margin,
                )
            )
            for part in line.taken:
                rows.append(
                    (
                        f"    {part.source}",
                        _quantity(part.quantity_milli),
                        self._money(part.value_minor),
                        "",
                        "",
                        "",
                    )
                )
        fill_table(self.why, rows)
        self.profit.setText(self._profit_text(number, lines) if lines else "")

    def _profit_text(self, number: str, lines: list[CostedLine]) -> str:
        profit = document_profit(lines)
        if profit.uncosted:
            return self.tr("%s: profit not known until every line is costed") % number
        margin = profit.margin_percent
        return self.tr("%s sold for %s, cost %s: profit %s%s") % (
            number,
            self._money(profit.net_minor),
            self._money(profit.cost_minor),
            self._money(profit.profit_minor),
            "" if margin is None else f" ({margin} %)",
        )
