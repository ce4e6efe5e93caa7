"""The till's use cases bound to one node: what the window submits to the DB worker thread.

Each method is one service call; none touches Qt, so they run safely on the worker thread."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from posapp.domain.basket import Basket
from posapp.domain.cash_count import CashCount
from posapp.domain.catalogue import ScannedProduct
from posapp.domain.customers import CustomerAccount
from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.domain.payment import Tender
from posapp.domain.permissions import Permission
from posapp.domain.quantity import Quantity
from posapp.domain.sale import SaleDocument
from posapp.services import cash, partners, people
from posapp.services.catalogue import scan_barcode
from posapp.services.devices import CustomerDisplay, DeviceError, Scale
from posapp.services.selling import checkout, parking, returns
from posapp.services.selling.receipts import (
    WIDTH_80MM,
    ReceiptLayout,
    ReceiptPrinter,
    receipt_layout,
    shift_report_layout,
    test_page_layout,
)
from posapp.services.shared import (
    CatalogueReader,
    Clock,
    DocumentCodec,
    IdFactory,
    OpenShift,
    ParkedSale,
    TillContext,
    UnitOfWork,
)


@dataclass(frozen=True)
class TillActions:
    unit_of_work: Callable[[], UnitOfWork]
    catalogue: CatalogueReader
    till: TillContext
    clock: Clock
    new_id: IdFactory
    codec: DocumentCodec
    printer: ReceiptPrinter | None = None
    scale: Scale | None = None
    display: CustomerDisplay | None = None
    backup: Callable[[str], object] | None = None  # a copy of the store, taken at every Z

    def scan(self, code: str) -> ScannedProduct:
        return scan_barcode(
            self.catalogue,
            code=code,
            rules=self.till.weight_rules,
            today=self.clock.now().date(),
        )

    def sell(
        self,
        basket: Basket,
        tenders: Sequence[Tender],
        *,
        approvals: Sequence[people.Approval] = (),
    ) -> checkout.SaleCompleted:
        return checkout.complete_sale(
            self.unit_of_work(),
            basket=basket,
            tenders=tenders,
            till=self.till,
            clock=self.clock,
            new_id=self.new_id,
            codec=self.codec,
            approvals=approvals,
        )

    def take_account_payment(
        self, customer_id: uuid.UUID, amount: Money, tender: str, reference: str
    ) -> Money:
        """A customer pays off their account at this till; cash goes into the drawer. Returns
        what they owe afterwards."""
        return partners.receive_payment(
            self.unit_of_work(),
            customer_id=customer_id,
            amount=amount,
            reference=reference,
            terminal_code=self.till.terminal_code,
            by=self.till.cashier_name,
            clock=self.clock,
            new_id=self.new_id,
            tender=tender,
            drawer=self.till,
        )

    def find_customer(self, typed: str) -> CustomerAccount:
        """The one customer with this code, or the only one whose name or code contains what
        was typed; otherwise a message saying how many matched."""
        with self.unit_of_work() as uow:
            exact = uow.customers.id_of_code(typed.strip())
            found = [exact] if exact else [ref.id for ref in uow.customers.search(typed, 6)]
            if len(found) != 1:
                if not found:
                    raise DomainError(f"no customer matches {typed.strip()!r}")
                names = ", ".join(ref.name for ref in uow.customers.search(typed, 3))
                raise DomainError(
                    f"several customers match {typed.strip()!r} ({names}…): type more"
                )
            account = uow.customers.account(found[0])
        assert account is not None
        return account

    def park(self, basket: Basket, label: str) -> uuid.UUID:
        return parking.park_basket(
            self.unit_of_work(), basket=basket, label=label, clock=self.clock, new_id=self.new_id
        )

    def parked(self) -> list[ParkedSale]:
        return parking.parked_baskets(self.unit_of_work())

    def recall(self, parked_id: uuid.UUID) -> Basket:
        return parking.recall_basket(self.unit_of_work(), parked_id=parked_id)

    def find_sale(self, number: str) -> returns.ReturnableSale:
        return returns.find_returnable(self.unit_of_work(), number=number, series=self.till.series)

    def recent_receipts(self) -> list[returns.RecentReceipt]:
        return returns.recent_receipts(self.unit_of_work(), series=self.till.series)

    def refund(
        self, number: str, selection: Sequence[tuple[uuid.UUID, Quantity]], refund_to: str
    ) -> returns.ReturnCompleted:
        return returns.complete_return(
            self.unit_of_work(),
            number=number,
            selection=selection,
            refund_to=refund_to,
            till=self.till,
            clock=self.clock,
            new_id=self.new_id,
            codec=self.codec,
        )

    def refund_without_receipt(
        self, basket: Basket, refund_to: str, approval: people.Approval | None = None
    ) -> returns.ReturnCompleted:
        return returns.complete_unreceipted_return(
            self.unit_of_work(),
            basket=basket,
            refund_to=refund_to,
            till=self.till,
            clock=self.clock,
            new_id=self.new_id,
            codec=self.codec,
            approval=approval,
        )

    def print_receipt(self, doc: SaleDocument, *, copy: bool = False) -> bool:
        """Print `doc` (already committed); False when no printer is configured. Raises
        PrinterUnavailable when the printer does not take it."""
        if self.printer is None:
            return False
        self.printer.print_receipt(self.receipt(doc, copy=copy, width=self.printer.columns))
        return True

    # -- shifts -------------------------------------------------------------------------------
    def current_shift(self) -> OpenShift | None:
        with self.unit_of_work() as uow:
            return uow.shifts.current(self.till.terminal_code, self.till.drawer)

    def open_shift(self, count: CashCount) -> OpenShift:
        return cash.open_shift(
            self.unit_of_work(), count=count, till=self.till, clock=self.clock, new_id=self.new_id
        )

    def cash_movement(
        self,
        kind: str,
        amount: Money,
        reason: str,
        approval: people.Approval | None = None,
    ) -> None:
        cash.cash_movement(
            self.unit_of_work(),
            kind=kind,
            amount=amount,
            reason=reason,
            till=self.till,
            clock=self.clock,
            new_id=self.new_id,
            approval=approval,
        )

    def x_report(self) -> cash.ShiftReport:
        return cash.x_report(self.unit_of_work(), till=self.till, clock=self.clock)

    def close_shift(self, count: CashCount, *, manager_pin: str | None = None) -> cash.ShiftReport:
        """The Z report. Beyond the over/short tolerance a manager's PIN approves the count
        (journaled as an override); without it, OverShortNeedsApproval and nothing closes."""
        approval = None
        if manager_pin is not None:
            approval = self.approve(Permission.APPROVE_OVER_SHORT, manager_pin, "count over/short")
        report = cash.close_shift(
            self.unit_of_work(),
            count=count,
            till=self.till,
            clock=self.clock,
            new_id=self.new_id,
            tolerance=Money(self.till.over_short_tolerance_minor, self.till.currency),
            approval=approval,
        )
        if self.backup is not None:
            self.backup(f"z{report.number}-{self.till.terminal_code}")
        return report

    def print_shift_report(self, report: cash.ShiftReport) -> bool:
        if self.printer is None:
            return False
        self.printer.print_receipt(shift_report_layout(report, width=self.printer.columns))
        return True

    def record_void(self, basket: Basket, approval: people.Approval | None = None) -> None:
        cash.record_void(
            self.unit_of_work(),
            basket=basket,
            till=self.till,
            clock=self.clock,
            new_id=self.new_id,
            approval=approval,
        )

    def sign_in_required(self) -> bool:
        """Once anyone has a PIN the till starts locked: whoever sells must say who they are."""
        with self.unit_of_work() as uow:
            return any(user.pin_hash for user in uow.users.all())

    def sign_in(self, pin: str) -> TillActions:
        """These actions as the user with this PIN (the window then uses the result)."""
        till = people.sign_in(
            self.unit_of_work(), pin=pin, till=self.till, clock=self.clock, new_id=self.new_id
        )
        return replace(self, till=till)

    def approve(self, action: str, pin: str, reason: str) -> people.Approval:
        """A supervisor's PIN for an action the cashier may not do alone (journaled)."""
        return people.approve(
            self.unit_of_work(),
            action=action,
            pin=pin,
            reason=reason,
            till=self.till,
            clock=self.clock,
            new_id=self.new_id,
        )

    def open_drawer(self, reason: str, approval: people.Approval | None = None) -> None:
        """No sale: journal the reason, then kick the drawer (DeviceError if there is none)."""
        if self.printer is None:
            raise DeviceError("no receipt printer is set up, so there is no drawer to open")
        cash.record_no_sale(
            self.unit_of_work(),
            reason=reason,
            till=self.till,
            clock=self.clock,
            new_id=self.new_id,
            approval=approval,
        )
        self.printer.open_drawer()

    def weigh(self) -> Quantity:
        """A stable weight from the scale; DeviceError when there is none to ask."""
        if self.scale is None:
            raise DeviceError("no scale is set up: type the weight")
        return self.scale.read_weight()

    def show_customer(self, top: str, bottom: str) -> None:
        if self.display is not None:
            self.display.show(top, bottom)

    def print_test_page(self) -> None:
        if self.printer is None:
            raise DeviceError("no receipt printer is set up")
        self.printer.print_receipt(
            test_page_layout(
                store_name=self.till.store_name,
                printer=self.printer.name,
                width=self.printer.columns,
                now=self.clock.now(),
                time_zone=self.till.time_zone,
            )
        )

    def receipt(
        self, doc: SaleDocument, *, copy: bool = False, width: int = WIDTH_80MM
    ) -> ReceiptLayout:
        """The receipt of `doc` as this till prints it (and shows it in the preview)."""
        return receipt_layout(
            doc,
            store_name=self.till.store_name,
            cashier=self.till.cashier_name,
            width=width,
            copy=copy,
            header=self.till.receipt_header,
            footer=self.till.receipt_footer,
            time_zone=self.till.time_zone,
        )
