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
        self._build(self.tr("<b>%s</b> needs a supervisor's PIN.") % what, REASON_CODES)

    def _build(self, heading_text: str, reasons: tuple[str, ...]) -> None:
        layout = QVBoxLayout(self)
        heading = QLabel(heading_text, self)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        self.pin = QLineEdit(self)
        self.pin.setObjectName("supervisor-pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setMinimumHeight(40)
        self.reason = QComboBox(self)
        self.reason.addItems([self.tr(code) for code in reasons])
        form.addRow(self.tr("PIN"), self.pin)
        if reasons:
            form.addRow(self.tr("Reason"), self.reason)
        else:
            self.reason.hide()
        layout.addLayout(form)
        self.error = add_refusal_and_buttons(self, layout, "supervisor", self._submit)
        self.setMinimumWidth(380)

    def _submit(self) -> None:
        self.submitted.emit(self.pin.text(), self.reason.currentText())

    def refused(self, why: str) -> None:
        self.error.setText(why)
        self.pin.clear()
        self.pin.setFocus()


class SignInDialog(SupervisorDialog):
    """Who is at the till: a PIN switches the cashier. As the lock screen after idle time it
    cannot be dismissed — only a PIN opens the till again."""

    def __init__(self, parent: QWidget, *, locked: bool) -> None:
        QDialog.__init__(self, parent)
        self.setWindowTitle(self.tr("Till locked") if locked else self.tr("Switch user"))
        self.setObjectName("sign-in-dialog")
        self.locked = locked
        heading = (
            self.tr("<b>The till locked itself</b> after a while without use. Your PIN:")
            if locked
            else self.tr("<b>Switch user</b>: the new cashier's PIN.")
        )
        self._build(heading, ())

    def reject(self) -> None:
        if not self.locked:  # Esc does not get past a lock screen
            super().reject()
