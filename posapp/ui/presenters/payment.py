"""Screen logic of the payment dialog, without Qt: tenders taken so far, what is left, change."""

from __future__ import annotations

from dataclasses import dataclass, field

from posapp.domain.currency import minor_unit_exponent
from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.domain.payment import CASH, CashRounding, Settlement, Tender, settle

NOTES = (5, 10, 20, 50, 100, 200)  # major units: what customers hand over, for quick-cash keys


@dataclass
class PaymentPresenter:
    due: Money
    rounding: CashRounding
    tenders: list[Tender] = field(default_factory=list)
    message: str = ""
    is_error: bool = False

    def payable(self) -> Money:
        """Cash-only payments are rounded (if the shop rounds cash); any card makes it exact."""
        if all(t.is_cash for t in self.tenders):
            return self.rounding.apply(self.due)
        return self.due

    def taken(self) -> Money:
        return Money(sum(t.amount.minor for t in self.tenders), self.due.currency)

    def remaining(self) -> Money:
        return self.payable() - self.taken()

    def add(self, kind: str, typed: str, reference: str | None = None) -> bool:
        """Take `typed` (blank means: whatever is left) in `kind`."""
        try:
            amount = Money.parse(typed, self.due.currency) if typed.strip() else None
        except DomainError as error:
            return self._refuse(str(error))
        if amount is None:
            amount = self.remaining() if kind != CASH else self.rounding.apply(self.remaining())
        return self.add_amount(kind, amount, reference)

    def add_amount(self, kind: str, amount: Money, reference: str | None = None) -> bool:
        if amount.minor <= 0:
            return self._refuse(f"{kind} amount must be more than 0, got {amount}")
        if kind != CASH and amount > self.remaining():
            return self._refuse(
                f"{kind} cannot pay more than the {self.remaining()} left; only cash gives change"
            )
        self.tenders.append(Tender(kind, amount, reference or None))
        self.message, self.is_error = f"{kind} {amount} taken", False
        return True

    def undo_last(self) -> None:
        if self.tenders:
            self.tenders.pop()
            self.message, self.is_error = "last tender removed", False

    def settlement(self) -> Settlement | None:
        """The settlement once the tenders cover what is due; None while something is left."""
        if not self.tenders or self.remaining().minor > 0:
            return None
        try:
            return settle(self.due, self.tenders, self.rounding)
        except DomainError as error:
            self._refuse(str(error))
            return None

    def quick_cash(self) -> list[Money]:
        """The exact amount, then the notes that would cover what is left."""
        left = self.rounding.apply(self.remaining())
        if left.minor <= 0:
            return []
        scale = 10 ** minor_unit_exponent(self.due.currency)
        notes = [Money(n * scale, self.due.currency) for n in NOTES if n * scale > left.minor]
        return [left, *notes[:4]]

    def _refuse(self, reason: str) -> bool:
        self.message, self.is_error = reason[:1].upper() + reason[1:], True
        return False
