"""Suppliers in the back office: name, code, contacts, payment terms, lead time, and per product
their own code and what they charge (purchasing orders from these). Checked field by field and
line by line; saved with a journal entry and a `master.supplier` event for head office."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.domain.partner_records import UNIT_PACK, Contact, Supplier, pack_of, product_line
from posapp.domain.quantity import Quantity
from posapp.services.shared import (
    Clock,
    FieldError,
    IdFactory,
    UnitOfWork,
    days_field,
    money_field,
    record_master_edit,
    text_field,
)

SUPPLIER_FIELDS = ("code", "name", "contacts", "payment_terms_days", "lead_time_days", "archived")


def parse_contacts(text: str) -> list[Contact]:
    """One contact per line, `name; phone; e-mail` (phone and e-mail may be left out)."""
    contacts: list[Contact] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        if len(parts) > 3:
            raise FieldError("contacts", line, "has more than name; phone; e-mail")
        name, phone, email = [*parts, "", ""][:3]
        if email and "@" not in email:
            raise FieldError("contacts", line, f"{email!r} is not an e-mail address")
        contacts.append(Contact(name=name, phone=phone, email=email))
    return contacts


def _pack(number: int, item: Mapping[str, str]) -> int:
    """How many units one of their packs holds (empty: they sell single units)."""
    typed = str(item.get("pack") or "").strip()
    if not typed:
        return UNIT_PACK
    try:
        pack = Quantity.parse(typed).thousandths
    except (DomainError, ValueError):
        raise FieldError(f"line {number} pack", typed, "is not a quantity") from None
    if not 0 < pack <= 10**9:
        raise FieldError(f"line {number} pack", typed, "is more than nothing")
    return pack


def parse_supplier(
    fields: Mapping[str, str], items: Sequence[Mapping[str, str]], currency: str
) -> Supplier:
    """The supplier's stored values from the typed fields and product lines, or the first
    FieldError. A product line is `sku`, `supplier_code`, `cost` and `pack` (units a pack
    holds, empty for single units)."""
    lines: list[list[Any]] = []
    for number, item in enumerate(items, start=1):
        sku = str(item.get("sku") or "").strip()
        if not sku:
            continue
        if any(line[0] == sku for line in lines):
            raise FieldError(f"line {number} sku", sku, "is listed twice")
        code = str(item.get("supplier_code") or "").strip() or sku
        if len(code) > 64:
            raise FieldError(f"line {number} supplier code", code, "is longer than 64 characters")
        cost = money_field(
            f"line {number} cost", str(item.get("cost") or ""), currency, required=True
        )
        assert cost is not None
        lines.append(product_line(sku, code, cost.minor, _pack(number, item)))
    return {
        "code": text_field(fields, "code", required=True, limit=40),
        "name": text_field(fields, "name", required=True),
        "contacts": parse_contacts(str(fields.get("contacts") or "")),
        "payment_terms_days": days_field(fields, "payment_terms_days"),
        "lead_time_days": days_field(fields, "lead_time_days"),
        "archived": text_field(fields, "archived").lower() in ("yes", "1", "true", "y"),
        "products": lines,
    }


def supplier_fields(values: Supplier, currency: str) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Stored values as the editor shows them: the inverse of `parse_supplier`."""
    contacts = "\n".join(
        "; ".join(filter(None, (c["name"], c["phone"], c["email"]))) for c in values["contacts"]
    )
    fields = {
        "code": values["code"],
        "name": values["name"],
        "contacts": contacts,
        "payment_terms_days": str(values["payment_terms_days"]),
        "lead_time_days": str(values["lead_time_days"]),
        "archived": "yes" if values.get("archived") else "no",
    }
    items = [
        {
            "sku": line[0],
            "supplier_code": line[1],
            "cost": str(Money(line[2], currency).amount),
            "pack": str(Quantity.from_thousandths(pack_of(line))),
        }
        for line in values["products"]
    ]
    return fields, items


def save_supplier(
    uow: UnitOfWork,
    *,
    supplier_id: uuid.UUID | None,
    fields: Mapping[str, str],
    items: Sequence[Mapping[str, str]],
    currency: str,
    by: str,
    clock: Clock,
    new_id: IdFactory,
) -> uuid.UUID:
    values = parse_supplier(fields, items, currency)
    now = clock.now()
    with uow:
        owner = uow.suppliers.id_of_code(values["code"])
        if owner is not None and owner != supplier_id:
            raise FieldError("code", values["code"], "belongs to another supplier")
        skus = [line[0] for line in values["products"]]
        ids = uow.catalogue.ids_of_skus(skus)
        for number, item in enumerate(items, start=1):
            sku = str(item.get("sku") or "").strip()
            if sku and sku not in ids:
                raise FieldError(f"line {number} sku", sku, "is not a product SKU")
        supplier_id = supplier_id or new_id()
        uow.suppliers.save(supplier_id, values, ids, now)
        record_master_edit(
            uow,
            entity="supplier",
            key=supplier_id,
            record=uow.suppliers.master_record(supplier_id),
            code=values["code"],
            by=by,
            clock=clock,
            new_id=new_id,
        )
        uow.commit()
    return supplier_id
