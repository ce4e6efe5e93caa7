"""Changing the basket's lines at the till: quantity (F4), discount (F5, Shift+F5 for the basket),
price (F7), removing a line and voiding the sale, each asking a supervisor where the cashier's
role does not allow it. A part of TillWindow."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
)

from posapp.domain.permissions import Permission
from posapp.services.people import Approval
from posapp.ui.till.entry_dialog import EntryDialog
from posapp.ui.till.screen import TillScreen


class LineChanges(TillScreen):
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
