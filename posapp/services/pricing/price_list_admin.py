"""Price lists in the back office: a header (kind, customer group or store, tax mode, validity)
and prices per product and minimum quantity. Two lists of the same kind for the same group (or
store) may not both price a product at the same minimum quantity on the same day: the till could
not tell which applies, so such a list is refused, naming the other list and the product."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.domain.pricing import PriceListDraft, PriceListKind, Validity
from posapp.services.shared import Clock, FieldError, IdFactory, UnitOfWork, record_master_edit


def _day(field: str, text: str) -> date | None:
    typed = text.strip()
    if not typed:
        return None
    try:
        return date.fromisoformat(typed)
    except ValueError:
        raise FieldError(field, text, "is not a date (YYYY-MM-DD)") from None


def parse_price_list(
    header: Mapping[str, str], items: Sequence[Mapping[str, str]], currency: str
) -> PriceListDraft:
    code = str(header.get("code") or "").strip()
    name = str(header.get("name") or "").strip()
    if not code:
        raise FieldError("code", code, "is required")
    if not name:
        raise FieldError("name", name, "is required")
    try:
        kind = PriceListKind(str(header.get("kind") or ""))
    except ValueError:
        names = ", ".join(k.value for k in PriceListKind)
        raise FieldError("kind", str(header.get("kind")), f"is not one of {names}") from None
    group = str(header.get("price_group") or "").strip() or None
    store = str(header.get("store_code") or "").strip() or None
    if kind is PriceListKind.CUSTOMER_GROUP and group is None:
        raise FieldError("price_group", "", "a customer group list needs the group")
    if kind is PriceListKind.STORE and store is None:
        raise FieldError("store_code", "", "a store list needs the store")
    holds_text = str(header.get("holds_at_volume") or "no").strip().lower()
    if holds_text not in ("yes", "no"):
        raise FieldError("holds_at_volume", holds_text, "must be yes or no")
    holds = holds_text == "yes"
    if holds and kind is not PriceListKind.CUSTOMER_GROUP:
        raise FieldError("holds_at_volume", holds_text, "only a customer group's price holds")
    start, end = (
        _day("valid_from", header.get("valid_from", "")),
        _day("valid_to", header.get("valid_to", "")),
    )
    if start and end and end < start:
        raise FieldError("valid_to", str(end), f"is before valid from {start}")
    rows = _parse_items(items, currency)
    return PriceListDraft(
        code,
        name,
        kind,
        group,
        store,
        str(header.get("tax_inclusive", "yes")).strip().lower() in ("yes", "1", "true", "y"),
        Validity(start, end),
        rows,
        holds,
    )


def _parse_items(
    items: Sequence[Mapping[str, str]], currency: str
) -> tuple[tuple[str, int, int], ...]:
    """(SKU, minimum quantity in thousandths, price in minor units) per item with a SKU; an item
    with a bad quantity or price, or a second one for the same SKU and quantity, is refused."""
    rows: list[tuple[str, int, int]] = []
    seen: set[tuple[str, int]] = set()
    for number, item in enumerate(items, start=1):
        sku = str(item.get("sku") or "").strip()
        if not sku:
            continue
        qty_text = str(item.get("min_qty") or "1").strip()
        try:
            quantity = Decimal(qty_text.replace(",", "."))
        except InvalidOperation:
            raise FieldError(f"line {number} min qty", qty_text, "is not a number") from None
        if quantity <= 0:
            raise FieldError(f"line {number} min qty", qty_text, "must be more than 0")
        price_text = str(item.get("price") or "").strip()
        try:
            price = Money.parse(price_text, currency)
        except (DomainError, ValueError):
            reason = f"is not an amount in {currency}"
            raise FieldError(f"line {number} price", price_text, reason) from None
        if price.minor < 0:
            raise FieldError(f"line {number} price", price_text, "must not be negative")
        if (sku, int(quantity * 1000)) in seen:
            raise FieldError("items", sku, "is listed twice at the same minimum quantity")
        seen.add((sku, int(quantity * 1000)))
        rows.append((sku, int(quantity * 1000), price.minor))
    return tuple(rows)


def save_price_list(
    uow: UnitOfWork,
    *,
    list_id: uuid.UUID | None,
    header: Mapping[str, str],
    items: Sequence[Mapping[str, str]],
    currency: str,
    by: str,
    clock: Clock,
    new_id: IdFactory,
) -> uuid.UUID:
    draft = parse_price_list(header, items, currency)
    now = clock.now()
    with uow:
        owner = uow.price_lists.id_of_code(draft.code)
        if owner is not None and owner != list_id:
            raise FieldError("code", draft.code, "belongs to another price list")
        skus = [sku for sku, _, _ in draft.items]
        ids = uow.catalogue.ids_of_skus(skus)
        unknown = [sku for sku in skus if sku not in ids]
        if unknown:
            raise FieldError("items", unknown[0], "is not a product SKU")
        list_id = list_id or new_id()
        for other, sku in uow.price_lists.overlapping(list_id, draft, ids):
            raise FieldError(
                "valid_from",
                str(draft.validity),
                f"overlaps price list {other} for {sku} at the same minimum quantity",
            )
        uow.price_lists.save(list_id, draft, ids, now)
        record_master_edit(
            uow,
            entity="price_list",
            key=list_id,
            record=uow.price_lists.master_record(list_id),
            code=draft.code,
            by=by,
            clock=clock,
            new_id=new_id,
        )
        uow.commit()
    return list_id
