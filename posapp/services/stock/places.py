"""Where a store keeps its stock — the shop floor, a back room, a warehouse, quarantine — and the
reorder point and level of a product at each, below which the stock screens call it low."""

from __future__ import annotations

import re
import uuid

from posapp.domain.actors import NotPermitted
from posapp.domain.numbers import MAX_QUANTITY_MILLI
from posapp.domain.permissions import Permission
from posapp.domain.stock import LocationKind, location_id_of
from posapp.services.shared import Clock, FieldError, IdFactory, UnitOfWork, journal_event

_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,19}")


def add_location(
    uow: UnitOfWork,
    *,
    code: str,
    name: str,
    kind: LocationKind,
    capacity: int | None,
    clock: Clock,
    new_id: IdFactory,
) -> uuid.UUID:
    """A new location of this store, by a person who may adjust stock (journaled)."""
    code, name = code.strip().upper(), name.strip()
    if not _CODE.fullmatch(code):
        raise FieldError("code", code, "is 1–20 capital letters, digits, - or _")
    if not name or len(name) > 200 or not name.isprintable():
        raise FieldError("name", name, "is 1–200 printable characters")
    if capacity is not None and not 0 <= capacity <= 10**9:
        raise FieldError("capacity", str(capacity), "is a whole number from 0 to 1,000,000,000")
    now = clock.now()
    with uow:
        by = _manager(uow)
        if uow.stock_documents.location_id(code) is not None:
            raise FieldError("code", code, "is another location's")
        location_id = location_id_of(str(uow.settings.stored()["node.store_code"]), code)
        uow.stock_documents.add_location(
            location_id, code=code, name=name, kind=kind, capacity=capacity, at=now
        )
        journal_event(
            uow,
            "location_added",
            {"code": code, "name": name, "kind": kind.value, "by": by},
            at=now,
            new_id=new_id,
        )
        uow.commit()
    return location_id


def set_limits(
    uow: UnitOfWork,
    *,
    sku: str,
    location_code: str | None,
    point_milli: int,
    level_milli: int,
) -> None:
    """The product's reorder point (below it: low) and level (what to order up to) at the
    location (None: the shop floor)."""
    if not 0 <= point_milli <= MAX_QUANTITY_MILLI:
        raise FieldError("reorder point", f"{point_milli / 1000:g}", "is 0 or more")
    if not point_milli <= level_milli <= MAX_QUANTITY_MILLI:
        raise FieldError("reorder level", f"{level_milli / 1000:g}", "is at least the point")
    with uow:
        _manager(uow)
        product_id = uow.catalogue.ids_of_skus([sku]).get(sku)
        if product_id is None:
            raise FieldError("sku", sku, "is not a product SKU")
        location_id = uow.stock_documents.location_id(location_code)
        if location_id is None:
            raise FieldError("location", location_code or "", "is not a location here")
        uow.stock_documents.set_limits(product_id, location_id, point_milli, level_milli)
        uow.commit()


def _manager(uow: UnitOfWork) -> str:
    actor = uow.actor
    if actor is None or not actor.may(Permission.ADJUST_STOCK):
        who = "nobody signed in" if actor is None else f"{actor.name} ({actor.role})"
        raise NotPermitted(
            f"{who} may not change the store's locations or reorder limits: that needs a "
            "role with adjust_stock"
        )
    return actor.name
