"""Returns at the till: against a receipt this terminal can find offline, or without one."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from posapp.domain.basket import Basket
from posapp.domain.errors import NotReturnable, UnknownDocument
from posapp.domain.money import Money
from posapp.domain.payment import CASH, Settlement, Tender, settle
from posapp.domain.permissions import Permission
from posapp.domain.quantity import Quantity
from posapp.domain.returns import ReturnableLine, build_return, build_unreceipted_return
from posapp.domain.returns import returnable_lines as returnable_lines_of
from posapp.domain.sale import SaleDocument
from posapp.services.people import Approval, require_permission
from posapp.services.selling.checkout import new_header, post_to_account, record_document
from posapp.services.shared import Clock, DocumentCodec, IdFactory, TillContext, UnitOfWork

ORIGINAL_TENDER = "original"


@dataclass(frozen=True)
class ReturnCompleted:
    document: SaleDocument
    refund: Money  # positive: what the customer gets back


@dataclass(frozen=True)
class ReturnableSale:
    sale: SaleDocument
    lines: tuple[ReturnableLine, ...]


def full_number(typed: str, series: str) -> str:
    """A receipt number as stored: `42` typed at till S01-T01 is S01-T01-000042."""
    cleaned = typed.strip().upper()
    if cleaned.isdigit() and len(cleaned) <= 6:
        return f"{series}-{int(cleaned):06d}"
    return cleaned


def find_returnable(uow: UnitOfWork, *, number: str, series: str = "") -> ReturnableSale:
    """The sale behind a scanned or typed receipt number (the short number of one of this
    till's receipts will do), with what is left to return."""
    cleaned = full_number(number, series) if series else number.strip().upper()
    with uow:
        sale = uow.sales.get_by_number(cleaned)
        if sale is None:
            raise UnknownDocument(cleaned)
        lines = returnable_lines_of(sale, uow.sales.returned_so_far(sale.id))
    return ReturnableSale(sale, lines)


@dataclass(frozen=True)
class RecentReceipt:
    number: str
    at: datetime
    total: Money


def recent_receipts(uow: UnitOfWork, *, series: str, limit: int = 20) -> list[RecentReceipt]:
    """This till's newest sales, newest first: what a customer back at the counter bought."""
    with uow:
        return [
            RecentReceipt(number, at, total)
            for number, at, total in uow.sales.recent_sales(series, limit)
        ]


def _refund_settler(
    refund_to: str, sale: SaleDocument | None, till: TillContext
) -> Callable[[Money], Settlement]:
    """How the refund is paid: in cash, or back to the sale's own main tender."""

    def settle_refund(total: Money) -> Settlement:
        kind = CASH
        if refund_to == ORIGINAL_TENDER and sale is not None:
            paid = [t for t in sale.tenders if t.amount.minor > 0]
            kind = max(paid, key=lambda t: t.amount.minor).kind if paid else CASH
        elif refund_to != ORIGINAL_TENDER:
            kind = refund_to
        amount = till.cash_rounding.apply(total) if kind == CASH else total
        return settle(total, [Tender(kind, amount)], till.cash_rounding)

    return settle_refund


def complete_return(
    uow: UnitOfWork,
    *,
    number: str,
    selection: Sequence[tuple[uuid.UUID, Quantity]],
    refund_to: str,
    till: TillContext,
    clock: Clock,
    new_id: IdFactory,
    codec: DocumentCodec,
) -> ReturnCompleted:
    """Return `selection` (original line, quantity) of sale `number`, refunded to the original
    tender (`ORIGINAL_TENDER`) or to a named tender such as cash. Goods go back on hand."""
    with uow:
        sale = uow.sales.get_by_number(number.strip().upper())
        if sale is None:
            raise UnknownDocument(number)
        if sale.terminal_code != till.terminal_code or sale.store_id != till.store_id:
            raise NotReturnable(f"{sale.number} was sold elsewhere")
        doc = build_return(
            new_header(uow, till, clock, new_id),
            sale,
            uow.sales.returned_so_far(sale.id),
            selection,
            _refund_settler(refund_to, sale, till),
            new_id=new_id,
            tax_rounding=till.tax_rounding,
        )
        record_document(uow, doc, codec=codec, new_id=new_id, drawer=till.drawer)
        post_to_account(uow, doc, till=till, new_id=new_id, reference=f"return of {sale.number}")
        uow.commit()
    return ReturnCompleted(doc, -doc.paid)


def complete_unreceipted_return(
    uow: UnitOfWork,
    *,
    basket: Basket,
    refund_to: str,
    till: TillContext,
    clock: Clock,
    new_id: IdFactory,
    codec: DocumentCodec,
    approval: Approval | None = None,
) -> ReturnCompleted:
    """Goods back without a receipt: refunded at today's price, flagged for review. A cashier
    whose role lacks it needs a supervisor's approval (ApprovalRequired)."""
    require_permission(
        till, Permission.RETURN_WITHOUT_RECEIPT, approval, what="a return without a receipt"
    )
    basket.require_lines()
    totals = basket.totals()
    with uow:
        doc = build_unreceipted_return(
            new_header(uow, till, clock, new_id),
            totals,
            _refund_settler(refund_to, None, till),
            price_mode=basket.price_mode,
        )
        record_document(uow, doc, codec=codec, new_id=new_id, drawer=till.drawer)
        post_to_account(uow, doc, till=till, new_id=new_id)  # refused: no customer to credit
        uow.commit()
    return ReturnCompleted(doc, -doc.paid)
