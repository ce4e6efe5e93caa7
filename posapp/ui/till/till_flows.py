"""The till's park/recall and returns flows: each opens a dialog, runs the use case on the DB
worker and shows the outcome. A mixin of TillWindow, kept apart so the window stays about the
basket and the sale; it uses the window's worker, presenter and helpers."""

from __future__ import annotations

from posapp.domain.basket import Basket
from posapp.domain.permissions import Permission
from posapp.services.people import Approval
from posapp.services.selling import ReturnCompleted
from posapp.services.shared import ParkedSale
from posapp.ui.formatting import format_money
from posapp.ui.till.recall_dialog import RecallDialog
from posapp.ui.till.return_dialog import ReturnDialog
from posapp.ui.till.screen import TillScreen


class ParkingAndReturns(TillScreen):
    # -- parking ----------------------------------------------------------------------------------
    def park(self) -> None:
        basket = self.presenter.basket
        if basket.is_empty():
            self.presenter.refuse("nothing to park")
            self._refresh()
            return
        label = basket.lines[0].item.name
        self._db.submit(lambda: self._actions.park(basket, label), self._parked, self._failed)

    def _parked(self, _parked_id: object) -> None:
        self.presenter.void()
        self.presenter.say(self.tr("sale parked — F9 recalls it"))
        self._refresh()

    def open_recall(self) -> None:
        if not self.presenter.basket.is_empty():
            self.presenter.refuse("finish or park the current sale first")
            self._refresh()
            return
        self._db.submit(self._actions.parked, self._show_parked, self._failed)

    def _show_parked(self, parked: list[ParkedSale]) -> None:
        if not parked:
            self.presenter.refuse("no parked sales")
            self._refresh()
            return
        dialog = RecallDialog(self, parked)
        dialog.chosen.connect(
            lambda parked_id: self._db.submit(
                lambda: self._actions.recall(parked_id), self._recalled, self._failed
            )
        )
        self._present(dialog)

    def _recalled(self, basket: Basket) -> None:
        self.presenter.replace_basket(basket, self.tr("parked sale recalled"))
        self._refresh()

    # -- returns ----------------------------------------------------------------------------------
    def open_returns(self) -> None:
        dialog = ReturnDialog(self, basket_has_items=not self.presenter.basket.is_empty())
        time_zone = self.presenter.till.time_zone
        self._db.submit(
            self._actions.recent_receipts,
            lambda receipts: dialog.show_recent(receipts, time_zone),
            lambda error: dialog.say(str(error), error=True),
        )
        dialog.lookup_requested.connect(
            lambda number: self._db.submit(
                lambda: self._actions.find_sale(number),
                dialog.show_sale,
                lambda error: dialog.say(str(error), error=True),
            )
        )
        dialog.refund_requested.connect(
            lambda number, selection, refund_to: self._db.submit(
                lambda: self._actions.refund(number, selection, refund_to),
                lambda done: self._returned(dialog, done),
                lambda error: dialog.say(str(error), error=True),
            )
        )
        basket = self.presenter.basket

        def refund_without_receipt(refund_to: str, approval: Approval | None) -> None:
            self._db.submit(
                lambda: self._actions.refund_without_receipt(basket, refund_to, approval),
                lambda done: self._returned(dialog, done),
                lambda error: dialog.say(str(error), error=True),
            )

        dialog.no_receipt_requested.connect(
            lambda refund_to: self.with_approval(
                Permission.RETURN_WITHOUT_RECEIPT,
                self.tr("A return without a receipt"),
                lambda approval: refund_without_receipt(refund_to, approval),
            )
        )
        self._present(dialog)

    def _returned(self, dialog: ReturnDialog, done: ReturnCompleted) -> None:
        dialog.accept()
        # Without a receipt, the basket's items were what went back.
        self.presenter.refunded(
            done.document, done.refund, basket_went_back=bool(done.document.flags)
        )
        self.presenter.say(
            self.tr("%s: refund %s")
            % (done.document.number, format_money(done.refund, self._locale))
        )
        self._show_receipt()
        self._refresh()
        self.sale_completed.emit(done.document)
        self.print_receipt(done.document)
