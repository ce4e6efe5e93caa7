"""The back office for people and cash control: users and roles, shifts with their Z reports
(saved as the A4 PDF a manager signs), the journal (verify, export) and the outbox waiting for
head office (send now, retry quarantined batches, export). Reads and writes run on
a worker thread: verifying a long journal takes seconds, the screen must not freeze."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.money import Money
from posapp.domain.permissions import BUILT_IN_ROLES, Permission
from posapp.services.shop import BackOffice, HeadOfficeFlag, OutboxView
from posapp.ui.back_office.navigation import PageNavigation
from posapp.ui.back_office.pricing_pages import PriceListsPage, PromotionsPage
from posapp.ui.back_office.products_page import ProductsPage
from posapp.ui.back_office.records_pages import CustomersPage, SuppliersPage
from posapp.ui.db_worker import DbWorker
from posapp.ui.formatting import format_money

_T = TypeVar("_T")


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setAlternatingRowColors(True)
    return table


def _looks_numeric(text: str) -> bool:
    """Amounts, counts and times line up on the right; a message that starts with a number
    ("422: …") does not."""
    return any(ch.isdigit() for ch in text) and not any(ch.isalpha() for ch in text)


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c > 0 and _looks_numeric(text):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class BackOfficeWindow(QMainWindow):
    def __init__(self, data: BackOffice, locale: QLocale) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("posapp — back office"))
        self.setObjectName("back-office")
        self._data = data
        self._locale = locale
        self._worker = DbWorker("back-office")
        # Pages down the left: room for the stock, purchasing and report screens still to come.
        self.pages = PageNavigation(self)
        self.products: ProductsPage | None = None
        if data.catalogue is not None:
            self.products = ProductsPage(data.catalogue, locale, self._run, self.say)
            self.pages.add(self.products, self.tr("Products"))
        self.customers: CustomersPage | None = None
        self.price_lists: PriceListsPage | None = None
        self.promotions: PromotionsPage | None = None
        self.suppliers: SuppliersPage | None = None
        if data.records is not None:
            self.price_lists = PriceListsPage(data.records, locale, self._run, self.say)
            self.pages.add(self.price_lists, self.tr("Price lists"))
            self.promotions = PromotionsPage(data.records, locale, self._run, self.say)
            self.pages.add(self.promotions, self.tr("Promotions"))
            self.customers = CustomersPage(data.records, locale, self._run, self.say)
            self.pages.add(self.customers, self.tr("Customers"))
            self.suppliers = SuppliersPage(data.records, locale, self._run, self.say)
            self.pages.add(self.suppliers, self.tr("Suppliers"))
        self.pages.add(self._people_tab(), self.tr("People"))
        self.pages.add(self._shifts_tab(), self.tr("Shifts and Z reports"))
        self.pages.add(self._journal_tab(), self.tr("Journal"))
        self.pages.add(self._outbox_tab(), self.tr("Head office sync"))
        self.setCentralWidget(self.pages)
        self.status = QLabel("", self)
        self.status.setObjectName("back-office-status")
        self.statusBar().addWidget(self.status, 1)
        self.refresh()

    def show_page(self, title: str) -> QWidget:
        return self.pages.show_page(title)

    def _run(self, job: Callable[[], _T], done: Callable[[_T], object]) -> None:
        self._worker.submit(job, done, lambda error: self.say(str(error), error=True))

    def say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")

    def refresh(self) -> None:
        self._run(self._data.users, self._show_users)
        self._run(self._data.roles, self._show_roles)
        self._run(self._data.shifts, self._show_shifts)
        self._run(self._data.journal, self._show_journal)
        self._run(self._data.outbox, self._show_outbox)
        if self.products is not None:
            self.products.load(self.products.offset)
        for page in (self.customers, self.price_lists, self.promotions, self.suppliers):
            if page is not None:
                page.load()

    # -- people ---------------------------------------------------------------------------------
    def _people_tab(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        left = QVBoxLayout()
        self.users_table = _table([self.tr("Username"), self.tr("Name"), self.tr("Role")])
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

    def _show_users(self, users: list[Any]) -> None:
        _fill(self.users_table, [[u.username, u.display_name, u.role] for u in users])

    def add_role(self) -> None:
        code, name = self.role_code.text(), self.role_name.text()

        def added(_: object) -> None:
            self.say(self.tr("role %s added: tick what it may do") % name)
            self.role_code.clear()
            self.role_name.clear()
            self.refresh()

        self._run(lambda: self._data.add_role(code, name), added)

    def _show_roles(self, roles: list[Any]) -> None:
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

        self._run(lambda: self._data.set_role_permissions(role.code, chosen), saved)

    def add_user(self) -> None:
        username, name = self.new_username.text(), self.new_name.text()
        role, pin = self.new_role.currentText(), self.new_pin.text()

        def added(_: object) -> None:
            self.say(self.tr("%s added") % username)
            for field in (self.new_username, self.new_name, self.new_pin):
                field.clear()
            self.refresh()

        self._run(lambda: self._data.add_user(username, name, role, pin), added)

    # -- shifts ---------------------------------------------------------------------------------
    def _shifts_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        headers = ["Shift", "Cashier", "Opened", "Closed", "Z", "Expected", "Counted", "Over/short"]
        self.shifts_table = _table([self.tr(h) for h in headers])
        layout.addWidget(self.shifts_table, 1)
        save = QPushButton(self.tr("Save the chosen Z report as PDF…"))
        save.clicked.connect(self._ask_where_to_save)
        layout.addWidget(save, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _show_shifts(self, shifts: list[Any]) -> None:
        self._shifts = shifts

        def money(minor: int | None, currency: str) -> str:
            return "" if minor is None else format_money(Money(minor, currency), self._locale)

        _fill(
            self.shifts_table,
            [
                [
                    str(s.number),
                    s.cashier,
                    f"{s.opened_at:%Y-%m-%d %H:%M}",
                    f"{s.closed_at:%Y-%m-%d %H:%M}" if s.closed_at else self.tr("open"),
                    str(s.z_number or ""),
                    money(s.expected_minor, s.currency),
                    money(s.counted_minor, s.currency),
                    money(s.over_short_minor, s.currency),
                ]
                for s in shifts
            ],
        )

    def _ask_where_to_save(self) -> None:
        row = self.shifts_table.currentRow()
        if row < 0 or self._shifts[row].z_number is None:
            self.say(self.tr("choose a closed shift first"), error=True)
            return
        number = self._shifts[row].z_number
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save Z report"), f"z-report-{number}.pdf", "PDF (*.pdf)"
        )
        if target:
            self.save_z_pdf(number, Path(target))

    def save_z_pdf(self, number: int, target: Path) -> None:
        self._run(
            lambda: target.write_bytes(self._data.z_pdf(number)),
            lambda _: self.say(self.tr("Z report %s saved to %s") % (number, target)),
        )

    # -- journal --------------------------------------------------------------------------------
    def _journal_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.journal_table = _table(
            [self.tr("#"), self.tr("When"), self.tr("What"), self.tr("Detail")]
        )
        layout.addWidget(self.journal_table, 1)
        buttons = QHBoxLayout()
        verify = QPushButton(self.tr("Verify the chain"))
        verify.clicked.connect(self.verify_journal)
        export = QPushButton(self.tr("Export as JSON lines…"))
        export.clicked.connect(self._ask_where_to_export)
        buttons.addWidget(verify)
        buttons.addWidget(export)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _show_journal(self, rows: list[Any]) -> None:
        _fill(
            self.journal_table,
            [
                [str(r.seq), f"{r.at:%Y-%m-%d %H:%M:%S}", r.kind.replace("_", " "), r.summary]
                for r in rows
            ],
        )

    def verify_journal(self) -> None:
        self.say(self.tr("verifying…"))

        def verified(problems: list[str]) -> None:
            if problems:
                self.say(self.tr("BROKEN: %s") % problems[0], error=True)
            else:
                self.say(self.tr("the journal's chain holds"))

        self._run(self._data.verify_journal, verified)

    def _ask_where_to_export(self) -> None:
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the journal"), "journal.jsonl", "JSON lines (*.jsonl)"
        )
        if target:
            self.export_journal(Path(target))

    def export_journal(self, target: Path) -> None:
        self._run(
            lambda: self._data.export_journal(target),
            lambda count: self.say(self.tr("%s entries written to %s") % (count, target)),
        )

    # -- outbox -----------------------------------------------------------------------------------
    def _outbox_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.outbox_summary = QLabel("")
        self.outbox_summary.setObjectName("outbox-summary")
        self.outbox_summary.setWordWrap(True)
        layout.addWidget(self.outbox_summary)
        self.outbox_table = _table(
            [self.tr("Events"), self.tr("State"), self.tr("Attempts"), self.tr("Last error")]
        )
        layout.addWidget(self.outbox_table, 1)
        buttons = QHBoxLayout()
        for text, slot in (
            (self.tr("Refresh"), self.refresh),
            (self.tr("Send now"), self.send_now),
            (self.tr("Retry quarantined batches"), self.retry_quarantined),
            (self.tr("Export unsent events…"), self._ask_where_to_export_outbox),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        # What head office flagged (accepted, but odd) or refused of this store: asked for on
        # demand, since it needs the link and a refresh must work offline.
        flagged = QHBoxLayout()
        flagged.addWidget(QLabel(self.tr("Flagged at head office, this store:")))
        ask = QPushButton(self.tr("Ask head office"))
        ask.clicked.connect(self.ask_head_office_for_flags)
        flagged.addWidget(ask)
        flagged.addStretch(1)
        layout.addLayout(flagged)
        self.flags_table = _table(
            [self.tr("When"), self.tr("Till"), self.tr("State"), self.tr("What")]
        )
        layout.addWidget(self.flags_table, 1)
        return page

    def ask_head_office_for_flags(self) -> None:
        self._run(self._data.head_office_flags, self._show_flags)

    def _show_flags(self, flags: list[HeadOfficeFlag]) -> None:
        _fill(
            self.flags_table,
            [
                [
                    f"{flag.at.astimezone():%Y-%m-%d %H:%M}",
                    flag.till,
                    self.tr("open") if flag.open else self.tr("settled"),
                    flag.what,
                ]
                for flag in flags
            ],
        )
        self.say(self.tr("head office has %s flag(s) for this store") % len(flags))

    def _show_outbox(self, view: OutboxView) -> None:
        if view.head_office is None:
            where = self.tr("Not enrolled with head office: everything stays here until it is")
        else:
            where = self.tr("Head office: %s") % view.head_office
        parts = [where, self.tr("to send: %s event(s)") % f"{view.pending:,}"]
        if view.oldest_pending_at is not None and view.pending:
            parts.append(self.tr("oldest from %s") % f"{view.oldest_pending_at:%Y-%m-%d %H:%M}")
        if view.quarantined:
            parts.append(
                self.tr(
                    "%s batch(es) QUARANTINED: head office refused them; fix the cause, then retry"
                )
                % view.quarantined
            )
        if view.set_aside:
            parts.append(
                self.tr("%s record(s) from head office set aside, not applied (newest: %s)")
                % (view.set_aside, view.last_set_aside)
            )
        self.outbox_summary.setText(" · ".join(parts))
        trouble = view.quarantined or view.set_aside
        self.outbox_summary.setStyleSheet("color: #b00020;" if trouble else "")
        _fill(
            self.outbox_table,
            [
                [
                    f"{b.first_seq}–{b.last_seq}",
                    self.tr("quarantined") if b.state == "quarantined" else self.tr("sending"),
                    str(b.attempts),
                    b.last_error or "",
                ]
                for b in view.batches
            ],
        )

    def send_now(self) -> None:
        self.say(self.tr("sending…"))

        def sent(message: str) -> None:
            self.say(message, error=message.startswith("not sent"))
            self.refresh()

        self._run(self._data.sync_now, sent)

    def retry_quarantined(self) -> None:
        def released(count: int) -> None:
            self.say(self.tr("%s batch(es) will be sent again") % count)
            self.refresh()

        self._run(self._data.retry_quarantined, released)

    def _ask_where_to_export_outbox(self) -> None:
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export unsent events"), "unsent-events.jsonl", "JSON lines (*.jsonl)"
        )
        if target:
            self.export_outbox(Path(target))

    def export_outbox(self, target: Path) -> None:
        self._run(
            lambda: self._data.export_outbox(target),
            lambda count: self.say(self.tr("%s unsent events written to %s") % (count, target)),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._worker.stop()
        super().closeEvent(event)
