"""The bottom of a till dialog that stays open until its input is accepted: a red line saying
why the last try was refused, and OK / Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout


def add_refusal_and_buttons(
    dialog: QDialog, layout: QVBoxLayout, name: str, on_ok: Callable[[], None]
) -> QLabel:
    error = QLabel("", dialog)
    error.setObjectName(f"{name}-error")
    error.setWordWrap(True)
    error.setStyleSheet("color: #b00020;")
    layout.addWidget(error)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return error
