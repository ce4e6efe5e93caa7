"""What the till window's parts share: its widgets, workers and presenter, and the few methods
each part calls on the others. The parts (shifts, devices, customers, users, parking and returns,
supervision) subclass this, and TillWindow joins them; so every shared name has one declared type
and mypy checks each part against it, not against `Any`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMainWindow, QPlainTextEdit

from posapp.domain.payment import Tender
from posapp.domain.sale import SaleDocument
from posapp.services.devices import CodeSource, DeviceSetup
from posapp.services.people import Approval
from posapp.services.selling import SaleCompleted, TillActions
from posapp.ui.db_worker import DbWorker
from posapp.ui.presenters.sale import SalePresenter


@dataclass
class OpenDialog:
    """The dialog currently open, so tests and the next key press can find it."""

    current: QDialog | None = None


class TillScreen(QMainWindow):
    basket_changed = Signal()  # after every redraw of the basket
    sale_completed = Signal(object)  # SaleDocument
    receipt_printed = Signal(object, bool)  # SaleDocument, copy
    printing_failed = Signal(object)  # SaleDocument
    ready = Signal()

    # Made by TillWindow.__init__ and its layout.
    presenter: SalePresenter
    dialogs: OpenDialog
    scanner: CodeSource | None
    setup: DeviceSetup | None
    header: QLabel
    scan_field: QLineEdit
    customer_label: QLabel
    receipt: QPlainTextEdit
    _actions: TillActions
    _db: DbWorker  # every query and commit
    _devices: DbWorker  # printing and device I/O: a printer that is off never delays a scan
    _locale: QLocale

    # Provided by TillWindow and its parts (each named once here, so every part may call it).
    def _refresh(self) -> None:
        raise NotImplementedError

    def _failed(self, error: Exception) -> None:
        raise NotImplementedError

    def _present(self, dialog: QDialog) -> None:
        raise NotImplementedError

    def _closed(self, dialog: object) -> None:
        raise NotImplementedError

    def _ask(self, title: str, label: str, initial: str, apply: Callable[[str], bool]) -> None:
        raise NotImplementedError

    def _enter(self) -> None:
        raise NotImplementedError

    def _select(self, row: int) -> None:
        raise NotImplementedError

    def tender_kinds(self) -> tuple[str, ...]:
        raise NotImplementedError

    def sale_refused(self, error: Exception, tenders: list[Tender]) -> bool:
        raise NotImplementedError

    def printer_state(self, state: str) -> None:
        raise NotImplementedError

    def scan(self, code: str) -> None:
        raise NotImplementedError

    def print_receipt(self, document: SaleDocument, *, copy: bool = False) -> None:
        raise NotImplementedError

    def _sold(self, result: SaleCompleted) -> None:
        raise NotImplementedError

    def _show_receipt(self) -> None:
        raise NotImplementedError

    def close_when_confirmed(self) -> None:
        raise NotImplementedError

    def with_permission(self, permission: str, what: str, then: Callable[[], None]) -> None:
        raise NotImplementedError

    def with_approval(
        self, permission: str, what: str, then: Callable[[Approval | None], None]
    ) -> None:
        raise NotImplementedError
