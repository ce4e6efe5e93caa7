"""Qt table model over the priced basket lines. It never runs SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt

from posapp.domain.basket import PricedLine
from posapp.ui.formatting import format_money, format_quantity

HEADERS = ("#", "Product", "Qty", "Price", "Discount", "Total")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class BasketTableModel(QAbstractTableModel):
    def __init__(self, locale: QLocale | None = None) -> None:
        super().__init__()
        self._lines: Sequence[PricedLine] = ()
        self._locale = locale or QLocale()

    def set_lines(self, lines: Sequence[PricedLine]) -> None:
        self.beginResetModel()
        self._lines = lines
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section >= 2:
            return _RIGHT
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        priced = self._lines[index.row()]
        line = priced.line
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            off = priced.line_discount + priced.basket_discount
            price = format_money(line.unit_price, self._locale)
            if line.price_overridden:
                price += " *"
            return (
                str(index.row() + 1),
                line.item.name,
                format_quantity(line.quantity.value, line.item.unit, self._locale),
                price,
                f"−{format_money(off, self._locale)}" if off.minor else "",
                format_money(priced.amount, self._locale),
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and line.price_overridden:
            return self.tr("Price changed from %s") % format_money(line.item.price, self._locale)
        return None
