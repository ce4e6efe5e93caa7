"""Qt table model over a list of frozen product rows. It never runs SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt

from posapp.domain.catalogue import ProductRow
from posapp.ui.formatting import format_money

_HEADERS = ("SKU", "Name", "Unit", "Price", "Tax", "State")


class ProductTableModel(QAbstractTableModel):
    def __init__(self, locale: QLocale | None = None) -> None:
        super().__init__()
        self._rows: Sequence[ProductRow] = ()
        self._locale = locale or QLocale()

    def set_rows(self, rows: Sequence[ProductRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, index: int) -> ProductRow:
        return self._rows[index]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(_HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.sku,
                row.name,
                row.unit,
                format_money(row.price, self._locale) + (" / kg" if row.weighed else ""),
                row.tax_class_code,
                row.state.value.replace("_", " ").title(),
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
