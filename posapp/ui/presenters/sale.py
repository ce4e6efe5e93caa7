"""Screen logic of the sale screen, without Qt.

Every change goes through the immutable basket: when the domain refuses one (a quantity of 0, a
discount over 100 %), the presenter keeps the basket it had and shows the reason. The window does
the I/O (through the DB worker) and hands results here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from posapp.domain.basket import Basket, BasketTotals, SellableItem
from posapp.domain.customers import CustomerRef
from posapp.domain.discount import Discount
from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.domain.quantity import Quantity
from posapp.domain.sale import SaleDocument
from posapp.services.people import Approval
from posapp.services.shared import TillContext


@dataclass
class SalePresenter:
    till: TillContext
    new_id: Callable[[], uuid.UUID]
    basket: Basket = field(init=False)
    selected: uuid.UUID | None = None
    message: str = ""
    is_error: bool = False
    last_document: SaleDocument | None = None
    last_change: Money | None = None
    last_refund: Money | None = None  # what the last return paid out: shown large, like change
    # Supervisors' approvals given while this basket was rung up: the sale carries them to the
    # use case, which checks each rule itself.
    approvals: list[Approval] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.basket = self.till.new_basket()

    # -- what the screen shows -------------------------------------------------------------------
    @property
    def totals(self) -> BasketTotals:
        return self.basket.totals()

    def selected_index(self) -> int | None:
        for index, line in enumerate(self.basket.lines):
            if line.line_id == self.selected:
                return index
        return None

    # -- changes --------------------------------------------------------------------------------
    def _change(self, make: Callable[[], Basket], success: str) -> bool:
        try:
            changed = make()
            changed.totals()  # a basket that cannot be priced is refused here, not at payment
        except DomainError as error:
            return self.refuse(str(error))
        self.basket = changed
        self.say(success)
        return True

    def say(self, text: str) -> None:
        self.message, self.is_error = text, False

    def refuse(self, reason: str) -> bool:
        self.message, self.is_error = reason[:1].upper() + reason[1:], True
        return False

    def select(self, index: int) -> None:
        if 0 <= index < len(self.basket.lines):
            self.selected = self.basket.lines[index].line_id

    def _selected_line(self) -> uuid.UUID | None:
        if self.selected is None or self.selected_index() is None:
            self.refuse("choose a line first")
            return None
        return self.selected

    def set_customer(self, customer: CustomerRef | None) -> bool:
        """Attach (None: detach) a customer; every line is priced again for their group."""
        name = customer.name if customer else ""
        return self._change(
            lambda: self.basket.with_customer(customer),
            f"customer: {name}" if customer else "no customer",
        )

    def add(self, item: SellableItem, quantity: Quantity) -> bool:
        line_id = self.new_id()
        before = {line.line_id for line in self.basket.lines}

        def added() -> Basket:
            return self.basket.add(item, quantity, line_id=line_id)

        if not self._change(added, f"{item.name} × {quantity}"):
            return False
        changed = [line for line in self.basket.lines if line.line_id not in before]
        self.selected = changed[0].line_id if changed else self._line_of(item)
        return True

    def _line_of(self, item: SellableItem) -> uuid.UUID | None:
        for line in self.basket.lines:
            if line.item.product_id == item.product_id:
                return line.line_id
        return None

    def add_weighed(self, item: SellableItem, typed_kg: str) -> bool:
        try:
            weight = Quantity.parse(typed_kg)
        except DomainError as error:
            return self.refuse(str(error))
        return self.add(item, weight)

    def set_quantity(self, typed: str) -> bool:
        line_id = self._selected_line()
        if line_id is None:
            return False
        try:
            quantity = Quantity.parse(typed)
        except DomainError as error:
            return self.refuse(str(error))
        return self._change(
            lambda: self.basket.set_quantity(line_id, quantity), f"quantity {quantity}"
        )

    def discount_above_limit(self, typed: str, *, whole_basket: bool) -> bool:
        """Whether this discount (as typed) takes off more than the till's limit of what it
        applies to; unreadable input is not above it (discount() will say what is wrong)."""
        try:
            discount = Discount.parse(typed, self.till.currency) if typed.strip() else None
        except DomainError:
            return False
        if discount is None:
            return False
        if whole_basket:
            base = self.totals.subtotal
        else:
            index = self.selected_index()
            if index is None:
                return False
            base = self.totals.lines[index].gross
        try:
            return discount.takes_more_than(self.till.discount_limit_percent, of=base)
        except DomainError:
            return False  # more than the line is worth: discount() refuses it with the reason

    def discount(self, typed: str, *, whole_basket: bool) -> bool:
        try:
            discount = Discount.parse(typed, self.till.currency) if typed.strip() else None
        except DomainError as error:
            return self.refuse(str(error))
        if whole_basket:
            return self._change(
                lambda: self.basket.discount_all(discount),
                f"basket discount {discount or 'removed'}",
            )
        line_id = self._selected_line()
        if line_id is None:
            return False
        return self._change(
            lambda: self.basket.discount_line(line_id, discount),
            f"line discount {discount or 'removed'}",
        )

    def below_cost_after_price(self, typed: str) -> bool:
        """Whether this new unit price would sell the chosen line below its cost."""
        line_id = self.selected
        try:
            price = Money.parse(typed, self.till.currency)
            trial = self.basket.override_price(line_id, price) if line_id else None
        except DomainError:
            return False  # override_price() says what is wrong
        return trial is not None and trial.sells_below_cost()

    def below_cost_after_discount(self, typed: str, *, whole_basket: bool) -> bool:
        try:
            discount = Discount.parse(typed, self.till.currency) if typed.strip() else None
            if whole_basket:
                trial = self.basket.discount_all(discount)
            elif self.selected is not None:
                trial = self.basket.discount_line(self.selected, discount)
            else:
                return False
        except DomainError:
            return False
        return trial.sells_below_cost()

    def override_price(self, typed: str) -> bool:
        line_id = self._selected_line()
        if line_id is None:
            return False
        try:
            price = Money.parse(typed, self.till.currency)
        except DomainError as error:
            return self.refuse(str(error))
        return self._change(lambda: self.basket.override_price(line_id, price), f"price {price}")

    def remove_selected(self) -> bool:
        line_id = self._selected_line()
        if line_id is None:
            return False
        index = self.selected_index() or 0
        if not self._change(lambda: self.basket.remove(line_id), "line removed"):
            return False
        self.select(min(index, len(self.basket.lines) - 1))
        return True

    def void(self) -> None:
        self.basket, self.selected = self.till.new_basket(), None
        self.approvals.clear()
        self.say("sale voided")

    def refunded(self, document: SaleDocument, refund: Money, *, basket_went_back: bool) -> None:
        """A return is done: its refund replaces the last sale's change on screen."""
        if basket_went_back:
            self.basket, self.selected = self.till.new_basket(), None
            self.approvals.clear()
        self.last_document, self.last_change, self.last_refund = document, None, refund

    def replace_basket(self, basket: Basket, note: str) -> None:
        self.basket = basket
        self.approvals.clear()  # a recalled basket is approved again where it needs it
        self.selected = basket.lines[-1].line_id if basket.lines else None
        self.say(note)

    def completed(self, document: SaleDocument, change: Money | None) -> None:
        self.last_document, self.last_change, self.last_refund = document, change, None
        self.basket, self.selected = self.till.new_basket(), None
        self.approvals.clear()
        self.say(f"{document.number} completed")
