"""Paying and printing at the till: the payment dialog (F10, Enter), exact cash (F12), the sale's
commit on the DB worker, then the receipt on the device worker (a printer that fails costs a
receipt, never a sale), and reprints (F11). A part of TillWindow."""

from __future__ import annotations

from collections.abc import Callable

from posapp.domain.payment import Tender, exact_cash
from posapp.domain.sale import SaleDocument
from posapp.services.selling import SaleCompleted, as_text
from posapp.ui.formatting import format_money
from posapp.ui.presenters.payment import PaymentPresenter
from posapp.ui.till.payment_dialog import PaymentDialog
from posapp.ui.till.screen import TillScreen


class Paying(TillScreen):
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
