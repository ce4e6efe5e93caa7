"""A customer at the till (Ctrl+K): attach one by code or name, see what they owe and may still
buy on account, and pay on account (a tender in the payment dialog). Beyond the credit limit the
sale is refused unless a manager approves it. Ctrl+J takes a payment towards what they owe
(cash goes into the drawer). A mixin of TillWindow; lookups run on the DB worker."""

from __future__ import annotations

from dataclasses import replace

from posapp.domain.customers import CreditLimitExceeded, CustomerAccount
from posapp.domain.money import Money
from posapp.domain.payment import Tender
from posapp.domain.permissions import Permission
from posapp.services.people import Approval, ApprovalRequired
from posapp.ui.formatting import format_money
from posapp.ui.till.cash_movement_dialog import CashMovementDialog
from posapp.ui.till.entry_dialog import EntryDialog
from posapp.ui.till.screen import TillScreen


class TillCustomers(TillScreen):
    account: CustomerAccount | None = None

    def ask_customer(self) -> None:
        dialog = EntryDialog(
            self,
            title=self.tr("Customer"),
            label=self.tr("Customer code or name (empty: none)"),
            initial="",
        )
        dialog.submitted.connect(self._find_customer)
        self._present(dialog)

    def _find_customer(self, typed: str) -> None:
        if not typed.strip():
            self.attach_customer(None)
            return
        self._db.submit(
            lambda: self._actions.find_customer(typed), self.attach_customer, self._failed
        )

    def attach_customer(self, account: CustomerAccount | None) -> None:
        """Attach `account` (None detaches): the basket is priced again for their group."""
        if self.presenter.set_customer(None if account is None else account.ref):
            self.account = account
        self._show_customer()
        self._refresh()

    def _show_customer(self) -> None:
        account = self.account if self.presenter.basket.customer is not None else None
        if account is None:
            self.customer_label.setText("")
            return

        def money(amount: Money) -> str:
            return format_money(amount, self._locale)

        parts = [
            f"<b>{account.ref.name}</b> ({account.ref.code})",
            self.tr("owes %s") % money(account.balance),
        ]
        if account.available is not None:
            parts.append(self.tr("may buy %s on account") % money(account.available))
        self.customer_label.setText("<br>".join(parts))  # one fact a line: nothing is cut off

    def tender_kinds(self) -> tuple[str, ...]:
        kinds = self.presenter.till.tender_kinds
        account = self.account if self.presenter.basket.customer is not None else None
        if account is not None and account.credit_limit is not None:
            return (*kinds, "account")
        return kinds

    def take_account_payment(self) -> None:
        account = self.account if self.presenter.basket.customer is not None else None
        if account is None:
            self.presenter.refuse(self.tr("attach the customer first (Ctrl+K)"))
            self._refresh()
            return
        kinds = tuple((kind, kind) for kind in self.presenter.till.tender_kinds)
        dialog = CashMovementDialog(
            self,
            currency=self.presenter.till.currency,
            kinds=kinds,
            what="Tender",
            title=self.tr("Payment on account: %s") % account.ref.name,
            reason=("Reference", "e.g. invoice 1042"),
        )

        def paid(balance: Money) -> None:
            dialog.accept()
            self.account = replace(account, balance=balance)
            self.presenter.say(
                self.tr("payment received; %s now owes %s")
                % (account.ref.name, format_money(balance, self._locale))
            )
            self._show_customer()
            self._refresh()

        def submitted(tender: str, amount: Money, reference: str) -> None:
            self._db.submit(
                lambda: self._actions.take_account_payment(
                    account.ref.id, amount, tender, reference
                ),
                paid,
                lambda error: dialog.refused(str(error)),
            )

        dialog.submitted.connect(submitted)
        self._present(dialog)

    def sale_refused(self, error: Exception, tenders: list[Tender]) -> bool:
        """A sale the use case refused until a supervisor approves it (over the credit limit; a
        changed price or a discount in a recalled basket): asked, then sold again with the
        approval. True when handled."""
        if isinstance(error, CreditLimitExceeded):
            action: str = Permission.CREDIT_OVER_LIMIT
            what = self.tr("Selling over the credit limit")
        elif isinstance(error, ApprovalRequired):
            action, what = error.action, str(error)
        else:
            return False
        basket = self.presenter.basket
        self.presenter.refuse(str(error))
        self._refresh()

        def sell_again(_approval: Approval | None) -> None:
            approvals = tuple(self.presenter.approvals)
            self._db.submit(
                lambda: self._actions.sell(basket, tenders, approvals=approvals),
                self._sold,
                lambda again: None if self.sale_refused(again, tenders) else self._failed(again),
            )

        self.with_approval(action, what, sell_again)
        return True
