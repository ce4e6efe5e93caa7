"""Back-office edits to the catalogue that every till of the chain must see: each is written
with a journal entry (who, when, old → new) and a `master.product` outbox event carrying the
product's whole record, so head office orders it and sends it back down to every node."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.services.journal_events import canonical, journal_event
from posapp.services.ports import Clock, IdFactory, UnitOfWork

# Master-data aggregates have string keys (a role code, a setting key) as well as UUIDs; the
# outbox's aggregate column is a UUID, so keys are mapped into one namespace.
MASTER_KEYS = uuid.UUID("5a1e5c0d-7e57-4c2a-9b1f-0d0c0ffee000")


@dataclass(frozen=True)
class ProductChanged:
    sku: str
    old_price: Money
    new_price: Money


def queue_master_change(
    uow: UnitOfWork, *, entity: str, key: str, record: object, clock: Clock, new_id: IdFactory
) -> None:
    """The outbox event that carries one master-data edit to head office."""
    uow.outbox.append(
        event_id=new_id(),
        kind=f"master.{entity}",
        aggregate_id=uuid.uuid5(MASTER_KEYS, f"{entity}:{key}"),
        payload=canonical({"entity": entity, "key": key, "record": record}),
        at=clock.now(),
    )


def _product(uow: UnitOfWork, sku: str) -> tuple[uuid.UUID, Money]:
    found = uow.catalogue.price_of_sku(sku)
    if found is None:
        raise DomainError(f"no product with SKU {sku!r}")
    return found


def change_price(
    uow: UnitOfWork, *, sku: str, price: Money, by: str, clock: Clock, new_id: IdFactory
) -> ProductChanged:
    if price.minor < 0:
        raise DomainError(f"price must not be negative, got {price}")
    with uow:
        product_id, old = _product(uow, sku)
        if price.currency != old.currency:
            raise DomainError(f"price must be in {old.currency}, got {price.currency}")
        uow.catalogue.set_price(product_id, price.minor, clock.now())
        journal_event(
            uow,
            "price_changed",
            {"sku": sku, "old": old.minor, "new": price.minor, "by": by},
            at=clock.now(),
            new_id=new_id,
        )
        record = uow.catalogue.master_record(product_id)
        queue_master_change(
            uow, entity="product", key=str(product_id), record=record, clock=clock, new_id=new_id
        )
        uow.commit()
    return ProductChanged(sku, old, price)


def archive_product(uow: UnitOfWork, *, sku: str, by: str, clock: Clock, new_id: IdFactory) -> None:
    """Off the shelves: no longer found by search or scan; history keeps pointing at it."""
    with uow:
        product_id, _ = _product(uow, sku)
        uow.catalogue.set_state(product_id, "ARCHIVED", clock.now())
        journal_event(
            uow, "product_archived", {"sku": sku, "by": by}, at=clock.now(), new_id=new_id
        )
        record = uow.catalogue.master_record(product_id)
        queue_master_change(
            uow, entity="product", key=str(product_id), record=record, clock=clock, new_id=new_id
        )
        uow.commit()
