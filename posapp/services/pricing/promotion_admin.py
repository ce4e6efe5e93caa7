"""Promotions in the back office: percent or amount off, a fixed price, buy X get Y, N for a
price; on products (by SKU) or whole categories, with dates and stores. Checked field by field
(the till must never meet a promotion it cannot apply); saved with a journal entry and a
`master.promotion` event for head office."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from posapp.domain.money import Money
from posapp.domain.partner_records import Promotion
from posapp.domain.pricing import PromotionKind
from posapp.services.shared import (
    Clock,
    FieldError,
    IdFactory,
    UnitOfWork,
    money_field,
    record_master_edit,
    text_field,
)

PROMOTION_FIELDS = (
    "code",
    "name",
    "kind",
    "percent",
    "amount",
    "buy_qty",
    "free_qty",
    "tax_inclusive",
    "stacks",
    "stores",
    "valid_from",
    "valid_to",
    "skus",
    "categories",
    "archived",
)
_YES = ("yes", "1", "true", "y")


def _day(fields: Mapping[str, str], name: str) -> str | None:
    typed = text_field(fields, name)
    if not typed:
        return None
    try:
        return date.fromisoformat(typed).isoformat()
    except ValueError:
        raise FieldError(name, typed, "is not a date (YYYY-MM-DD)") from None


def _count(fields: Mapping[str, str], name: str, least: int) -> int:
    typed = text_field(fields, name) or "0"
    if not typed.isdigit() or int(typed) < least or int(typed) > 1000:
        raise FieldError(name, typed, f"must be a whole number from {least} to 1000")
    return int(typed)


def _words(text: str) -> list[str]:
    """SKUs one per line or separated by commas / spaces."""
    return sorted({word for word in re.split(r"[,\s]+", text) if word})


def parse_promotion(fields: Mapping[str, str], currency: str) -> Promotion:
    """The promotion's stored values, or the first FieldError naming what is wrong."""
    code = text_field(fields, "code", required=True, limit=40)
    name = text_field(fields, "name", required=True)
    kind_text = text_field(fields, "kind")
    try:
        kind = PromotionKind(kind_text)
    except ValueError:
        names = ", ".join(k.value for k in PromotionKind)
        raise FieldError("kind", kind_text, f"is not one of {names}") from None
    percent, amount, buy, free = None, None, 0, 0
    if kind is PromotionKind.PERCENT_OFF:
        typed = text_field(fields, "percent")
        try:
            percent = Decimal(typed.replace(",", ".").rstrip("% "))
        except InvalidOperation:
            raise FieldError("percent", typed, "is not a number") from None
        if not 0 < percent <= 100:
            raise FieldError("percent", typed, "must be more than 0 and at most 100")
    if kind in (PromotionKind.AMOUNT_OFF, PromotionKind.FIXED_PRICE, PromotionKind.MULTI_BUY):
        money = money_field("amount", str(fields.get("amount") or ""), currency, required=True)
        assert money is not None
        if money.minor == 0 and kind is not PromotionKind.FIXED_PRICE:
            raise FieldError("amount", str(fields.get("amount")), "must be more than 0")
        amount = money.minor
    if kind is PromotionKind.BUY_X_GET_Y:
        buy, free = _count(fields, "buy_qty", 1), _count(fields, "free_qty", 1)
    if kind is PromotionKind.MULTI_BUY:
        buy = _count(fields, "buy_qty", 2)
    start, end = _day(fields, "valid_from"), _day(fields, "valid_to")
    if start and end and end < start:
        raise FieldError("valid_to", end, f"is before valid from {start}")
    skus = _words(str(fields.get("skus") or ""))
    typed_names = str(fields.get("categories") or "").splitlines()
    categories = sorted({name.strip() for name in typed_names if name.strip()})
    if not skus and not categories:
        raise FieldError("skus", "", "a promotion needs products or categories to cover")
    return {
        "code": code,
        "name": name,
        "kind": kind.value,
        "percent": None if percent is None else str(percent),
        "amount_minor": amount,
        "buy_qty": buy,
        "free_qty": free,
        "tax_inclusive": text_field(fields, "tax_inclusive").lower() in (*_YES, ""),
        "stacks": text_field(fields, "stacks").lower() in _YES,
        "stores": _words(str(fields.get("stores") or "").upper()),
        "valid_from": start,
        "valid_to": end,
        "skus": skus,
        "categories": categories,
        "archived": text_field(fields, "archived").lower() in _YES,
    }


def promotion_fields(values: Promotion, currency: str) -> dict[str, str]:
    """Stored values as the editor shows them: the inverse of `parse_promotion`."""
    amount = values.get("amount_minor")

    def yes_no(flag: object) -> str:
        return "yes" if flag else "no"

    return {
        "code": values["code"],
        "name": values["name"],
        "kind": values["kind"],
        "percent": values.get("percent") or "",
        "amount": "" if amount is None else str(Money(amount, currency).amount),
        "buy_qty": str(values["buy_qty"] or ""),
        "free_qty": str(values["free_qty"] or ""),
        "tax_inclusive": yes_no(values["tax_inclusive"]),
        "stacks": yes_no(values["stacks"]),
        "stores": ", ".join(values["stores"]),
        "valid_from": values.get("valid_from") or "",
        "valid_to": values.get("valid_to") or "",
        "skus": "\n".join(values["skus"]),
        "categories": "\n".join(values["categories"]),
        "archived": yes_no(values.get("archived")),
    }


def save_promotion(
    uow: UnitOfWork,
    *,
    promotion_id: uuid.UUID | None,
    fields: Mapping[str, str],
    currency: str,
    by: str,
    clock: Clock,
    new_id: IdFactory,
) -> uuid.UUID:
    values = parse_promotion(fields, currency)
    now = clock.now()
    with uow:
        owner = uow.promotions.id_of_code(values["code"])
        if owner is not None and owner != promotion_id:
            raise FieldError("code", values["code"], "belongs to another promotion")
        known = uow.catalogue.ids_of_skus(values["skus"])
        for sku in values["skus"]:
            if sku not in known:
                raise FieldError("skus", sku, "is not a product SKU")
        found = uow.promotions.category_ids(values["categories"])
        for name in values["categories"]:
            if name not in found:
                raise FieldError("categories", name, "is not a category")
        promotion_id = promotion_id or new_id()
        uow.promotions.save(promotion_id, values, now)
        record_master_edit(
            uow,
            entity="promotion",
            key=promotion_id,
            record=uow.promotions.master_record(promotion_id),
            code=values["code"],
            by=by,
            clock=clock,
            new_id=new_id,
        )
        uow.commit()
    return promotion_id
