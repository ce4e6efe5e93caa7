"""Park a basket to serve the next customer, and recall it later — even after a restart."""

from __future__ import annotations

import uuid

from posapp.domain.basket import Basket
from posapp.domain.errors import DomainError
from posapp.services.shared import Clock, IdFactory, ParkedSale, UnitOfWork


def park_basket(
    uow: UnitOfWork, *, basket: Basket, label: str, clock: Clock, new_id: IdFactory
) -> uuid.UUID:
    basket.require_lines()
    parked_id = new_id()
    with uow:
        uow.parked.park(
            parked_id, label.strip() or f"{len(basket.lines)} lines", basket, clock.now()
        )
        uow.commit()
    return parked_id


def parked_baskets(uow: UnitOfWork) -> list[ParkedSale]:
    with uow:
        return uow.parked.list()


def recall_basket(uow: UnitOfWork, *, parked_id: uuid.UUID) -> Basket:
    with uow:
        basket = uow.parked.take(parked_id)
        if basket is None:
            raise DomainError("that parked sale was already recalled")
        uow.commit()
    return basket
