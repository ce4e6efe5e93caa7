"""The back office's pages: a list of their names down the left, the chosen page beside it.
Names read across (a side tab bar turns them sideways and hides the last ones on a small
screen), and the list scrolls when the stock, purchasing and report screens join it."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QWidget


class PageNavigation(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = QListWidget()
        self.names.setObjectName("back-office-pages")
        self.names.setFixedWidth(190)
        self.names.setStyleSheet("QListWidget::item { padding: 8px 6px; }")
        self.pages = QStackedWidget()
        self.names.currentRowChanged.connect(self.pages.setCurrentIndex)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.names)
        layout.addWidget(self.pages, 1)

    def add(self, page: QWidget, title: str) -> None:
        self.pages.addWidget(page)
        self.names.addItem(title)
        if self.names.currentRow() < 0:
            self.names.setCurrentRow(0)

    def show_page(self, title: str) -> QWidget:
        for row in range(self.names.count()):
            if (name := self.names.item(row)) is not None and name.text() == title:
                self.names.setCurrentRow(row)
                page = self.pages.widget(row)
                assert page is not None, "a page for every name"
                return page
        raise KeyError(title)
