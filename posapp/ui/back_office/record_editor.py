"""A back-office record editor: a form of named fields with Save and Cancel. A refused field is
named in red and its box marked; nothing is saved until every field is right."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from posapp.services.shared import FieldError

_ERROR = "color: #b00020;"


class RecordEditor(QDialog):
    """A form of named fields (line edits, choices, multi-line text) with Save and Cancel.
    Emits `save_requested(fields)`; the page calls `refused(error)` when the save fails."""

    save_requested = Signal(dict)

    def __init__(
        self,
        parent: QWidget,
        title: str,
        fields: list[tuple[str, str, Any]],  # name, label, "text" | "multi" | list of choices
        values: Mapping[str, str],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.boxes: dict[str, Any] = {}
        self.form = QFormLayout()
        # The form on the left; an editor may add a panel beside it (a product's barcodes).
        self.top = QHBoxLayout()
        self.top.addLayout(self.form, 3)
        for name, label, kind in fields:
            box: Any
            if isinstance(kind, list):
                box = QComboBox()
                box.addItems(kind)
                current = values.get(name, kind[0] if kind else "")
                if current and current not in kind:
                    box.addItem(current)  # e.g. a tax class archived since: shown, not lost
                box.setCurrentText(current)
            elif kind == "multi":
                box = QPlainTextEdit(values.get(name, ""))
                box.setMaximumHeight(70)
            else:
                box = QLineEdit(values.get(name, ""))
            box.setObjectName(f"field-{name}")
            self.boxes[name] = box
            self.form.addRow(self.tr(label), box)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(_ERROR)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        # Set by an editor with a table of lines, to show which line a refused field is on.
        self.mark_line: Callable[[str], None] | None = None
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.top, 1)

    def finish_layout(self) -> None:
        self.body.addWidget(self.error)
        self.body.addWidget(self.buttons)

    def values(self) -> dict[str, str]:
        typed = {}
        for name, box in self.boxes.items():
            if isinstance(box, QComboBox):
                typed[name] = box.currentText()
            elif isinstance(box, QPlainTextEdit):
                typed[name] = box.toPlainText()
            else:
                typed[name] = box.text()
        return typed

    def submit(self) -> None:
        self.error.setText("")
        for box in self.boxes.values():
            box.setStyleSheet("")
        self.save_requested.emit(self.values())

    def refused(self, error: Exception) -> None:
        self.error.setText(str(error))
        if isinstance(error, FieldError) and error.field in self.boxes:
            self.boxes[error.field].setStyleSheet("border: 2px solid #b00020;")
            self.boxes[error.field].setFocus()
        elif isinstance(error, FieldError) and self.mark_line is not None:
            self.mark_line(error.field)
