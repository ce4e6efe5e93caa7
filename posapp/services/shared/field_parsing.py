"""Typed text read field by field, for every back-office editor and import file: a bad field is
named the way the form labels it (`FieldError`: field, value, reason), never half taken."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import InvalidOperation

from posapp.domain.errors import AmountTooLarge, DomainError
from posapp.domain.money import Money, largest_amount

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


class FieldErrors(FieldError):
    """Several fields of one record that cannot be taken: every one is named, not the first."""

    def __init__(self, errors: list[FieldError]) -> None:
        first = errors[0]
        super().__init__(first.field, first.value, first.reason)
        self.errors = errors
        self.args = ("; ".join(str(error) for error in errors),)

    def every(self) -> list[FieldError]:
        return self.errors


def each_error(error: FieldError) -> list[FieldError]:
    """The fields behind `error`: itself, or every one a FieldErrors carries."""
    return error.every() if isinstance(error, FieldErrors) else [error]


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def refuse_control_characters(field: str, value: str, *, lines: bool = False) -> str:
    """Text without control characters (a NUL broke every Excel export; ESC p in a product name
    opened the drawer). Multi-line fields keep their line breaks and tabs."""
    if value.isprintable():  # nearly every value: no control character, checked in C
        return value
    found = (_CONTROL_BUT_LINES if lines else _CONTROL).search(value)
    if found:
        raise FieldError(
            field, value, f"holds the control character U+{ord(found.group()):04X}; remove it"
        )
    return value


def text_field(
    fields: Mapping[str, str], name: str, *, required: bool = False, limit: int = 200
) -> str:
    value = refuse_control_characters(name, str(fields.get(name) or "").strip(), lines=True)
    if required and not value:
        raise FieldError(name, value, "is required")
    if len(value) > limit:
        raise FieldError(name, value, f"is longer than {limit} characters")
    return value


def collecting() -> tuple[list[FieldError], Callable[[Callable[[], object]], object]]:
    """A list of errors and a `take(read)` that runs one field's reading, keeping its FieldError
    and answering None, so that a record's every bad field is named at once."""
    errors: list[FieldError] = []

    def take(read: Callable[[], object]) -> object:
        try:
            return read()
        except FieldError as error:
            errors.extend(each_error(error))
            return None

    return errors, take


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
    except AmountTooLarge:
        raise FieldError(field, text, f"is more than {largest_amount(currency)}") from None
    except (DomainError, ValueError, InvalidOperation):
        raise FieldError(field, text, f"is not an amount in {currency}") from None
    if amount.minor < 0:
        raise FieldError(field, text, "must not be negative")
    return amount
