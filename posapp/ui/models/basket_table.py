"""The basket as a Qt model. It never runs SQL.

A QStandardItemModel filled from the frozen priced lines. Two things keep a scan's redraw small:
the cells live in C++ (a Python model answers several calls per cell per paint), and the model
keeps blank rows ready below the basket, because Qt relayouts and repaints the whole table when
a row is inserted but only the changed row when a cell's text changes. Only cells whose text
changed are touched, so a scan repaints one or two rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from posapp.domain.basket import PricedLine
from posapp.domain.costing.provisional import LineMargin
from posapp.ui.formatting import format_money, format_quantity

HEADERS = ("#", "Product", "Qty", "Price", "Discount", "Total", "Margin")
MARGIN_COLUMN = 6  # hidden unless the cashier's role may see the provisional margin
SPARE_ROWS = 40  # blank rows kept ready; more are added 40 at a time
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class BasketTableModel(QStandardItemModel):
    def __init__(self, locale: QLocale | None = None) -> None:
        super().__init__(0, len(HEADERS))
        self._locale = locale or QLocale()
        self._cells: list[tuple[str, ...]] = []
        for column, title in enumerate(HEADERS):
            header = QStandardItem(self.tr(title))
            header.setTextAlignment(_RIGHT if column >= 2 else _LEFT)
            self.setHorizontalHeaderItem(column, header)

    @property
    def line_count(self) -> int:
        """Lines in the basket (the model also holds blank rows below them)."""
        return len(self._cells)

    def set_lines(
        self, lines: Sequence[PricedLine], margins: Sequence[LineMargin | None] | None = None
    ) -> None:
        """`margins`, one per line, only for a cashier who may see them (None: an empty column)."""
        cells = [
            (*self._format(number, priced), self._margin(margins, number - 1))
            for number, priced in enumerate(lines, 1)
        ]
        blank = ("",) * len(HEADERS)
        while self.rowCount() < len(cells) or self.rowCount() < SPARE_ROWS:
            self.appendRow([self._item(column, "") for column in range(len(HEADERS))])
        for row in range(max(len(cells), len(self._cells))):
            new = cells[row] if row < len(cells) else blank
            old = self._cells[row] if row < len(self._cells) else blank
            for column, text in enumerate(new):
                if text != old[column]:
                    self.item(row, column).setText(text)
        self._cells = cells
        for row, priced in enumerate(lines):
            line = priced.line
            if line.price_overridden:
                tip = self.tr("Price changed from %s") % format_money(line.item.price, self._locale)
            elif priced.unit_price != line.item.price:
                tip = self.tr("Shelf price %s") % format_money(line.item.price, self._locale)
            else:
                tip = ""
            if self.item(row, 3).toolTip() != tip:
                self.item(row, 3).setToolTip(tip)

    @staticmethod
    def _item(column: int, text: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setTextAlignment(_RIGHT if column >= 2 else _LEFT)
        return item

    def _margin(self, margins: Sequence[LineMargin | None] | None, row: int) -> str:
        if margins is None:
            return ""
        margin = margins[row]
        if margin is None:
            return self.tr("no cost")
        # The share, which is what a manager compares at a glance; the amount is in the totals.
        percent = margin.percent
        return format_money(margin.margin, self._locale) if percent is None else f"{percent} %"

    def _format(self, number: int, priced: PricedLine) -> tuple[str, ...]:
        line = priced.line
        off = priced.line_discount + priced.basket_discount
        price = format_money(priced.unit_price, self._locale)
        # Why this price, under the name: "VIP group", "3 for 2".
        name = (
            f"{line.item.name} · {priced.price_reason}" if priced.price_reason else line.item.name
        )
        return (
            str(number),
            name,
            format_quantity(line.quantity.value, line.item.unit, self._locale),
            price + (" *" if line.price_overridden else ""),
            f"−{format_money(off, self._locale)}" if off.minor else "",
            format_money(priced.amount, self._locale),
        )
