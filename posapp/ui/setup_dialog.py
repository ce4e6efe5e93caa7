"""The first start: what the shop is, and who administers it — before any till or back office.

One window, two uses. On a new install it asks for the shop and the first administrator. On an
install made before setup existed, whose administrator has no password or PIN, it asks only for
those. Nothing is written until the answers are accepted; every problem is listed at once."""

from __future__ import annotations

import os
import zoneinfo
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.currency import MINOR_UNIT_EXPONENTS
from posapp.domain.errors import DomainError
from posapp.domain.shop_setup import Administrator, SetupRefused, ShopAnswers

# (answers or None, administrator, PIN typed again, password typed again, demo data wanted)
Accept = Callable[[ShopAnswers | None, Administrator, str, str, bool], None]


def local_time_zone() -> str:
    """This computer's zone name (from /etc/localtime or TZ), or UTC when it cannot be told."""
    named = os.environ.get("TZ", "").lstrip(":")
    if named in zoneinfo.available_timezones():
        return named
    target = Path("/etc/localtime").resolve()
    if "zoneinfo" in target.parts:
        name = "/".join(target.parts[target.parts.index("zoneinfo") + 1 :])
        if name in zoneinfo.available_timezones():
            return name
    return "UTC"


def _lines(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())


class SetupDialog(QDialog):
    """Calls `accept_answers`; closes when it succeeds, shows its refusals otherwise."""

    def __init__(
        self,
        accept_answers: Accept,
        *,
        administrator: str | None = None,
        demo_products: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setup-dialog")
        self._accept_answers = accept_answers
        self._new_shop = administrator is None
        layout = QVBoxLayout(self)
        self._add_title(layout, administrator)
        layout.addWidget(self._shop_form(demo_products))
        layout.addWidget(self._administrator_form(administrator))
        layout.addWidget(self.demo)
        self.demo.setVisible(self._new_shop)
        self._add_problems_and_buttons(layout)
        self.setWindowTitle(self.tr("posapp — first start"))
        self.setMinimumWidth(560)
        (self.shop_name if self._new_shop else self.admin_name).setFocus()

    def _add_title(self, layout: QVBoxLayout, administrator: str | None) -> None:
        title = QLabel(self)
        font = QFont(title.font())
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        intro = QLabel(self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if self._new_shop:
            title.setText(self.tr("Set up your shop"))
            intro.setText(
                self.tr(
                    "These answers go on every receipt. The currency cannot change once the "
                    "shop has prices or sales; the rest can be changed later."
                )
            )
        else:
            title.setText(self.tr("Secure the administrator"))
            intro.setText(
                self.tr(
                    "The administrator %s has no password or PIN, so anyone could use the till "
                    "and back office. Choose both before going on."
                )
                % administrator
            )

    def _shop_form(self, demo_products: int) -> QGroupBox:
        self.shop_name = QLineEdit(self)
        self.address = QPlainTextEdit(self)
        self.address.setPlaceholderText(self.tr("Street, town, postcode — one per line"))
        self.address.setMaximumHeight(70)
        self.tax_number = QLineEdit(self)
        self.currency = QComboBox(self)
        self.currency.addItems(sorted(MINOR_UNIT_EXPONENTS))
        self.currency.setCurrentText("EUR")
        self.time_zone = QComboBox(self)
        self.time_zone.setEditable(True)
        self.time_zone.addItems(sorted(zoneinfo.available_timezones()))
        self.time_zone.setCurrentText(local_time_zone())
        self.standard_rate = QLineEdit("20", self)
        self.reduced_rate = QLineEdit("10", self)
        self.receipt_header = QPlainTextEdit(self)
        self.receipt_header.setPlaceholderText(self.tr("Lines printed under the shop's name"))
        self.receipt_header.setMaximumHeight(70)
        self.demo = QCheckBox(self.tr("Fill the catalogue with demo products to try things"), self)
        self.demo.setChecked(demo_products > 0)
        shop = QGroupBox(self.tr("The shop"), self)
        form = QFormLayout(shop)
        form.addRow(self.tr("Shop name"), self.shop_name)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Tax number"), self.tax_number)
        form.addRow(self.tr("Currency"), self.currency)
        form.addRow(self.tr("Time zone"), self.time_zone)
        form.addRow(self.tr("Standard tax rate, %"), self.standard_rate)
        form.addRow(self.tr("Reduced tax rate, %"), self.reduced_rate)
        form.addRow(self.tr("Receipt header"), self.receipt_header)
        shop.setVisible(self._new_shop)  # securing an administrator asks nothing about the shop
        return shop

    def _administrator_form(self, administrator: str | None) -> QGroupBox:
        self.username = QLineEdit(administrator or "admin", self)
        self.username.setReadOnly(not self._new_shop)
        self.admin_name = QLineEdit(self)
        self.admin_name.setPlaceholderText(self.tr("As it appears on receipts"))
        self.password = self._secret()
        self.password_again = self._secret()
        self.pin = self._secret()
        self.pin_again = self._secret()
        admin = QGroupBox(self.tr("The administrator"), self)
        form = QFormLayout(admin)
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Name"), self.admin_name)
        form.addRow(self.tr("Back-office password"), self.password)
        form.addRow(self.tr("Password again"), self.password_again)
        form.addRow(self.tr("Till PIN (4–8 digits)"), self.pin)
        form.addRow(self.tr("PIN again"), self.pin_again)
        return admin

    def _add_problems_and_buttons(self, layout: QVBoxLayout) -> None:
        self.problems = QLabel(self)
        self.problems.setObjectName("setup-problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b00020;")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.problems)
        buttons = QDialogButtonBox(self)
        self.done_button = buttons.addButton(
            self.tr("Set up the shop") if self._new_shop else self.tr("Save and go on"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _secret(self) -> QLineEdit:
        field = QLineEdit(self)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def answers(self) -> ShopAnswers | None:
        if not self._new_shop:
            return None
        return ShopAnswers(
            shop_name=self.shop_name.text().strip(),
            currency=self.currency.currentText(),
            time_zone=self.time_zone.currentText().strip(),
            address=_lines(self.address),
            tax_number=self.tax_number.text().strip(),
            standard_rate_percent=self.standard_rate.text(),
            reduced_rate_percent=self.reduced_rate.text(),
            receipt_header=_lines(self.receipt_header),
        )

    def administrator(self) -> Administrator:
        return Administrator(
            username=self.username.text().strip().lower(),
            name=self.admin_name.text().strip(),
            password=self.password.text(),
            pin=self.pin.text(),
        )

    def submit(self) -> None:
        try:
            self._accept_answers(
                self.answers(),
                self.administrator(),
                self.pin_again.text(),
                self.password_again.text(),
                self.demo.isChecked(),
            )
        except SetupRefused as refused:
            self.problems.setText("\n".join(f"• {problem}" for problem in refused.problems))
            return
        except DomainError as error:
            self.problems.setText(f"• {error}")
            return
        self.accept()
