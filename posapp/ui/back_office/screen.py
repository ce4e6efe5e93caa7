"""What the back office window's pages share: its data, locale, worker and status line, and the
plain tables they list things in. The pages (people, shifts, journal, head office sync) subclass
this and BackOfficeWindow joins them, so each shared name has one declared type."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QHeaderView, QMainWindow, QTableWidget, QTableWidgetItem

from posapp.services.shop import BackOffice

_T = TypeVar("_T")


def plain_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setAlternatingRowColors(True)
    return table


def _looks_numeric(text: str) -> bool:
    """Amounts, counts and times line up on the right; a message that starts with a number
    ("422: …") does not."""
    return any(ch.isdigit() for ch in text) and not any(ch.isalpha() for ch in text)


def fill_rows(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c > 0 and _looks_numeric(text):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class BackOfficeScreen(QMainWindow):
    _data: BackOffice
    _locale: QLocale

    # Provided by BackOfficeWindow.
    def _run(self, job: Callable[[], _T], done: Callable[[_T], object]) -> None:
        raise NotImplementedError

    def say(self, text: str, *, error: bool = False) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError
