"""F2 search (choose a product to sell) and F3 price check (look, do not sell)."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from posapp.domain.catalogue import ProductRow
from posapp.ui.formatting import format_money
from posapp.ui.widgets.product_finder import ProductFinder
from posapp.ui.workers import CatalogueWorker


class SearchDialog(QDialog):
    chosen = Signal(object)  # ProductRow, in sell mode

    def __init__(self, parent: QWidget, worker: CatalogueWorker) -> None:
        super().__init__(parent)
        self.setObjectName("search-dialog")
        self.finder = ProductFinder(self, worker)
        self.price = QLabel(self)
        font = QFont(self.price.font())
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        self.price.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(self.finder)
        layout.addWidget(self.price)
        self.finder.chosen.connect(self._chosen)
        self._selling = True
        self.resize(860, 560)

    def open_for(self, *, selling: bool, text: str = "") -> None:
        self._selling = selling
        self.setWindowTitle(self.tr("Find a product") if selling else self.tr("Price check"))
        self.price.clear()
        self.open()
        self.finder.start(text)

    def _chosen(self, product: ProductRow) -> None:
        if self._selling:
            self.accept()
            self.chosen.emit(product)
            return
        unit = self.tr(" per kg") if product.weighed else ""
        self.price.setText(f"{product.name}: {format_money(product.price, QLocale())}{unit}")
