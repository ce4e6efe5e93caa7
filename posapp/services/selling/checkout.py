"""Checkout: a sale is durable before anything is printed or the drawer opens.

One write transaction holds the document, its lines and tenders, the stock movements, the journal
entry and the outbox event. Either all of it is on disk or none of it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from posapp.domain.basket import Basket
from posapp.domain.customers import CustomerRef
from posapp.domain.errors import DomainError
from posapp.domain.money import Money, sum_money
from posapp.domain.payment import ACCOUNT, Tender, settle
from posapp.domain.permissions import Permission
from posapp.domain.sale import DocumentHeader, DocumentKind, SaleDocument, build_sale
from posapp.services.people import Approval, approval_for, permits, require_permission
from posapp.services.shared import (
    Clock,
    DocumentCodec,
    IdFactory,
    NoOpenShift,
    StockMovement,
    TillContext,
    UnitOfWork,
)


@dataclass(frozen=True)
class SaleCompleted:
    document: SaleDocument
    change: Money


def new_header(
    uow: UnitOfWork, till: TillContext, clock: Clock, new_id: IdFactory
) -> DocumentHeader:
    return DocumentHeader(
        id=new_id(),
        number=uow.sales.next_number(till.series),
        store_id=till.store_id,
        terminal_code=till.terminal_code,
        location_id=till.location_id,
        cashier_id=till.cashier_id,
        created_at=clock.now(),
    )


def record_document(
    uow: UnitOfWork,
    doc: SaleDocument,
    *,
    codec: DocumentCodec,
    new_id: IdFactory,
    drawer: str = "",
) -> None:
    """Write a completed sale or return with its stock movements, journal entry and outbox
    event, in the caller's transaction. Refused (NoOpenShift) when no shift is open: every
    document belongs to the shift whose Z report will count it."""
    shift_id = uow.shifts.open_shift_id(doc.terminal_code, drawer)
    if shift_id is None:
        raise NoOpenShift()
    uow.sales.add(doc, shift_id=shift_id)
    reason = "SALE" if doc.kind is DocumentKind.SALE else "RETURN"
    uow.stock.record(
        [
            StockMovement(
                id=new_id(),
                product_id=line.product_id,
                location_id=doc.location_id,
                # A sale takes goods out (the line's quantity is positive); a return puts them back.
                quantity_milli=-line.quantity.thousandths,
                reason=reason,
                created_at=doc.created_at,
                sale_id=doc.id,
                sale_line_id=line.line_id,
            )
            for line in doc.lines
        ]
    )
    payload = codec(doc)
    kind = doc.kind.value.lower()
    uow.journal.append(
        entry_id=new_id(), kind=kind, document_id=doc.id, payload=payload, at=doc.created_at
    )
    uow.outbox.append(
        event_id=new_id(),
        kind=f"{kind}.completed",
        aggregate_id=doc.id,
        payload=payload,
        at=doc.created_at,
    )


def post_to_account(
    uow: UnitOfWork,
    doc: SaleDocument,
    *,
    till: TillContext,
    new_id: IdFactory,
    reference: str | None = None,
) -> Money:
    """The part of `doc` paid on account as a receivable entry of its customer, in the caller's
    transaction: a sale raises what they owe, a refund to the account lowers it."""
    on_account = sum_money((t.amount for t in doc.tenders if t.kind == ACCOUNT), doc.currency)
    if on_account.minor:
        if doc.customer_id is None:
            raise DomainError("only a customer's document can go on account: attach one first")
        uow.customers.add_entry(
            entry_id=new_id(),
            customer_id=doc.customer_id,
            kind=doc.kind.value,
            amount=on_account,
            document_id=doc.id,
            reference=reference,
            terminal_code=till.terminal_code,
            at=doc.created_at,
        )
    return on_account


_WHAT = {
    Permission.PRICE_OVERRIDE: "a changed price",
    Permission.DISCOUNT_ABOVE_LIMIT: "a discount above the shop's limit",
    Permission.SALE_BELOW_COST: "selling below cost",
}


def complete_sale(
    uow: UnitOfWork,
    *,
    basket: Basket,
    tenders: Sequence[Tender],
    till: TillContext,
    clock: Clock,
    new_id: IdFactory,
    codec: DocumentCodec,
    approvals: Sequence[Approval] = (),
) -> SaleCompleted:
    """Check the payment, then commit the sale. Nothing is written if anything is refused.

    A part paid on account is checked against the customer's credit limit inside the write
    transaction (no other till can spend the same headroom meanwhile) and recorded as a
    receivable entry with the sale. Beyond the limit only a cashier whose role allows it, or a
    supervisor's verified approval, may go (CreditLimitExceeded otherwise). A changed price, a
    discount above the shop's limit or a sale below cost likewise needs the role or one of
    `approvals` (ApprovalRequired otherwise), however the basket was made."""
    basket.require_lines()
    for action in sorted(
        basket.approvals_needed(discount_limit_percent=till.discount_limit_percent)
    ):
        require_permission(till, action, approval_for(action, approvals), what=_WHAT[action])
    approval = approval_for(Permission.CREDIT_OVER_LIMIT, approvals)
    totals = basket.totals()
    settlement = settle(totals.total, tenders, till.cash_rounding)
    on_account = sum_money(
        (t.amount for t in settlement.tenders if t.kind == ACCOUNT), totals.total.currency
    )
    customer = basket.customer
    if on_account.minor and customer is None:
        raise DomainError("a sale on account needs a customer: attach one first")
    with uow:
        reference = None  # on the receivable entry: who allowed going over the limit
        if on_account.minor:
            assert customer is not None
            reference = _check_credit(uow, customer, on_account, till=till, approval=approval)
        doc = build_sale(
            new_header(uow, till, clock, new_id),
            totals,
            settlement,
            price_mode=basket.price_mode,
            customer_id=None if customer is None else customer.id,
        )
        record_document(uow, doc, codec=codec, new_id=new_id, drawer=till.drawer)
        post_to_account(uow, doc, till=till, new_id=new_id, reference=reference)
        uow.commit()
    return SaleCompleted(document=doc, change=settlement.change)


def _check_credit(
    uow: UnitOfWork,
    customer: CustomerRef,
    on_account: Money,
    *,
    till: TillContext,
    approval: Approval | None,
) -> str | None:
    """Refuse a part on account beyond the customer's credit limit unless the cashier's role or
    the supervisor's approval allows it; who allowed it, when the sale goes over."""
    account = uow.customers.account(customer.id)
    if account is None:
        raise DomainError(f"customer {customer.code} is not known here")
    over_limit_allowed = permits(till, Permission.CREDIT_OVER_LIMIT, approval)
    account.check_on_account(on_account, over_limit_allowed=over_limit_allowed)
    if account.credit_limit is None or account.balance + on_account <= account.credit_limit:
        return None
    if till.may(Permission.CREDIT_OVER_LIMIT):
        return f"over limit: {till.cashier_name}"
    return f"over limit: {approval.supervisor_name if approval is not None else ''}"
