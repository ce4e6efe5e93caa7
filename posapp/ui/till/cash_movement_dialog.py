"""Cash in, cash out, or a drop to the safe: how much, and why (the reason is journaled)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.ui.till.dialog_parts import add_refusal_and_buttons

KINDS = (("cash_in", "Cash in"), ("cash_out", "Cash out"), ("drop", "Drop to the safe"))


class CashMovementDialog(QDialog):
    submitted = Signal(str, object, str)  # kind, Money, reason

    def __init__(self, parent: QWidget, *, currency: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cash in / out"))
        self.setObjectName("cash-movement-dialog")
        self._currency = currency
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox(self)
        for code, label in KINDS:
            self.kind.addItem(self.tr(label), code)
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText("20.00")
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("e.g. change from the safe, window cleaner"))
        form.addRow(self.tr("What"), self.kind)
        form.addRow(self.tr("Amount"), self.amount)
        form.addRow(self.tr("Reason"), self.reason)
        layout.addLayout(form)
        self.error = add_refusal_and_buttons(self, layout, "cash-movement", self._submit)
        self.setMinimumWidth(400)

    def _submit(self) -> None:
        try:
            amount = Money.parse(self.amount.text(), self._currency)
        except DomainError as error:
            self.refused(str(error))
            return
        self.submitted.emit(self.kind.currentData(), amount, self.reason.text())

    def refused(self, why: str) -> None:
        self.error.setText(why)
