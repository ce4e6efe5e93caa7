"""The back office's People page: users and their roles, the permissions each role has (ticked in
a grid), adding a role or a user. A part of BackOfficeWindow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.permissions import BUILT_IN_ROLES, Permission
from posapp.services.shared import UserRecord
from posapp.services.shop import RoleRecord
from posapp.ui.back_office.lists import fill_rows, list_table
from posapp.ui.back_office.screen import BackOfficeScreen


class PeopleTab(BackOfficeScreen):
    def _people_tab(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        left = QVBoxLayout()
        self.users_table = list_table([self.tr("Username"), self.tr("Name"), self.tr("Role")])
        left.addWidget(QLabel(f"<b>{self.tr('Users')}</b>"))
        left.addWidget(self.users_table, 1)
        form = QFormLayout()
        self.new_username = QLineEdit()
        self.new_name = QLineEdit()
        self.new_role = QComboBox()
        self.new_role.addItems(list(BUILT_IN_ROLES))  # until the store's roles are read
        self.new_pin = QLineEdit()
        self.new_pin.setEchoMode(QLineEdit.EchoMode.Password)
        add = QPushButton(self.tr("Add user"))
        add.clicked.connect(self.add_user)
        form.addRow(self.tr("Username"), self.new_username)
        form.addRow(self.tr("Name on receipts"), self.new_name)
        form.addRow(self.tr("Role"), self.new_role)
        form.addRow(self.tr("PIN (4–8 digits)"), self.new_pin)
        form.addRow(add)
        left.addLayout(form)
        layout.addLayout(left, 2)
        right = QVBoxLayout()
        right.addWidget(QLabel(f"<b>{self.tr('Roles and what they may do')}</b>"))
        self.roles_table = QTableWidget(0, 0)
        self.roles_table.verticalHeader().setDefaultSectionSize(22)
        self.roles_table.itemChanged.connect(self._permission_toggled)
        right.addWidget(self.roles_table, 1)
        new_role = QHBoxLayout()
        self.role_code = QLineEdit()
        self.role_code.setPlaceholderText(self.tr("code, e.g. warehouse"))
        self.role_name = QLineEdit()
        self.role_name.setPlaceholderText(self.tr("name, e.g. Warehouse worker"))
        create = QPushButton(self.tr("New role"))
        create.clicked.connect(self.add_role)
        for widget in (self.role_code, self.role_name, create):
            new_role.addWidget(widget)
        right.addLayout(new_role)
        layout.addLayout(right, 3)
        return page

    def _show_users(self, users: list[UserRecord]) -> None:
        fill_rows(self.users_table, [[u.username, u.display_name, u.role] for u in users])

    def add_role(self) -> None:
        code, name = self.role_code.text(), self.role_name.text()

        def added(_: object) -> None:
            self.say(self.tr("role %s added: tick what it may do") % name)
            self.role_code.clear()
            self.role_name.clear()
            self.refresh()

        self._run(lambda: self._data.add_role(code=code, name=name), added)

    def _show_roles(self, roles: list[RoleRecord]) -> None:
        self._roles = roles
        chosen = self.new_role.currentText()
        self.new_role.clear()
        self.new_role.addItems([role.code for role in roles])
        self.new_role.setCurrentText(chosen)
        permissions = [p.value for p in Permission]
        table = self.roles_table
        table.blockSignals(True)
        table.setRowCount(len(permissions))
        table.setColumnCount(len(roles))
        table.setHorizontalHeaderLabels([role.name for role in roles])
        table.setVerticalHeaderLabels([p.replace("_", " ") for p in permissions])
        for column, role in enumerate(roles):
            for row, permission in enumerate(permissions):
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                checked = permission in role.permissions
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        table.blockSignals(False)

    def _permission_toggled(self, item: QTableWidgetItem) -> None:
        role = self._roles[item.column()]
        permissions = [p.value for p in Permission]
        chosen = frozenset(
            permissions[row]
            for row in range(len(permissions))
            if (box := self.roles_table.item(row, item.column())) is not None
            and box.checkState() == Qt.CheckState.Checked
        )

        def saved(_: object) -> None:
            self.say(self.tr("%s: permissions saved") % role.name)
            self.refresh()

        self._run(
            lambda: self._data.set_role_permissions(role=role.code, permissions=chosen), saved
        )

    def add_user(self) -> None:
        username, name = self.new_username.text(), self.new_name.text()
        role, pin = self.new_role.currentText(), self.new_pin.text()

        def added(_: object) -> None:
            self.say(self.tr("%s added") % username)
            for field in (self.new_username, self.new_name, self.new_pin):
                field.clear()
            self.refresh()

        self._run(
            lambda: self._data.add_user(username=username, name=name, role=role, pin=pin), added
        )
