"""Creating and editing products in the back office, and the same rules for imported rows.

A product arrives as text, field by field (the editor's boxes, a CSV row): every field is read
and checked before anything is written, and a bad one is named (`FieldError`: field, value,
reason). Saving writes the product, its barcodes, a journal entry (and `price_changed` with old →
new when the price moved: the price history reads from it) and the `master.product` event that
carries the edit to head office, in one transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from posapp.domain.catalogue import LifecycleState, check_lifecycle_transition, validate_barcode
from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.domain.quantity import UNITS as QUANTITY_UNITS
from posapp.services.shared import (
    Clock,
    FieldError,
    FieldErrors,
    IdFactory,
    NewProduct,
    UnitOfWork,
    collecting,
    journal_event,
    money_field,
    queue_master_change,
    refuse_control_characters,
)

# The fields of a product as the editor and import files name them.
PRODUCT_FIELDS = (
    "sku",
    "name",
    "unit",
    "weighed",
    "tax_class",
    "category",
    "brand",
    "state",
    "cost",
    "price",
    "barcodes",
    "note",
)
UNITS = QUANTITY_UNITS
_TRUE, _FALSE = ("1", "yes", "true", "y"), ("", "0", "no", "false", "n")


def _pack_milli(part: str, pack: str) -> int:
    try:
        quantity = Decimal(pack)
    except InvalidOperation:
        raise FieldError("barcodes", part, "pack quantity is not a number") from None
    if quantity <= 0 or quantity != quantity.quantize(Decimal("0.001")):
        raise FieldError("barcodes", part, "pack quantity must be more than 0")
    return int(quantity * 1000)


def parse_barcodes(text: str) -> list[tuple[str, int]]:
    """`4006381333931; 4006381333948:12` → [(code, 1000), (code, 12000)]: a pack barcode
    carries how many units one scan stands for after a colon."""
    found: list[tuple[str, int]] = []
    for typed in text.replace(",", ";").split(";"):
        part = typed.strip()
        if not part:
            continue
        code, _, pack = part.partition(":")
        code, pack = code.strip(), pack.strip()
        try:
            validate_barcode(code)
        except DomainError as error:
            raise FieldError("barcodes", part, str(error)) from None
        if not pack:  # most codes are single units
            found.append((code, 1000))
        elif pack.isascii() and pack.isdigit() and int(pack) > 0:  # a case of 6, 12, 24
            found.append((code, int(pack) * 1000))
        else:
            found.append((code, _pack_milli(part, pack)))
    codes = [code for code, _ in found]
    if len(set(codes)) < len(codes):
        duplicated = sorted({code for code in codes if codes.count(code) > 1})
        raise FieldError("barcodes", text, f"{duplicated[0]} is listed twice")
    return found


def format_barcodes(codes: Sequence[tuple[str, int]]) -> str:
    def pack(milli: int) -> str:
        return "" if milli == 1000 else f":{Decimal(milli).scaleb(-3).normalize():f}"

    return "; ".join(f"{code}{pack(milli)}" for code, milli in codes)


def _product_text(
    fields: Mapping[str, str], name: str, *, required: bool = False, limit: int = 200
) -> str:
    value = str(fields.get(name) or "").strip()
    if required and not value:
        raise FieldError(name, value, "is required")
    if len(value) > limit:
        raise FieldError(name, value, f"is longer than {limit} characters")
    return refuse_control_characters(name, value, lines=name == "note")


def _unit(fields: Mapping[str, str]) -> str:
    unit = str(fields.get("unit") or "").strip() or "pc"
    if unit not in UNITS:
        raise FieldError("unit", unit, f"is not one of {', '.join(UNITS)}")
    return unit


def _weighed(fields: Mapping[str, str]) -> bool:
    typed = str(fields.get("weighed") or "")
    answer = typed.strip().lower()
    if answer in _TRUE:
        return True
    if answer not in _FALSE:
        raise FieldError("weighed", typed, "must be yes or no")
    return False


_STATES = {state.value: state for state in LifecycleState}


def _state(fields: Mapping[str, str]) -> LifecycleState:
    typed = str(fields.get("state") or "")
    state = _STATES.get(typed.strip().upper() or "ACTIVE")
    if state is None:
        names = ", ".join(s.value for s in LifecycleState)
        raise FieldError("state", typed, f"is not one of {names}")
    return state


def _money(name: str, *, required: bool) -> Callable[[Mapping[str, str], str], object]:
    return lambda f, c: money_field(name, str(f.get(name) or ""), c, required=required)


# A product row's fields, each read from what was typed, in PRODUCT_FIELDS order. Made once:
# an import reads a million rows, and making a reader per field per row cost a tenth of it.
_READERS: tuple[Callable[[Mapping[str, str], str], object], ...] = (
    lambda f, c: _product_text(f, "sku", required=True, limit=64),
    lambda f, c: _product_text(f, "name", required=True),
    lambda f, c: _unit(f),
    lambda f, c: _weighed(f),
    lambda f, c: _product_text(f, "tax_class", limit=20) or "STD",
    lambda f, c: _product_text(f, "category"),
    lambda f, c: _product_text(f, "brand"),
    lambda f, c: _state(f),
    _money("cost", required=False),
    _money("price", required=True),
    lambda f, c: parse_barcodes(str(f.get("barcodes") or "")),
    lambda f, c: _product_text(f, "note", limit=2000),
)


def parse_product(fields: Mapping[str, str], currency: str) -> NewProduct:
    """A product from its fields as typed; a FieldErrors naming every bad field, in
    PRODUCT_FIELDS order, when any is."""
    try:  # most rows are fine: read them straight through
        values = [read(fields, currency) for read in _READERS]
    except FieldError:
        errors, take = collecting()  # then read every field, keeping each one's problem
        for read in _READERS:
            take(lambda read=read: read(fields, currency))  # type: ignore[misc]
        raise FieldErrors(errors) from None
    sku, name, unit, weighed, tax_class, category, brand, state, cost, price, codes, note = values
    assert isinstance(price, Money)
    assert isinstance(state, LifecycleState)
    return NewProduct(
        sku=str(sku),
        name=str(name),
        price=price,
        tax_class_code=str(tax_class),
        unit=str(unit),
        weighed=bool(weighed),
        cost=cost if isinstance(cost, Money) else None,
        state=state,
        category_name=str(category) or None,
        brand_name=str(brand) or None,
        barcodes=codes if isinstance(codes, list) else [],
        note=str(note) or None,
    )


@dataclass(frozen=True)
class ProductSaved:
    product_id: uuid.UUID
    created: bool
    old_price: Money | None  # when the price changed


def save_product(
    uow: UnitOfWork,
    *,
    product_id: uuid.UUID | None,
    fields: Mapping[str, str],
    currency: str,
    by: str,
    clock: Clock,
    new_id: IdFactory,
) -> ProductSaved:
    """Create (`product_id` None) or change a product from its typed fields."""
    product = parse_product(fields, currency)
    now = clock.now()
    with uow:
        catalogue = uow.catalogue
        _check_keys_free(uow, product, product_id)
        old_price = None
        created = product_id is None
        if product_id is None:
            product_id = new_id()
            catalogue.add_product(product_id, product, now)
            journal_event(
                uow, "product_created", {"sku": product.sku, "by": by}, at=now, new_id=new_id
            )
        else:
            old_price = _change_product(uow, product_id, product, by=by, clock=clock, new_id=new_id)
        queue_master_change(
            uow,
            entity="product",
            key=str(product_id),
            record=catalogue.master_record(product_id),
            clock=clock,
            new_id=new_id,
        )
        uow.commit()
    return ProductSaved(product_id, created, old_price)


def _check_keys_free(uow: UnitOfWork, product: NewProduct, product_id: uuid.UUID | None) -> None:
    """The tax class exists; the SKU and every barcode belong to no other product."""
    catalogue = uow.catalogue
    if not catalogue.tax_class_exists(product.tax_class_code):
        raise FieldError("tax_class", product.tax_class_code, "is not a tax class here")
    owner_of_sku = catalogue.product_id_of_sku(product.sku)
    if owner_of_sku is not None and owner_of_sku != product_id:
        raise FieldError("sku", product.sku, "belongs to another product")
    for code, _ in product.barcodes:
        owner = catalogue.barcode_owner(code)
        if owner is not None and owner != product_id:
            other = catalogue.sku_of(owner)
            raise FieldError("barcodes", code, f"already belongs to product {other}")


def _change_product(
    uow: UnitOfWork,
    product_id: uuid.UUID,
    product: NewProduct,
    *,
    by: str,
    clock: Clock,
    new_id: IdFactory,
) -> Money | None:
    """Change an existing product (its lifecycle only along allowed transitions), journaled;
    its price before, when the change moved it."""
    now = clock.now()
    before = uow.catalogue.editable(product_id)
    if before is None:
        raise DomainError(f"no product {product_id}")
    if before.state is not product.state:
        check_lifecycle_transition(before.state, product.state)
    uow.catalogue.update_product(product_id, product, now)
    journal_event(uow, "product_changed", {"sku": product.sku, "by": by}, at=now, new_id=new_id)
    if before.price == product.price:
        return None
    change = {"sku": product.sku, "old": before.price.minor, "new": product.price.minor}
    journal_event(uow, "price_changed", {**change, "by": by}, at=now, new_id=new_id)
    return before.price


@dataclass(frozen=True)
class BulkChange:
    """One change applied to every chosen product: a category, a price by percent, a state."""

    category: str | None = None
    price_percent: Decimal | None = None  # +10 raises prices by 10 %, −5 lowers them
    state: LifecycleState | None = None


def bulk_edit(
    uow: UnitOfWork,
    *,
    product_ids: Sequence[uuid.UUID],
    change: BulkChange,
    by: str,
    clock: Clock,
    new_id: IdFactory,
) -> int:
    """Apply `change` to every product in one transaction: all of them, or none when one
    cannot take it (a state it may not move to)."""
    if change.price_percent is not None and change.price_percent <= -100:
        raise FieldError("price", f"{change.price_percent} %", "would make prices 0 or less")
    now = clock.now()
    with uow:
        for product_id in product_ids:
            before = uow.catalogue.editable(product_id)
            if before is None:
                raise DomainError(f"no product {product_id}")
            after = before
            if change.category is not None:
                after = replace(after, category_name=change.category.strip() or None)
            if change.state is not None and change.state is not before.state:
                check_lifecycle_transition(before.state, change.state)
                after = replace(after, state=change.state)
            if change.price_percent is not None:
                after = replace(after, price=before.price.multiply(1 + change.price_percent / 100))
            uow.catalogue.update_product(product_id, after, now)
            if after.price != before.price:
                journal_event(
                    uow,
                    "price_changed",
                    {
                        "sku": before.sku,
                        "old": before.price.minor,
                        "new": after.price.minor,
                        "by": by,
                    },
                    at=now,
                    new_id=new_id,
                )
            queue_master_change(
                uow,
                entity="product",
                key=str(product_id),
                record=uow.catalogue.master_record(product_id),
                clock=clock,
                new_id=new_id,
            )
        uow.commit()
    return len(product_ids)


def product_fields(product: NewProduct) -> dict[str, str]:
    """A product as the editor's boxes (and export files) show it: the inverse of
    `parse_product`."""
    return {
        "sku": product.sku,
        "name": product.name,
        "unit": product.unit,
        "weighed": "yes" if product.weighed else "no",
        "tax_class": product.tax_class_code,
        "category": product.category_name or "",
        "brand": product.brand_name or "",
        "state": product.state.value,
        "cost": "" if product.cost is None else f"{product.cost.amount}",
        "price": f"{product.price.amount}",
        "barcodes": format_barcodes(product.barcodes),
        "note": product.note or "",
    }
