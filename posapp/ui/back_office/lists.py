"""The back office's lists: read-only tables of rows, right-aligned where the numbers are (by
declared column, or by what a cell looks like), and the parts pages lay out around them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def list_table(headers: list[str], right: tuple[int, ...] = ()) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setProperty("right_columns", right)
    return table


def day_picker(name: str, changed: Callable[[], object]) -> QDateEdit:
    """A day, today to start with, typed or picked from a calendar; `changed` runs on a change."""
    picker = QDateEdit(QDate.currentDate())
    picker.setObjectName(name)
    picker.setCalendarPopup(True)
    picker.setDisplayFormat("yyyy-MM-dd")
    picker.dateChanged.connect(lambda _: changed())
    return picker


def side_column() -> tuple[QWidget, QVBoxLayout]:
    """The lower half of a page split in two: a widget and its column, flush with the list."""
    side = QWidget()
    column = QVBoxLayout(side)
    column.setContentsMargins(0, 0, 0, 0)
    return side, column


def stretch_column(table: QTableWidget, column: int) -> None:
    """This column (names, documents) takes the room, not the last one."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


def fill_table(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    right = table.property("right_columns") or ()
    with _sized_once(table):
        table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in right:
                    item.setTextAlignment(RIGHT)
                table.setItem(r, c, item)


@contextmanager
def _sized_once(table: QTableWidget) -> Iterator[None]:
    """Columns sized to their contents are measured again at every cell set (a count of 500
    lines took seconds): filled with sizing off, then measured once."""
    header = table.horizontalHeader()
    modes = [header.sectionResizeMode(c) for c in range(table.columnCount())]
    for column in range(table.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    table.setUpdatesEnabled(False)
    try:
        yield
    finally:
        for column, mode in enumerate(modes):
            header.setSectionResizeMode(column, mode)
        table.setUpdatesEnabled(True)


def _looks_numeric(text: str) -> bool:
    """Amounts, counts and times line up on the right; a message that starts with a number
    ("422: …") does not."""
    return any(ch.isdigit() for ch in text) and not any(ch.isalpha() for ch in text)


def fill_rows(table: QTableWidget, rows: list[list[str]]) -> None:
    with _sized_once(table):
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c > 0 and _looks_numeric(text):
                    item.setTextAlignment(RIGHT)
                table.setItem(r, c, item)
