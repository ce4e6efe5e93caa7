"""Signing in to the back office on its own (`posapp backoffice`): a username and a password;
a role that may see reports or manage users. Too many wrong tries lock it for a while."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from posapp.services.shop import BackOffice
from posapp.ui.back_office.window import BackOfficeWindow
from posapp.ui.db_worker import DbWorker
from posapp.ui.till.dialog_parts import add_refusal_and_buttons


@dataclass(frozen=True)
class Place:
    """Where the back office can open: a title, how a person signs in there, and the pages'
    data for whoever signed in."""

    title: str
    sign_in: Callable[[str, str], Any]
    back_office_for: Callable[[Any], BackOffice]


class BackOfficeSignIn(QDialog):
    signed_in = Signal(object)  # the BackOfficeWindow opened

    def __init__(
        self,
        sign_in: Callable[[str, str], Any],
        back_office_for: Callable[[Any], BackOffice],
        parent: QWidget | None = None,
        *,
        elsewhere: Place | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("posapp back office — sign in"))
        self.setObjectName("back-office-sign-in")
        self._places = [Place(self.tr("This shop"), sign_in, back_office_for)]
        if elsewhere is not None:
            self._places.append(elsewhere)
        self._worker = DbWorker("back-office-sign-in")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        # Where to open: this shop's own data, or head office's (its password, not this shop's).
        self.place = QComboBox(self)
        self.place.setObjectName("sign-in-place")
        for place in self._places:
            self.place.addItem(place.title)
        if elsewhere is not None:
            form.addRow(self.tr("Open"), self.place)
        self.username = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Password"), self.password)
        layout.addLayout(form)
        self.error = add_refusal_and_buttons(self, layout, "sign-in", self._submit)
        self.finished.connect(lambda _: self._worker.stop())
        self.opened: BackOfficeWindow | None = None
        self.setMinimumWidth(360)

    def _submit(self) -> None:
        username, password = self.username.text(), self.password.text()
        place = self._places[max(self.place.currentIndex(), 0)]
        self._worker.submit(
            lambda: place.sign_in(username, password),
            lambda user: self._open(place.back_office_for(user)),
            self._refused,
        )

    def _refused(self, error: Exception) -> None:
        self.error.setText(str(error))
        self.password.clear()

    def _open(self, data: BackOffice) -> None:
        self.opened = BackOfficeWindow(data, QLocale())
        self.opened.resize(1100, 720)
        self.opened.show()
        self.accept()
        self.signed_in.emit(self.opened)
