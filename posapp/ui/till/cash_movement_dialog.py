"""Cash in, cash out, or a drop to the safe: how much, and why (the reason is journaled). The
same form takes a customer's payment on account: which tender, how much, and a reference."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.ui.till.dialog_parts import add_refusal_and_buttons

KINDS = (("cash_in", "Cash in"), ("cash_out", "Cash out"), ("drop", "Drop to the safe"))


class CashMovementDialog(QDialog):
    submitted = Signal(str, object, str)  # kind, Money, reason

    def __init__(
        self,
        parent: QWidget,
        *,
        currency: str,
        title: str = "Cash in / out",
        kinds: tuple[tuple[str, str], ...] = KINDS,
        reason: tuple[str, str] = ("Reason", "e.g. change from the safe, window cleaner"),
        what: str = "What",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr(title))
        self.setObjectName("cash-movement-dialog")
        self._currency = currency
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox(self)
        for code, label in kinds:
            self.kind.addItem(self.tr(label), code)
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText("20.00")
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr(reason[1]))
        form.addRow(self.tr(what), self.kind)
        form.addRow(self.tr("Amount"), self.amount)
        form.addRow(self.tr(reason[0]), self.reason)
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
