"""The basket as a Qt model. It never runs SQL.

A QStandardItemModel filled from the frozen priced lines: Qt repaints the whole table whenever a
row is added, and each cell of a Python model costs several calls back into Python per paint;
with the cells held in C++ a scan redraws in a fraction of the time. Only rows whose text
changed are touched, so a scan updates one or two rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from posapp.domain.basket import PricedLine
from posapp.ui.formatting import format_money, format_quantity

HEADERS = ("#", "Product", "Qty", "Price", "Discount", "Total")
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

    def set_lines(self, lines: Sequence[PricedLine]) -> None:
        cells = [self._format(number, priced) for number, priced in enumerate(lines, 1)]
        if len(cells) < len(self._cells):
            self.removeRows(len(cells), len(self._cells) - len(cells))
        for row, texts in enumerate(cells):
            if row >= len(self._cells):
                self.appendRow([self._item(column, text) for column, text in enumerate(texts)])
            elif texts != self._cells[row]:
                for column, text in enumerate(texts):
                    if text != self._cells[row][column]:
                        self.item(row, column).setText(text)
        self._cells = cells
        for row, priced in enumerate(lines):
            line = priced.line
            tip = (
                self.tr("Price changed from %s") % format_money(line.item.price, self._locale)
                if line.price_overridden
                else ""
            )
            if self.item(row, 3).toolTip() != tip:
                self.item(row, 3).setToolTip(tip)

    @staticmethod
    def _item(column: int, text: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setTextAlignment(_RIGHT if column >= 2 else _LEFT)
        return item

    def _format(self, number: int, priced: PricedLine) -> tuple[str, ...]:
        line = priced.line
        off = priced.line_discount + priced.basket_discount
        price = format_money(line.unit_price, self._locale)
        return (
            str(number),
            line.item.name,
            format_quantity(line.quantity.value, line.item.unit, self._locale),
            price + (" *" if line.price_overridden else ""),
            f"−{format_money(off, self._locale)}" if off.minor else "",
            format_money(priced.amount, self._locale),
        )
