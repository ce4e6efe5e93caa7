"""Paying suppliers: a payment from one of the shop's named accounts against one or several of
a supplier's posted bills (the oldest first when none are named); what is paid beyond them
stays on account. A supplier's balance is the sum of its payable entries; ageing says, as of
any day, how late what was still open then was."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from posapp.domain.numbers import MAX_AMOUNT_MINOR
from posapp.domain.payables import BUCKETS, BillRefused, Payment, bucket
from posapp.domain.stock import DocumentType
from posapp.services.shared import Clock, FieldError, IdFactory, UnitOfWork, journal_event
from posapp.services.stock.drafts import require
from posapp.services.stock.sharing import share_payment


@dataclass(frozen=True)
class AgeingRow:
    supplier_id: uuid.UUID
    buckets: dict[str, int]  # BUCKETS → open amount
    credit_minor: int  # returns and payments on account (negative: owed back to the shop)

    @property
    def total_minor(self) -> int:
        return sum(self.buckets.values()) + self.credit_minor


def pay_supplier(
    uow: UnitOfWork,
    *,
    supplier_code: str,
    account: str,
    amount_minor: int,
    bill_numbers: Sequence[str],
    paid_at: datetime | None,
    reference: str | None,
    terminal_code: str,
    clock: Clock,
    new_id: IdFactory,
) -> str:
    """Record a payment; its number. The named bills are paid in the order given, each up to
    what is open of it; BillRefused when a named bill is not this supplier's open bill."""
    now = clock.now()
    paid_at = paid_at or now
    with uow:
        workflow = uow.stock_documents.workflow(DocumentType.SUPPLIER_BILL)
        by = require(uow, workflow.transition(workflow.first, "posted"), DocumentType.SUPPLIER_BILL)
        supplier_id = _checked(uow, supplier_code, account, amount_minor)
        allocations = _allocate(uow, supplier_id, amount_minor, bill_numbers, paid_at)
        payment = Payment(
            id=new_id(),
            number=uow.stock_documents.next_number("PAY", terminal_code),
            supplier_id=supplier_id,
            account=account,
            amount_minor=amount_minor,
            paid_at=paid_at,
            reference=(reference or "").strip()[:100] or None,
            by=by,
            allocations=allocations,
        )
        payment_id, number = payment.id, payment.number
        uow.payables.add_payment(payment, now)
        share_payment(uow, payment, now=now, new_id=new_id)
        uow.payables.add_entry(
            new_id(),
            supplier_id=supplier_id,
            kind="PAYMENT",
            amount_minor=-amount_minor,
            business_at=paid_at,
            payment_id=payment_id,
            at=now,
        )
        journal_event(
            uow,
            "supplier_paid",
            {"number": number, "supplier": supplier_code, "amount": amount_minor, "by": by},
            at=now,
            new_id=new_id,
        )
        uow.commit()
    return number


def _checked(uow: UnitOfWork, supplier_code: str, account: str, amount_minor: int) -> uuid.UUID:
    """The supplier's id; FieldError for an unknown supplier or account, or no amount."""
    supplier_id = uow.suppliers.id_of_code(supplier_code)
    if supplier_id is None:
        raise FieldError("supplier", supplier_code, "is not a supplier code")
    stored = uow.settings.stored().get("purchasing.pay_from", ["Safe", "Bank"])
    accounts = [str(a) for a in stored] if isinstance(stored, list) else []
    if account not in accounts:
        raise FieldError("account", account, f"is not one of {', '.join(accounts)}")
    if not 0 < amount_minor <= MAX_AMOUNT_MINOR:
        raise FieldError("amount", str(amount_minor), "is more than nothing")
    return supplier_id


def _allocate(
    uow: UnitOfWork,
    supplier_id: uuid.UUID,
    amount: int,
    numbers: Sequence[str],
    paid_at: datetime,
) -> list[tuple[uuid.UUID, int]]:
    bills = {bill.number: bill for bill in uow.payables.open_bills(supplier_id, paid_at)}
    chosen = list(numbers) or [n for n, b in bills.items() if b.total_minor > b.paid_minor]
    allocations, left = [], amount
    for number in chosen:
        bill = bills.get(number)
        if bill is None:
            raise BillRefused(f"{number} is not a posted bill of this supplier dated by then")
        still_open = bill.total_minor - bill.paid_minor
        if still_open <= 0:
            if numbers:
                raise BillRefused(f"{number} is paid already")
            continue
        part = min(left, still_open)
        if part > 0:
            allocations.append((bill.id, part))
            left -= part
    if numbers and left > 0:
        raise BillRefused(
            f"the payment is {left / 100:.2f} more than the bills named are still owed: name "
            "fewer, or pay the rest on account without naming bills"
        )
    return allocations


def supplier_balance(uow: UnitOfWork, supplier_code: str) -> int:
    with uow:
        supplier_id = uow.suppliers.id_of_code(supplier_code)
        if supplier_id is None:
            raise FieldError("supplier", supplier_code, "is not a supplier code")
        return uow.payables.balance(supplier_id)


def ageing(uow: UnitOfWork, *, as_of: datetime) -> list[AgeingRow]:
    """Every supplier owed something (or owing back) as of the end of `as_of`'s moment: what
    was open of each bill then, by how late it was."""
    with uow:
        rows: dict[uuid.UUID, dict[str, int]] = {}
        for bill in uow.payables.open_bills(None, as_of):
            still_open = bill.total_minor - bill.paid_minor
            if still_open:
                buckets = rows.setdefault(bill.supplier_id, dict.fromkeys(BUCKETS, 0))
                buckets[bucket(bill.due_at, as_of)] += still_open
        credits = uow.payables.credits(as_of)
    suppliers = set(rows) | set(credits)
    return [
        AgeingRow(s, rows.get(s, dict.fromkeys(BUCKETS, 0)), credits.get(s, 0))
        for s in sorted(suppliers)
    ]
