"""Counting the drawer by denomination: one field per note and coin, the total as you type.

Used to open a shift (the float) and to close it. A blind close hides what the drawer should
hold until the count is in, so the count is honest; the over/short is shown after."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.cash_count import CashCount, InvalidCount, denominations
from posapp.domain.money import Money
from posapp.ui.formatting import format_money
from posapp.ui.till.dialog_parts import add_refusal_and_buttons


class CountDialog(QDialog):
    counted = Signal(object)  # CashCount

    def __init__(self, parent: QWidget, *, title: str, currency: str, locale: QLocale) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("count-dialog")
        self._currency = currency
        self._locale = locale
        layout = QVBoxLayout(self)
        self.heading = QLabel(f"<b>{title}</b>", self)
        layout.addWidget(self.heading)
        grid = QGridLayout()
        self.fields: dict[int, QLineEdit] = {}
        values = denominations(currency)
        half = (len(values) + 1) // 2
        for index, value in enumerate(values):
            field = QLineEdit(self)
            field.setObjectName(f"count-{value}")
            field.setPlaceholderText("0")
            field.setAlignment(Qt.AlignmentFlag.AlignRight)
            field.setMaximumWidth(90)
            field.textChanged.connect(self._update_total)
            row, column = index % half, (index // half) * 2
            grid.addWidget(QLabel(format_money(Money(value, currency), locale), self), row, column)
            grid.addWidget(field, row, column + 1)
            self.fields[value] = field
        layout.addLayout(grid)
        self.total = QLabel(self)
        self.total.setObjectName("count-total")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        font = self.total.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.total.setFont(font)
        layout.addWidget(self.total)
        self.error = add_refusal_and_buttons(self, layout, "count", self._submit)
        self._update_total()

    def _typed(self) -> dict[int, str]:
        return {value: field.text() for value, field in self.fields.items()}

    def _update_total(self) -> None:
        if hasattr(self, "error"):
            self.error.clear()  # a corrected entry takes the old complaint away
        try:
            total = CashCount.parse(self._typed(), self._currency).total
        except InvalidCount:
            self.total.setText("…")
            return
        self.total.setText(self.tr("Counted: %s") % format_money(total, self._locale))

    def _submit(self) -> None:
        try:
            count = CashCount.parse(self._typed(), self._currency)
        except InvalidCount as error:
            self.refused(str(error))
            return
        self.counted.emit(count)

    def show_expected(self, minor: int) -> None:
        """Not on a blind close: what the drawer should hold, under the heading."""
        expected = format_money(Money(minor, self._currency), self._locale)
        self.heading.setText(self.heading.text() + self.tr(" — expected %s") % expected)

    def refused(self, why: str) -> None:
        self.error.setText(why)
