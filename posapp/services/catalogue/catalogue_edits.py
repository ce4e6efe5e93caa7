"""Back-office edits to the catalogue that every till of the chain must see: each is written
with a journal entry (who, when, old → new) and a `master.product` outbox event carrying the
product's whole record, so head office orders it and sends it back down to every node."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.services.shared import (
    Clock,
    IdFactory,
    Progress,
    UnitOfWork,
    journal_event,
    queue_master_change,
    queue_master_changes,
)


@dataclass(frozen=True)
class ProductChanged:
    sku: str
    old_price: Money
    new_price: Money


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


PUBLISHED_AT_ONCE = 1_000  # products read and queued together


def publish_catalogue(
    uow: UnitOfWork,
    *,
    by: str,
    clock: Clock,
    new_id: IdFactory,
    progress: Progress | None = None,
) -> int:
    """Every product's record queued for head office again, as it is now (its category and
    brand with it): how a chain's head office learns what its records did not say before
    contract 6. All or nothing, signed by whoever publishes; how many were queued."""
    published = 0
    with uow:
        after = ""
        while found := uow.catalogue.master_records_after(after, PUBLISHED_AT_ONCE):
            queue_master_changes(
                uow,
                entity="product",
                records=[(str(record["id"]), record) for _, record in found],
                clock=clock,
                new_id=new_id,
            )
            published += len(found)
            after = found[-1][0]
            if progress is not None:
                progress("publishing", published, 0)
        journal_event(
            uow,
            "catalogue_published",
            {"products": published, "by": by},
            at=clock.now(),
            new_id=new_id,
        )
        uow.commit()
    return published
