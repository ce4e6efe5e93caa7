"""F9: the parked baskets of this till, oldest first; Enter recalls the chosen one."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QVBoxLayout, QWidget

from posapp.services.shared import ParkedSale
from posapp.ui.formatting import format_money


class RecallDialog(QDialog):
    chosen = Signal(object)  # the parked sale's id

    def __init__(self, parent: QWidget, parked: Sequence[ParkedSale]) -> None:
        super().__init__(parent)
        self.setObjectName("recall-dialog")
        self.setWindowTitle(self.tr("Recall a parked sale"))
        self._parked = list(parked)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Enter recalls the chosen sale; Esc goes back."), self))
        self.list = QListWidget(self)
        locale = QLocale()
        for sale in self._parked:
            total = format_money(sale.basket.totals().total, locale)
            self.list.addItem(
                f"{sale.parked_at:%H:%M}  {sale.label}  ·  "
                f"{len(sale.basket.lines)} lines  ·  {total}"
            )
        if self._parked:
            self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.accepted.connect(self._emit)
        self.resize(560, 380)

    def _emit(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._parked):
            self.chosen.emit(self._parked[row].id)
