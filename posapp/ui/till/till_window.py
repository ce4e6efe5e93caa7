"""The sale screen: keyboard-first, usable by touch, never waiting on the database.

Layout and signal wiring live here; screen logic is in `SalePresenter`; every query and commit runs
on the DB worker (sales) or the catalogue worker (search) thread.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QLocale, QObject, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QDialog,
    QMessageBox,
)

from posapp.domain.basket import SellableItem
from posapp.domain.catalogue import ProductRow, ScannedProduct
from posapp.domain.errors import DomainError, UnknownBarcode
from posapp.domain.money import Money
from posapp.domain.permissions import Permission
from posapp.domain.quantity import Quantity
from posapp.domain.scan_codes import looks_like_code
from posapp.services.costing import till_margin
from posapp.services.devices import CodeSource, DeviceError, DeviceSetup
from posapp.services.people import Approval
from posapp.services.selling import TillActions
from posapp.services.shop import BackOffice
from posapp.ui.back_office.window import BackOfficeWindow
from posapp.ui.db_worker import DbWorker
from posapp.ui.formatting import format_money
from posapp.ui.presenters.sale import SalePresenter
from posapp.ui.till.screen import OpenDialog
from posapp.ui.till.search_dialog import SearchDialog
from posapp.ui.till.supervision import Supervision
from posapp.ui.till.till_customers import TillCustomers
from posapp.ui.till.till_devices import TillDevices
from posapp.ui.till.till_flows import ParkingAndReturns
from posapp.ui.till.till_layout import TillLayout
from posapp.ui.till.till_lines import LineChanges
from posapp.ui.till.till_paying import Paying
from posapp.ui.till.till_shifts import TillShifts
from posapp.ui.till.till_users import TillUsers
from posapp.ui.workers import CatalogueWorker, start_worker_thread


class TillWindow(
    TillLayout,
    LineChanges,
    Paying,
    ParkingAndReturns,
    TillDevices,
    TillShifts,
    TillUsers,
    TillCustomers,
    Supervision,
):
    """The sale screen, joined from its parts (TillScreen declares what they share)."""

    _close_confirmed = False  # the person already said yes to closing with a shift open

    def __init__(
        self,
        *,
        actions: TillActions,
        presenter: SalePresenter,
        catalogue_worker: CatalogueWorker,
        scanner: CodeSource | None = None,
        setup: DeviceSetup | None = None,
        back_office: Callable[[uuid.UUID], BackOffice] | None = None,
        problems: tuple[str, ...] = (),
        training: bool = False,
        sync_status: Callable[[], str] | None = None,
    ) -> None:
        super().__init__()
        self._actions = actions
        self.scanner = scanner
        self.setup = setup
        self.back_office_data = back_office
        self.presenter = presenter
        self._db = DbWorker()
        # Printing gets a thread of its own: a printer that is off must not delay the next scan.
        self._devices = DbWorker("device-worker")
        self._catalogue_worker = catalogue_worker
        self._catalogue_thread = start_worker_thread(catalogue_worker, "catalogue-worker")
        self._locale = QLocale()
        self.dialogs = OpenDialog()
        till = presenter.till
        self.setWindowTitle(f"posapp — {till.store_name} · {till.terminal_code}")
        self._build()
        self._build_status_bar(problems, training)
        self._start_sync_status(sync_status)
        self._bind_keys()
        self._start_scanner()
        self._start_auto_lock()
        self.search_dialog = SearchDialog(self, catalogue_worker)
        self.search_dialog.chosen.connect(self._product_chosen)
        self._refresh()
        # The shift check goes first: its answer is drawn before `ready`, so whoever waits for
        # ready sees the till as it will stay.
        self.check_shift()
        self._db.submit(
            self._actions.sign_in_required, lambda yes: self.lock() if yes else None, self._failed
        )
        self._db.submit(lambda: None, self._became_ready, self._failed)

    def _became_ready(self, _nothing: object) -> None:
        self.ready.emit()

    def _bind_keys(self) -> None:
        bindings: list[tuple[Qt.Key | QKeySequence, Callable[[], None]]] = [
            (Qt.Key.Key_F2, lambda: self.open_search(selling=True)),
            (Qt.Key.Key_F3, lambda: self.open_search(selling=False)),
            (Qt.Key.Key_F4, self.ask_quantity),
            (Qt.Key.Key_F5, lambda: self.ask_discount(whole_basket=False)),
            (QKeySequence("Shift+F5"), lambda: self.ask_discount(whole_basket=True)),
            (Qt.Key.Key_F6, self.open_returns),
            (Qt.Key.Key_F7, self.ask_price),
            (Qt.Key.Key_F8, self.park),
            (Qt.Key.Key_F9, self.open_recall),
            (Qt.Key.Key_F10, self.open_payment),
            (Qt.Key.Key_F11, self.reprint),
            (Qt.Key.Key_F12, self.pay_exact_cash),
            (QKeySequence("Ctrl+O"), self.open_shift),
            # Not Ctrl+X / Ctrl+Shift+Z: the scan field keeps cut and redo for itself.
            (QKeySequence("Ctrl+R"), self.x_report),
            (QKeySequence("Ctrl+L"), self.close_shift),
            (QKeySequence("Ctrl+I"), self.cash_in_out),
            (QKeySequence("Ctrl+U"), self.switch_user),
            (QKeySequence("Ctrl+B"), self.open_back_office),
            (QKeySequence("Ctrl+K"), self.ask_customer),
            (QKeySequence("Ctrl+J"), self.take_account_payment),
            (QKeySequence("Ctrl+N"), self.no_sale),
            (QKeySequence("Ctrl+D"), self.open_device_settings),
            (Qt.Key.Key_Up, lambda: self._move(-1)),
            (Qt.Key.Key_Down, lambda: self._move(1)),
        ]
        for key, action in bindings:
            QShortcut(QKeySequence(key), self).activated.connect(action)
        self._till_keys = {QKeySequence(key).toString() for key, _ in bindings}
        # The scan field would take Del and Ctrl+Del itself (delete a character or a word), so an
        # empty scan field hands them to the basket instead.
        self.scan_field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A line edit claims some till keys for editing (on Linux, Ctrl+U deletes the line): the
        # till's own keys win over the scan field, so every shortcut works whatever text it holds.
        if (
            watched is self.scan_field
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and QKeySequence(event.keyCombination()).toString() in self._till_keys
        ):
            event.ignore()
            return True
        if (
            watched is self.scan_field
            and event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and not self.scan_field.text()
        ):
            if event.type() == QEvent.Type.KeyPress:
                if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    self.void()
                else:
                    self.remove_line()
            return True
        return super().eventFilter(watched, event)

    # -- showing state ----------------------------------------------------------------------------
    def _refresh(self) -> None:
        presenter = self.presenter
        totals = presenter.totals
        margin = till_margin(presenter.till, totals)
        self.basket_model.set_lines(totals.lines, None if margin is None else margin.lines)
        index = presenter.selected_index()
        if index is not None:
            self.basket.selectRow(index)
            self.basket.scrollTo(self.basket_model.index(index, 0))
        else:
            self.basket.clearSelection()  # else a blank row stays lit after the sale
            if presenter.basket.is_empty():
                self.basket.scrollToTop()  # a long basket's scroll position ends with the sale

        def money(amount: Money) -> str:
            return format_money(amount, self._locale)

        self.subtotal.setText(money(totals.subtotal))
        self.discount.setText(f"−{money(totals.discount)}" if totals.discount.minor else "")
        self.tax.setText(money(totals.tax))
        self._fit(self.total, money(totals.total))
        self._show_margin(margin)
        idle = presenter.basket.is_empty()
        last_change, last_refund = presenter.last_change, presenter.last_refund
        if idle and last_refund is not None and last_refund.minor:
            self.change.setText(self.tr("REFUND %s") % money(last_refund))
        elif idle and last_change is not None and last_change.minor:
            self.change.setText(self.tr("CHANGE %s") % money(last_change))
        else:
            self.change.setText("")
        self.message.setText(presenter.message)
        style = "color: #b00020;" if presenter.is_error else "color: #1b5e20;"
        if self.message.styleSheet() != style:  # restyling re-polishes: only when it changes
            self.message.setStyleSheet(style)
        self.scan_field.setFocus()
        self._update_customer_display()
        self._show_customer()
        self.basket_changed.emit()

    def _failed(self, error: Exception) -> None:
        if isinstance(error, (DomainError, DeviceError)):
            self.presenter.refuse(str(error))
        else:  # a bug or a broken disk: say so plainly; the basket is untouched
            self.presenter.refuse(f"could not complete: {error}")
        self._refresh()

    def _select(self, row: int) -> None:
        self.presenter.select(row)
        self._refresh()

    def _move(self, step: int) -> None:
        index = self.presenter.selected_index()
        self._select((index if index is not None else -1) + step)

    # -- scanning and adding -----------------------------------------------------------------
    def _enter(self) -> None:
        typed = self.scan_field.text().strip()
        self.scan_field.clear()
        if not typed:
            self.open_payment()  # Enter on an empty scan field: pay
        elif looks_like_code(typed):
            self.scan(typed)
        elif " " not in typed:
            # One word may be a code all the same (10124A, POST): an exact SKU or barcode sells
            # the product; anything else is words to search for.
            self._db.submit(
                lambda: self._actions.scan(typed),
                self._scanned,
                lambda error: self._not_a_code(typed, error),
            )
        else:
            self.open_search(selling=True, text=typed)

    def _not_a_code(self, typed: str, error: Exception) -> None:
        if isinstance(error, UnknownBarcode):
            self.open_search(selling=True, text=typed)
        else:
            self._failed(error)

    def scan(self, code: str) -> None:
        self._db.submit(lambda: self._actions.scan(code), self._scanned, self._failed)

    def _scanned(self, found: ScannedProduct) -> None:
        item = self._sellable(found.product)
        if item is None:
            return
        if found.weight is not None:  # a scale label or GS1 net weight: already weighed
            self.presenter.add(item, found.weight)
        elif found.label_price is not None:  # a price label: the label's price is charged
            self.presenter.add(replace(item, price=found.label_price), Quantity.of(1))
        else:
            self._add_item(item, found.pack_quantity)
            return
        self._refresh()

    def _product_chosen(self, product: ProductRow) -> None:
        # Search results come without their price lists and promotions: fetch them first.
        self._db.submit(
            lambda: self._actions.catalogue.with_pricing(product), self._priced_chosen, self._failed
        )

    def _priced_chosen(self, product: ProductRow) -> None:
        item = self._sellable(product)
        if item is not None:
            self._add_item(item, Quantity.of(1))

    def _sellable(self, product: ProductRow) -> SellableItem | None:
        try:
            return self.presenter.till.sellable(product)
        except DomainError as error:
            self._failed(error)
            return None

    def _add_item(self, item: SellableItem, quantity: Quantity) -> None:
        if item.weighed:
            self._weigh_and_add(item)
            return
        self.presenter.add(item, quantity)
        self._refresh()

    # -- searching --------------------------------------------------------------------------------
    def open_search(self, *, selling: bool, text: str = "") -> None:
        self.dialogs.current = self.search_dialog
        self.search_dialog.open_for(selling=selling, text=text)

    # -- back office ------------------------------------------------------------------------------
    def open_back_office(self) -> None:
        """People, shifts and Z reports, the journal: for a manager (a cashier needs one's PIN)."""
        if self.back_office_data is None:
            self.presenter.refuse("the back office is not available here")
            self._refresh()
            return
        self.with_approval(
            Permission.VIEW_REPORTS, self.tr("The back office"), self._open_back_office_as
        )

    def _open_back_office_as(self, approval: Approval | None) -> None:
        """As the supervisor who approved, or the cashier whose role allows it: the changes made
        there are theirs, checked against their role."""
        assert self.back_office_data is not None
        open_as = self.back_office_data
        person = (
            self.presenter.till.cashier_id
            if approval is None
            else uuid.UUID(approval.supervisor_id)
        )
        self._db.submit(lambda: open_as(person), self._show_back_office, self._failed)

    def _show_back_office(self, data: BackOffice) -> None:
        self.back_office_window = BackOfficeWindow(data, self._locale)
        self.back_office_window.resize(1100, 720)
        self.back_office_window.show()

    # -- closing ----------------------------------------------------------------------------------
    def close_when_confirmed(self) -> None:
        """Close the till as a person asked to (the lock screen's button)."""
        if self.may_close():
            self._close_confirmed = True
            self.close()

    def may_close(self) -> bool:
        """Whether the person closing the till still wants to while a shift is open."""
        shift = self._actions.current_shift()
        if shift is None:
            return True
        self.close_warning = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Close the till?"),
            self.tr(
                "Shift %s is still open: its cash has not been counted (Ctrl+L closes it with "
                "the Z report). Close the till anyway? The shift stays open for the next start."
            )
            % shift.number,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        self.close_warning.setDefaultButton(QMessageBox.StandardButton.No)
        return self.close_warning.exec() == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: QCloseEvent) -> None:
        # A person closing the window (its close button, Alt+F4) is asked while a shift is open;
        # the application closing it (SIGTERM, a test) is not: nobody is there to answer.
        if event.spontaneous() and not self._close_confirmed and not self.may_close():
            event.ignore()
            return
        self._stop_scanner()
        # A dialog still open (device settings, a supervisor's PIN) is finished first: one with
        # a worker thread of its own stops it then, rather than be destroyed with it running
        # (Qt aborts the process).
        if isinstance(self.dialogs.current, QDialog) and self.dialogs.current.isVisible():
            self.dialogs.current.reject()
        self._db.stop()
        self._devices.stop()
        self._catalogue_thread.quit()
        self._catalogue_thread.wait(5000)
        super().closeEvent(event)
