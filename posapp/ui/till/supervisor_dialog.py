"""A supervisor's PIN and a reason, for an action the cashier may not do alone. Stays open
until the PIN is accepted (or Esc), showing why a PIN was refused."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.permissions import REASON_CODES
from posapp.ui.till.dialog_parts import add_refusal_and_buttons


class SupervisorDialog(QDialog):
    submitted = Signal(str, str)  # PIN, reason

    def __init__(self, parent: QWidget, *, what: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Supervisor approval"))
        self.setObjectName("supervisor-dialog")
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("<b>%s</b> needs a supervisor's PIN.") % what, self)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        self.pin = QLineEdit(self)
        self.pin.setObjectName("supervisor-pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setMinimumHeight(40)
        self.reason = QComboBox(self)
        self.reason.addItems([self.tr(code) for code in REASON_CODES])
        form.addRow(self.tr("Supervisor PIN"), self.pin)
        form.addRow(self.tr("Reason"), self.reason)
        layout.addLayout(form)
        self.error = add_refusal_and_buttons(self, layout, "supervisor", self._submit)
        self.setMinimumWidth(380)

    def _submit(self) -> None:
        self.submitted.emit(self.pin.text(), self.reason.currentText())

    def refused(self, why: str) -> None:
        self.error.setText(why)
        self.pin.clear()
        self.pin.setFocus()
