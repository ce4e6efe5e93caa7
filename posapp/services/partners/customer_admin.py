"""Customers in the back office: their details checked field by field (a credit limit of "abc"
is named and nothing is saved), saved with a journal entry and a `master.customer` event for head
office; and payments received, which lower what they owe."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping

from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.domain.partner_records import Address, Customer
from posapp.services.cash import require_open_shift
from posapp.services.shared import (
    Clock,
    FieldError,
    IdFactory,
    TillContext,
    UnitOfWork,
    days_field,
    journal_event,
    money_field,
    record_master_edit,
    text_field,
)

CUSTOMER_FIELDS = (
    "code",
    "name",
    "tax_id",
    "price_group",
    "credit_limit",
    "payment_terms_days",
    "phone",
    "email",
    "addresses",
    "note",
)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def parse_customer(fields: Mapping[str, str], currency: str) -> Customer:
    """The customer's stored values from the typed fields, or the first FieldError."""
    code = text_field(fields, "code", required=True, limit=40)
    name = text_field(fields, "name", required=True)
    limit = money_field(
        "credit_limit", str(fields.get("credit_limit") or ""), currency, required=False
    )
    credit_limit = None if limit is None else limit.minor
    terms = days_field(fields, "payment_terms_days")
    email = text_field(fields, "email")
    if email and not _EMAIL.fullmatch(email):
        raise FieldError("email", email, "is not an e-mail address")
    addresses: list[Address] = []
    for line in str(fields.get("addresses") or "").splitlines():
        if line.strip():
            site, _, address = line.partition(":")
            addresses.append(
                {"site": site.strip(), "address": address.strip()}
                if address
                else {"site": "main", "address": site.strip()}
            )
    return {
        "code": code,
        "name": name,
        "tax_id": text_field(fields, "tax_id", limit=40) or None,
        "price_group": text_field(fields, "price_group", limit=40) or None,
        "credit_limit_minor": credit_limit,
        "payment_terms_days": terms,
        "phone": text_field(fields, "phone", limit=50) or None,
        "email": email or None,
        "addresses": addresses,
        "note": text_field(fields, "note", limit=2000) or None,
    }


def customer_fields(values: Customer, currency: str) -> dict[str, str]:
    """Stored values as the editor shows them: the inverse of `parse_customer`."""
    limit = values.get("credit_limit_minor")
    return {
        "code": values["code"],
        "name": values["name"],
        "tax_id": values.get("tax_id") or "",
        "price_group": values.get("price_group") or "",
        "credit_limit": "" if limit is None else str(Money(limit, currency).amount),
        "payment_terms_days": str(values.get("payment_terms_days", 0)),
        "phone": values.get("phone") or "",
        "email": values.get("email") or "",
        "addresses": "\n".join(f"{a['site']}: {a['address']}" for a in values["addresses"]),
        "note": values.get("note") or "",
    }


def save_customer(
    uow: UnitOfWork,
    *,
    customer_id: uuid.UUID | None,
    fields: Mapping[str, str],
    currency: str,
    by: str,
    clock: Clock,
    new_id: IdFactory,
) -> uuid.UUID:
    values = parse_customer(fields, currency)
    now = clock.now()
    with uow:
        owner = uow.customers.id_of_code(values["code"])
        if owner is not None and owner != customer_id:
            raise FieldError("code", values["code"], "belongs to another customer")
        if customer_id is None:
            customer_id = new_id()
        uow.customers.save(customer_id, values, now)
        record_master_edit(
            uow,
            entity="customer",
            key=customer_id,
            record=uow.customers.master_record(customer_id),
            code=values["code"],
            by=by,
            clock=clock,
            new_id=new_id,
        )
        uow.commit()
    return customer_id


def receive_payment(
    uow: UnitOfWork,
    *,
    customer_id: uuid.UUID,
    amount: Money,
    reference: str,
    terminal_code: str,
    by: str,
    clock: Clock,
    new_id: IdFactory,
    tender: str = "transfer",
    drawer: TillContext | None = None,
) -> Money:
    """A payment from the customer: a negative receivable entry; returns the new balance.

    Taken at a till (`drawer`), the payment belongs to its open shift: the X and Z reports list
    it by tender, and cash counts in what the drawer should hold."""
    if amount.minor <= 0:
        raise FieldError("amount", str(amount), "must be more than 0")
    now = clock.now()
    with uow:
        account = uow.customers.account(customer_id)
        if account is None:
            raise DomainError(f"no customer {customer_id}")
        shift = None if drawer is None else require_open_shift(uow, drawer)
        uow.customers.add_entry(
            entry_id=new_id(),
            customer_id=customer_id,
            kind="PAYMENT",
            amount=-amount,
            document_id=None,
            reference=reference or None,
            terminal_code=terminal_code,
            at=now,
            shift_id=None if shift is None else shift.id,
            tender=tender,
        )
        journal_event(
            uow,
            "payment_received",
            {
                "customer": account.ref.code,
                "amount": amount.minor,
                "tender": tender,
                "reference": reference,
                "shift": None if shift is None else shift.number,
                "by": by,
            },
            at=now,
            new_id=new_id,
        )
        uow.commit()
    return account.balance - amount
