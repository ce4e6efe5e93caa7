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
    QFont,
    QFontDatabase,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.basket import SellableItem
from posapp.domain.catalogue import ProductRow, ScannedProduct
from posapp.domain.errors import DomainError, UnknownBarcode
from posapp.domain.money import Money
from posapp.domain.payment import Tender, exact_cash
from posapp.domain.permissions import Permission
from posapp.domain.quantity import Quantity
from posapp.domain.sale import SaleDocument
from posapp.domain.scan_codes import looks_like_code
from posapp.services.devices import CodeSource, DeviceError, DeviceSetup
from posapp.services.people import Approval
from posapp.services.selling import SaleCompleted, TillActions, as_text
from posapp.services.shop import BackOffice
from posapp.ui.back_office.window import BackOfficeWindow
from posapp.ui.db_worker import DbWorker
from posapp.ui.formatting import format_money
from posapp.ui.models.basket_table import BasketTableModel
from posapp.ui.presenters.payment import PaymentPresenter
from posapp.ui.presenters.sale import SalePresenter
from posapp.ui.till.entry_dialog import EntryDialog
from posapp.ui.till.payment_dialog import PaymentDialog
from posapp.ui.till.screen import OpenDialog
from posapp.ui.till.search_dialog import SearchDialog
from posapp.ui.till.supervision import Supervision
from posapp.ui.till.till_customers import TillCustomers
from posapp.ui.till.till_devices import TillDevices
from posapp.ui.till.till_flows import ParkingAndReturns
from posapp.ui.till.till_shifts import TillShifts
from posapp.ui.till.till_users import TillUsers
from posapp.ui.wedge_filter import accept_scans
from posapp.ui.workers import CatalogueWorker, start_worker_thread

KEYS = (
    ("F2", "Search"),
    ("F3", "Price check"),
    ("F4", "Quantity"),
    ("F5", "Discount"),
    ("Shift+F5", "Basket discount"),
    ("F6", "Return"),
    ("F7", "Price"),
    ("F8", "Park"),
    ("F9", "Recall"),
    ("F10", "Pay"),
    ("F11", "Reprint"),
    ("F12", "Exact cash"),
    ("Ctrl+O", "Open shift"),
    ("Ctrl+R", "X report"),
    ("Ctrl+L", "Close shift (Z)"),
    ("Ctrl+I", "Cash in/out"),
    ("Ctrl+U", "Switch user"),
    ("Ctrl+B", "Back office"),
    ("Ctrl+K", "Customer"),
    ("Ctrl+J", "Account payment"),
    ("Ctrl+N", "No sale"),
    ("Ctrl+D", "Devices"),
    ("Del", "Remove line"),
    ("Ctrl+Del", "Void sale"),
)


