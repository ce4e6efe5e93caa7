"""Headless trading: ring up realistic sales through exactly the services the till screen uses.

What benchmarks, demos and crash tests run. Deterministic for a seed apart from ids and clock."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from posapp.domain.basket import Basket
from posapp.domain.cash_count import count_of
from posapp.domain.customers import CustomerRef
from posapp.domain.discount import Discount, DiscountKind
from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.domain.payment import CARD, CASH, Tender
from posapp.domain.quantity import Quantity
from posapp.domain.sale import SaleDocument
from posapp.services.selling.receipts import PrinterUnavailable
from posapp.services.selling.returns import ORIGINAL_TENDER
from posapp.services.selling.till_actions import TillActions

_NOTES = (500, 1000, 2000, 5000, 10000)  # minor units: the notes customers hand over
_FLOAT_MINOR = 20000  # the opening float a simulated cashier counts


@dataclass(frozen=True)
class SimulationReport:
    sales: int
    returns: int
    lines: int
    seconds: float
    printed: int = 0
    not_printed: int = 0  # the printer refused: the sale stands, as at the till
    z_number: int | None = None  # the Z report that closed the simulated shift

    @property
    def sales_per_second(self) -> float:
        return self.sales / self.seconds if self.seconds else 0.0


@dataclass
class Simulator:
    """Drives `actions` — the object the till window submits to its DB worker — so simulated
    sales go through exactly the same use cases as a cashier's."""

    actions: TillActions
    barcodes: Sequence[str]
    seed: int = 1
    print_receipts: bool = False  # `simulate --print`: every receipt to the configured printer
    # Customers a simulated cashier attaches to some baskets (their own draw: the baskets of a
    # seed stay the same with or without them).
    customers: Sequence[CustomerRef] = ()

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._customer_rng = random.Random(self.seed + 1)
        self._recent: list[SaleDocument] = []
        self.printed = self.not_printed = 0

    def ring_basket(self) -> Basket:
        rng = self._rng
        till = self.actions.till
        basket = till.new_basket()
        if self.customers and self._customer_rng.random() < 0.3:
            basket = basket.with_customer(self._customer_rng.choice(self.customers))
        for _ in range(min(1 + int(rng.expovariate(1 / 4)), 25)):
            try:
                found = self.actions.scan(rng.choice(self.barcodes))
                item = till.sellable(found.product)
            except DomainError:
                continue  # archived or unpriced since sampled: the cashier puts it aside
            if item.weighed:
                quantity = Quantity(Decimal(rng.randint(100, 2500)).scaleb(-3))
            else:
                quantity = found.pack_quantity * Quantity.of(rng.choice((1, 1, 1, 1, 2, 3)))
            basket = basket.add(item, quantity, line_id=self.actions.new_id())
            if rng.random() < 0.04:
                basket = basket.discount_line(
                    basket.lines[-1].line_id, Discount(DiscountKind.PERCENT, percent=Decimal(10))
                )
        if rng.random() < 0.03 and not basket.is_empty():
            basket = basket.discount_all(Discount(DiscountKind.PERCENT, percent=Decimal(5)))
        return basket

    def tenders_for(self, due: Money) -> list[Tender]:
        rng = self._rng
        roll = rng.random()
        if roll < 0.3 or due.is_zero():
            return [Tender(CASH, self.actions.till.cash_rounding.apply(due))] if due.minor else []
        if roll < 0.6:
            note = next((n for n in _NOTES if n >= due.minor), due.minor + 1000)
            return [Tender(CASH, Money(note, due.currency))]
        if roll < 0.9 or due.minor < 200:
            return [Tender(CARD, due, f"SIM{rng.randint(100000, 999999)}")]
        card = Money(due.minor // 2, due.currency)
        return [Tender(CARD, card, "SIM-SPLIT"), Tender(CASH, due - card)]

    def sell_one(self) -> int:
        basket = self.ring_basket()
        if basket.is_empty():
            return 0
        if self._rng.random() < 0.02:  # the customer forgot something: park, then recall
            basket = self.actions.recall(self.actions.park(basket, "sim"))
        tenders = self.tenders_for(basket.totals().total)
        if not tenders:
            return 0
        sold = self.actions.sell(basket, tenders)
        self._recent = [*self._recent[-49:], sold.document]
        if self.print_receipts:
            self._print(sold.document)
        return len(basket.lines)

    def _print(self, document: SaleDocument) -> None:
        try:
            self.actions.print_receipt(document)
        except PrinterUnavailable:
            self.not_printed += 1
        else:
            self.printed += 1

    def return_one(self) -> bool:
        if not self._recent:
            return False
        sale = self._rng.choice(self._recent)
        line = self._rng.choice(sale.lines)
        quantity = Quantity.of(1) if line.quantity.is_whole() else line.quantity
        try:
            self.actions.refund(sale.number, [(line.line_id, quantity)], ORIGINAL_TENDER)
        except DomainError:
            return False  # already returned: the cashier says so and moves on
        return True

    # -- the shift around the sales ---------------------------------------------------------
    def open_shift_if_needed(self) -> bool:
        """Open a shift with a float unless one is open; whether it was opened here."""
        if self.actions.current_shift() is not None:
            return False
        currency = self.actions.till.currency
        self.actions.open_shift(count_of(Money(_FLOAT_MINOR, currency)))
        return True

    def move_cash(self) -> None:
        currency = self.actions.till.currency
        if self._rng.random() < 0.5:
            self.actions.cash_movement("cash_in", Money(2000, currency), "change from the safe")
        else:
            self.actions.cash_movement("drop", Money(10000, currency), "drop to the safe")

    def close_shift(self) -> int | None:
        """Count the drawer as a careful cashier would: what the X report expects, now and then
        a coin off (within the shop's tolerance)."""
        expected = self.actions.x_report().payload["cash"]["expected"]
        slip = self._rng.choice((0, 0, 0, 0, 10, -10, 50))
        counted = Money(max(0, expected + slip), self.actions.till.currency)
        return self.actions.close_shift(count_of(counted)).number

    def run(
        self,
        sales: int,
        progress: Callable[[int], None] = lambda done: None,
        *,
        close_shift: bool | None = None,
    ) -> SimulationReport:
        """Open a shift if none is open, ring up `sales` (with returns and cash in/out), then
        close the shift with a count (its Z report); sales/s covers the selling alone.

        By default only a shift the simulation opened itself is closed: a shift someone already
        had open (a real cashier's) is left open. `close_shift=True` closes it regardless."""
        opened_here = self.open_shift_if_needed()
        if close_shift is None:
            close_shift = opened_here
        started = time.perf_counter()
        done = returns = lines = 0
        while done < sales:
            added = self.sell_one()
            if added:
                done += 1
                lines += added
                progress(done)
            if self._rng.random() < 0.05 and self.return_one():
                returns += 1
            if self._rng.random() < 0.01:
                self.move_cash()
        elapsed = time.perf_counter() - started
        z_number = self.close_shift() if close_shift else None
        return SimulationReport(
            done, returns, lines, elapsed, self.printed, self.not_printed, z_number
        )
