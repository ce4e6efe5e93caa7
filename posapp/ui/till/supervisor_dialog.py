"""A supervisor's PIN and a reason, for an action the cashier may not do alone. Stays open
until the PIN is accepted (or Esc), showing why a PIN was refused."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.permissions import REASON_CODES
from posapp.ui.till.dialog_parts import add_refusal_and_buttons


class PinDialog(QDialog):
    """A PIN (and, for approvals, a reason), kept open until the PIN is accepted."""

    submitted = Signal(str, str)  # PIN, reason ("" when none is asked)

    def __init__(
        self, parent: QWidget, *, title: str, name: str, heading: str, reasons: tuple[str, ...]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName(name)
        layout = QVBoxLayout(self)
        label = QLabel(heading, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        form = QFormLayout()
        self.pin = QLineEdit(self)
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setMinimumHeight(40)
        form.addRow(self.tr("PIN"), self.pin)
        self.reason = QComboBox(self)
        self.reason.addItems([self.tr(code) for code in reasons])
        if reasons:
            form.addRow(self.tr("Reason"), self.reason)
        else:
            self.reason.hide()
        layout.addLayout(form)
        self.error = add_refusal_and_buttons(self, layout, name, self._submit)
        self.setMinimumWidth(380)

    def _submit(self) -> None:
        self.submitted.emit(self.pin.text(), self.reason.currentText())

    def refused(self, why: str) -> None:
        self.error.setText(why)
        self.pin.clear()
        self.pin.setFocus()


class SupervisorDialog(PinDialog):
    def __init__(self, parent: QWidget, *, what: str) -> None:
        super().__init__(
            parent,
            title=self.tr("Supervisor approval"),
            name="supervisor-dialog",
            heading=self.tr("<b>%s</b> needs a supervisor's PIN.") % what,
            reasons=REASON_CODES,
        )


class SignInDialog(PinDialog):
    """Who is at the till: a PIN switches the cashier. Locked (at start once people have PINs,
    and after idle time) it cannot be dismissed — only a PIN opens the till. Its Cancel button
    says what it does there instead: it closes the till (asking first while a shift is open)."""

    close_till = Signal()

    def __init__(self, parent: QWidget, *, locked: bool) -> None:
        super().__init__(
            parent,
            title=self.tr("Till locked") if locked else self.tr("Switch user"),
            name="sign-in-dialog",
            heading=(
                self.tr("<b>The till is locked.</b> Your PIN to sell:")
                if locked
                else self.tr("<b>Switch user</b>: the new cashier's PIN.")
            ),
            reasons=(),
        )
        self.locked = locked
        buttons = self.findChild(QDialogButtonBox)
        assert buttons is not None
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if locked:
            self.cancel_button.setText(self.tr("Close the till"))
            buttons.rejected.disconnect()
            buttons.rejected.connect(self.close_till.emit)

    def reject(self) -> None:
        if not self.locked:  # Esc does not get past a lock screen
            super().reject()