class TillWindow(ParkingAndReturns, TillDevices, TillShifts, TillUsers, TillCustomers, Supervision):
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

    # -- layout -----------------------------------------------------------------------------------
    def _build(self) -> None:
        till = self.presenter.till
        central = QWidget(self)
        outer = QVBoxLayout(central)
        top = QHBoxLayout()
        self.header = QLabel(f"{till.store_name} · {till.terminal_code} · {till.cashier_name}")
        top.addWidget(self.header)
        top.addStretch(1)
        outer.addLayout(top)

        self.scan_field = QLineEdit(central)
        self.scan_field.setObjectName("scan")
        accept_scans(self.scan_field)
        self.scan_field.setPlaceholderText(self.tr("Scan or type a barcode; type words to search"))
        self._grow(self.scan_field, 6)
        self.scan_field.setMinimumHeight(48)
        outer.addWidget(self.scan_field)

        self.message = QLabel(central)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        # A message never widens the window, however long a word in it (a 300-character scan).
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._grow(self.message, 2)
        outer.addWidget(self.message)

        body = QHBoxLayout()
        self.basket_model = BasketTableModel(self._locale)
        self.basket = QTableView(central)
        self.basket.setObjectName("basket")
        self.basket.setModel(self.basket_model)
        self.basket.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.basket.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.basket.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.basket.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the keyboard
        # Banded rows read better at arm's length than grid lines, and paint faster.
        self.basket.setShowGrid(False)
        self.basket.setAlternatingRowColors(True)
        self.basket.verticalHeader().hide()
        rows = self.basket.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no re-measuring on insert
        rows.setDefaultSectionSize(34)
        self._grow(self.basket, 2)
        # Fixed widths from the font, not ResizeToContents: measuring every cell on every scan
        # cost more than the rest of the scan put together.
        header = self.basket.horizontalHeader()
        metrics = self.basket.fontMetrics()
        samples = ("99", "", "99.999 kg", "9,999.99€", "−999.99€", "9,999.99€")
        for column, sample in enumerate(samples):
            if sample:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
                header.resizeSection(column, metrics.horizontalAdvance(sample) + 12)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.basket.clicked.connect(lambda index: self._select(index.row()))
        body.addWidget(self.basket, 1)

        side = QVBoxLayout()
        totals = QFormLayout()
        self.subtotal = QLabel()
        self.discount = QLabel()
        self.tax = QLabel()
        self.total = QLabel()
        self.total.setObjectName("total")
        for label in (self.subtotal, self.discount, self.tax):
            label.setAlignment(Qt.AlignmentFlag.AlignRight)
            self._grow(label, 2)
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._grow(self.total, 16, bold=True)
        self._total_points = self.total.font().pointSize()
        totals.addRow(self.tr("Subtotal"), self.subtotal)
        totals.addRow(self.tr("Discount"), self.discount)
        totals.addRow(self.tr("Tax"), self.tax)
        totals.addRow(self.tr("TOTAL"), self.total)
        self.change = QLabel()
        self.change.setObjectName("change")
        self.change.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._grow(self.change, 12, bold=True)
        self.change.setStyleSheet("color: #0d47a1;")
        totals.addRow(self.change)
        side.addLayout(totals)
        self.customer_label = QLabel("")
        self.customer_label.setObjectName("customer")
        side.addWidget(self.customer_label)
        side.addWidget(QLabel(self.tr("Last receipt")))
        self.receipt = QPlainTextEdit()
        self.receipt.setObjectName("receipt-preview")
        self.receipt.setReadOnly(True)
        self.receipt.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        receipt_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        receipt_font.setPointSize(max(7, receipt_font.pointSize() - 1))
        self.receipt.setFont(receipt_font)
        # A receipt line is a printed line: never wrapped, also once a scrollbar takes room.
        self.receipt.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        side.addWidget(self.receipt, 1)
        side_panel = QWidget(central)
        side_panel.setLayout(side)
        # Wide enough for a 42-column receipt and its scrollbar, no wider: the basket gets the
        # rest of the screen.
        receipt_width = self.receipt.fontMetrics().horizontalAdvance("M" * 42)
        scrollbar = self.receipt.verticalScrollBar().sizeHint().width()
        side_panel.setFixedWidth(receipt_width + scrollbar + 34)
        self._total_width = receipt_width + scrollbar - 60  # what the TOTAL amount may take
        body.addWidget(side_panel)
        outer.addLayout(body, 1)

        # Non-breaking spaces keep each key with its meaning when the legend wraps.
        self.keys = QLabel(
            "   ".join(
                f"<b>{key}</b>&nbsp;{self.tr(what).replace(' ', '&nbsp;')}" for key, what in KEYS
            )
        )
        self.keys.setWordWrap(True)
        self._grow(self.keys, 1)
        outer.addWidget(self.keys)
        self.setCentralWidget(central)
        self.scan_field.returnPressed.connect(self._enter)

    def _fit(self, label: QLabel, text: str) -> None:
        """Large, but never clipped: a long amount gets a smaller font until it fits."""
        font = QFont(label.font())
        size = self._total_points
        font.setPointSize(size)
        while size > 10 and QFontMetrics(font).horizontalAdvance(text) > self._total_width:
            size -= 2
            font.setPointSize(size)
        if font.pointSize() != label.font().pointSize():
            label.setFont(font)
        label.setText(text)

    @staticmethod
    def _grow(widget: QWidget, points: int, *, bold: bool = False) -> None:
        font = QFont(widget.font())
        font.setPointSize(font.pointSize() + points)
        font.setBold(bold)
        widget.setFont(font)

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
        self.basket_model.set_lines(totals.lines)
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

    # -- line and basket changes -------------------------------------------------------------
    def _ask(self, title: str, label: str, initial: str, apply: Callable[[str], bool]) -> None:
        dialog = EntryDialog(self, title=title, label=label, initial=initial)

        def submitted(typed: str) -> None:
            # A slot must return None: PySide6 mishandles a bool handed back from a slot.
            apply(typed)
            self._refresh()

        dialog.submitted.connect(submitted)
        self._present(dialog)

    def _present(self, dialog: QDialog) -> None:
        """Open `dialog` as the one the till's keys go to; they come back when it closes."""
        dialog.finished.connect(lambda _: self._closed(dialog))
        self.dialogs.current = dialog
        dialog.open()

    def _closed(self, dialog: object) -> None:
        if self.dialogs.current is dialog:
            self.dialogs.current = None
        self.activateWindow()  # the till's keys (F10, F12…) work again at once
        self.scan_field.setFocus()

    def _selected_line_or_say(self) -> bool:
        if self.presenter.selected_index() is None:
            self.presenter.refuse("choose a line first")
            self._refresh()
            return False
        return True

    def ask_quantity(self) -> None:
        if self._selected_line_or_say():
            line = self.presenter.basket.line(self.presenter.selected)  # type: ignore[arg-type]
            self._ask(
                self.tr("Quantity"),
                self.tr("Quantity of %s") % line.item.name,
                str(line.quantity),
                self.presenter.set_quantity,
            )

    def ask_discount(self, *, whole_basket: bool) -> None:
        if not whole_basket and not self._selected_line_or_say():
            return
        what = self.tr("the whole basket") if whole_basket else self.tr("this line")
        self._ask(
            self.tr("Discount"),
            self.tr("Discount on %s: 10%% or an amount like 2.50") % what,
            "",
            lambda typed: self._discount(typed, whole_basket=whole_basket),
        )

    def _discount(self, typed: str, *, whole_basket: bool) -> bool:
        """A discount within the shop's limit applies at once; above it, after a supervisor;
        below cost, after a manager."""

        def apply() -> None:
            self.presenter.discount(typed, whole_basket=whole_basket)
            self._refresh()

        def unless_below_cost() -> None:
            if self.presenter.below_cost_after_discount(typed, whole_basket=whole_basket):
                self.with_permission(
                    Permission.SALE_BELOW_COST, self.tr("Selling below cost"), apply
                )
            else:
                apply()

        if self.presenter.discount_above_limit(typed, whole_basket=whole_basket):
            self.with_permission(
                Permission.DISCOUNT_ABOVE_LIMIT,
                self.tr("A discount above %s %%") % self.presenter.till.discount_limit_percent,
                unless_below_cost,
            )
        else:
            unless_below_cost()
        return True

    def ask_price(self) -> None:
        if self._selected_line_or_say():
            self.with_permission(
                Permission.PRICE_OVERRIDE, self.tr("Changing a price"), self._ask_price_now
            )

    def _ask_price_now(self) -> None:
        if self._selected_line_or_say():
            line = self.presenter.basket.line(self.presenter.selected)  # type: ignore[arg-type]
            self._ask(
                self.tr("Price"),
                self.tr("New unit price of %s") % line.item.name,
                f"{line.unit_price.amount}",
                self._override_price,
            )

    def _override_price(self, typed: str) -> bool:
        if not self.presenter.below_cost_after_price(typed):
            return self.presenter.override_price(typed)

        def override() -> None:
            self.presenter.override_price(typed)
            self._refresh()

        self.with_permission(Permission.SALE_BELOW_COST, self.tr("Selling below cost"), override)
        return True

    def remove_line(self) -> None:
        self.presenter.remove_selected()
        self._refresh()

    def void(self) -> None:
        if not self.presenter.basket.is_empty():
            self.with_approval(Permission.VOID_SALE, self.tr("Voiding the sale"), self._void_now)

    def _void_now(self, approval: Approval | None = None) -> None:
        basket = self.presenter.basket
        # Journaled (lines and total) for the Z report's void count; the screen does not wait.
        self._db.submit(
            lambda: self._actions.record_void(basket, approval), lambda _: None, self._failed
        )
        self.presenter.void()
        self._refresh()

    # -- searching --------------------------------------------------------------------------------
    def open_search(self, *, selling: bool, text: str = "") -> None:
        self.dialogs.current = self.search_dialog
        self.search_dialog.open_for(selling=selling, text=text)

    # -- paying -----------------------------------------------------------------------------------
    def _after_scans_in_flight(self, action: Callable[[], None]) -> None:
        """Run `action` once every scan already typed has reached the basket: the database
        worker answers in order, so a no-op sent now comes back after them. (F10 pressed a
        moment after a scan took the total without it.)"""
        self._db.submit(lambda: None, lambda _: action(), self._failed)

    def open_payment(self) -> None:
        self._after_scans_in_flight(self._open_payment)

    def _open_payment(self) -> None:
        if self.presenter.basket.is_empty():
            self.presenter.refuse("the basket is empty")
            self._refresh()
            return
        till = self.presenter.till
        payment = PaymentPresenter(self.presenter.totals.total, till.cash_rounding)
        dialog = PaymentDialog(self, payment, self.tender_kinds(), self._locale)
        # The tenders as taken; checkout settles them again and records the change itself.
        dialog.paid.connect(lambda _settlement: self._commit(list(payment.tenders)))
        self._present(dialog)

    def pay_exact_cash(self) -> None:
        self._after_scans_in_flight(self._pay_exact_cash)

    def _pay_exact_cash(self) -> None:
        if self.presenter.basket.is_empty():
            self.presenter.refuse("the basket is empty")
            self._refresh()
            return
        till = self.presenter.till
        self._commit([exact_cash(self.presenter.totals.total, till.cash_rounding)])

    def _commit(self, tenders: list[Tender]) -> None:
        basket = self.presenter.basket

        def failed(error: Exception) -> None:
            if not self.sale_refused(error, tenders):
                self._failed(error)

        approvals = tuple(self.presenter.approvals)
        self._db.submit(
            lambda: self._actions.sell(basket, tenders, approvals=approvals), self._sold, failed
        )

    def _sold(self, result: SaleCompleted) -> None:
        self.presenter.completed(result.document, result.change)
        if result.change.minor:
            self.presenter.say(
                self.tr("%s completed · CHANGE %s")
                % (result.document.number, format_money(result.change, self._locale))
            )
        self._show_receipt()
        self._refresh()
        self.sale_completed.emit(result.document)
        self.print_receipt(result.document)

    # -- printing ---------------------------------------------------------------------------------
    def print_receipt(self, document: SaleDocument, *, copy: bool = False) -> None:
        """After the commit, never before: a printer failure costs a receipt, never a sale."""
        self._devices.submit(
            lambda: self._actions.print_receipt(document, copy=copy),
            lambda printed: self._printed(document, printed, copy),
            lambda error: self._print_failed(document, error),
        )

    def _printed(self, document: SaleDocument, printed: bool, copy: bool) -> None:
        if printed:
            self.printer_state(self.tr("printed %s") % document.number)
        if printed and copy:
            self.presenter.say(self.tr("copy of %s printed") % document.number)
            self._refresh()
        self.receipt_printed.emit(document, copy)

    def _print_failed(self, document: SaleDocument, error: Exception) -> None:
        self.printer_state(self.tr("NOT PRINTING (%s): F11 reprints") % error)
        self.presenter.refuse(
            self.tr("%s is saved but its receipt did not print (%s). F11 prints it again.")
            % (document.number, error)
        )
        self._refresh()
        self.printing_failed.emit(document)

    def reprint(self) -> None:
        document = self.presenter.last_document
        if document is None:
            self.presenter.refuse("no receipt to reprint yet")
            self._refresh()
            return
        self.print_receipt(document, copy=True)

    def _show_receipt(self) -> None:
        document = self.presenter.last_document
        if document is not None:
            self.receipt.setPlainText(as_text(self._actions.receipt(document)))

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
