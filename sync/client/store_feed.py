"""Pulling the store feed: the movements the store's other nodes made (its tills' sales, the
back office's receipts), so that this node's stock is the whole store's. Each page is checked
against the contract, then written with its cursor in one local transaction; afterwards the
store's posted counts are settled again for anything dated before they counted it (an offline
till's late sales), in a transaction of their own — if the process dies between the two, the
next settling finds the same movements, because a count remembers how far it has settled."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import Engine, update

from posapp.db.engine import write_connection
from posapp.db.store_movements import apply_store_movements
from posapp.db.tables import sync_identity
from posapp.domain.ids import Uuid7Factory
from posapp.services.shared import StockMovement
from sync.client import local_store
from sync.client.http import HeadOffice, Rejected, Transient

log = logging.getLogger(__name__)
PAGE = 1000


def pull_store_movements(
    head_office: HeadOffice, engine: Engine, clock: Callable[[], datetime]
) -> int:
    """Every page after this node's store cursor; how many movements were written."""
    from sync.contract import describe, store_page

    cursor = local_store.store_cursor(engine)
    written = 0
    while True:
        try:
            answer = head_office.store_movements(cursor, PAGE)
        except Rejected as rejected:
            if rejected.status == 404:  # a head office older than the store feed
                return written
            raise Transient(f"store movements: {rejected}") from None
        try:
            page = store_page(answer)
        except ValidationError as error:
            raise Transient(f"store movements: head office sent {describe(error)}") from None
        written += _apply(engine, page, clock())
        cursor = page.cursor
        if not page.more:
            break
    if written:
        settle_counts(engine, clock())
    return written


def _apply(engine: Engine, page: object, now: datetime) -> int:
    from sync.contract import StorePage

    assert isinstance(page, StorePage)
    movements = [
        StockMovement(
            id=m.id,
            product_id=m.product_id,
            location_id=m.location_id,
            quantity_milli=m.quantity_milli,
            reason=m.reason,
            created_at=now,
            business_at=m.business_at,
            origin=m.origin,
            origin_document=m.document,
        )
        for m in page.movements
    ]
    with write_connection(engine) as connection, connection.begin():
        refused = apply_store_movements(connection, movements, at=now)
        for movement, reason in refused:
            log.warning("store movement %s set aside: %s", movement.id, reason)
            local_store.set_aside(
                connection,
                "store.movement",
                str(movement.id),
                {"product_id": str(movement.product_id), "quantity": movement.quantity_milli},
                reason=reason,
                at=now,
            )
        connection.execute(update(sync_identity).values(store_cursor=page.cursor))
    return len(movements) - len(refused)


def settle_counts(engine: Engine, now: datetime) -> list[str]:
    """Settle the posted counts again (services.stock.correct_counts); the adjustments made."""
    from posapp.db.unit_of_work import SqlAlchemyUnitOfWork
    from posapp.services.stock import correct_counts

    with SqlAlchemyUnitOfWork(engine) as uow:
        made = correct_counts(uow, now=now, new_id=Uuid7Factory())
        uow.commit()
    if made:
        log.info("counts settled again for late movements: %s", ", ".join(made))
    return made
