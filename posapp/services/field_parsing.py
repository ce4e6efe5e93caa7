"""Typed text read field by field, for every back-office editor and import file: a bad field is
named the way the form labels it (`FieldError`: field, value, reason), never half taken."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import InvalidOperation

from posapp.domain.errors import DomainError
from posapp.domain.money import Money

# How a message names a field when "Credit limit" reads better than the field's key.
_LABELS = {
    "sku": "SKU",
    "tax_id": "Tax id",
    "payment_terms_days": "Payment terms (days)",
    "lead_time_days": "Lead time (days)",
    "email": "E-mail",
    "min_qty": "Minimum quantity",
}


def field_label(field: str) -> str:
    """`credit_limit` → "Credit limit"; `line 3 price` → "Line 3 price"."""
    return _LABELS.get(field) or field.replace("_", " ").capitalize()


class FieldError(DomainError):
    """One field that cannot be taken as typed."""

    def __init__(self, field: str, value: str, reason: str) -> None:
        super().__init__(f"{field_label(field)}: {value!r} — {reason}")
        self.field = field
        self.value = value
        self.reason = reason


def text_field(
    fields: Mapping[str, str], name: str, *, required: bool = False, limit: int = 200
) -> str:
    value = str(fields.get(name) or "").strip()
    if required and not value:
        raise FieldError(name, value, "is required")
    if len(value) > limit:
        raise FieldError(name, value, f"is longer than {limit} characters")
    return value


def days_field(fields: Mapping[str, str], name: str, *, most: int = 365) -> int:
    """A whole number of days, 0 when left empty."""
    typed = text_field(fields, name) or "0"
    if not typed.isdigit() or int(typed) > most:
        raise FieldError(name, typed, f"must be a number of days, 0–{most}")
    return int(typed)


def money_field(field: str, text: str, currency: str, *, required: bool) -> Money | None:
    """An amount of at least 0 in the shop's currency; None when left empty and not required."""
    typed = text.strip()
    if not typed:
        if required:
            raise FieldError(field, text, "is required")
        return None
    try:
        amount = Money.parse(typed, currency)
    except (DomainError, ValueError, InvalidOperation):
        raise FieldError(field, text, f"is not an amount in {currency}") from None
    if amount.minor < 0:
        raise FieldError(field, text, "must not be negative")
    return amount
