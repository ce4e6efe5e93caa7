"""A small dialog that asks for one value (quantity, discount, price, weight, label)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


class EntryDialog(QDialog):
    """Enter submits, Esc backs out. Opened with `open()`, so it never blocks the event loop."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget, *, title: str, label: str, initial: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("entry-dialog")
        layout = QVBoxLayout(self)
        self.prompt = QLabel(label, self)
        self.field = QLineEdit(initial, self)
        self.field.selectAll()
        self.field.setMinimumHeight(40)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.prompt)
        layout.addWidget(self.field)
        layout.addWidget(buttons)
        self.accepted.connect(self._submit)
        self.setMinimumWidth(360)

    def _submit(self) -> None:
        self.submitted.emit(self.field.text())
