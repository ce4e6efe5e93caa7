"""Batches and their expiry at the back door: what expires soon (alerts, `stock.expiry_alert_days`
ahead), which batches to pick first (FEFO) for a transfer or a pick, and writing off what has
expired — a stock adjustment for the reason "expired", made by a role that may adjust stock
(posapp.domain.batches says how batches on hand are worked out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from posapp.domain.batches import BatchHeld, Pick, batches_on_hand, expired, expiring, fefo
from posapp.domain.shop_settings import DEFINITIONS
from posapp.domain.stock import AdjustmentReason, DocumentType, StockDocument
from posapp.services.shared import Clock, FieldError, IdFactory, UnitOfWork
from posapp.services.stock.documents import change_status, create_document
from posapp.services.stock.drafts import DraftHeader, DraftLine

EXPIRY_ALERT_DAYS = "stock.expiry_alert_days"


@dataclass(frozen=True)
class ExpiryAlert:
    """Batches on hand expiring within `days` of `today` (the expired ones too), soonest first."""

    days: int
    today: date
    batches: list[BatchHeld]

    @property
    def expired(self) -> int:
        return sum(1 for b in self.batches if b.expiry is not None and b.expiry < self.today)


def expiring_soon(uow: UnitOfWork, *, today: date, days: int | None = None) -> ExpiryAlert:
    """What expires within `days`, or within the shop's alert setting when None."""
    with uow:
        setting = uow.settings.stored().get(EXPIRY_ALERT_DAYS)
        moves = uow.stock.batch_moves()
    if days is None:
        chosen = DEFINITIONS[EXPIRY_ALERT_DAYS].default if setting is None else setting
        days = chosen if isinstance(chosen, int) else 30
    return ExpiryAlert(days, today, expiring(batches_on_hand(moves), today=today, days=days))


def pick_first_expiring(
    uow: UnitOfWork, *, sku: str, location: str, quantity_milli: int, today: date
) -> list[Pick]:
    """The batches to take `quantity_milli` of a product from at a location, first expiry first
    and never an expired one."""
    with uow:
        found = uow.catalogue.find_by_sku(sku)
        if found is None:
            raise FieldError("sku", sku, "is no product of ours")
        moves = uow.stock.batch_moves(found.product.id)
    held = [b for b in batches_on_hand(moves) if b.location == location.upper()]
    return fefo(held, quantity_milli, today=today)


def write_off_expired(
    uow: UnitOfWork,
    *,
    location: str | None,
    today: date,
    terminal_code: str,
    clock: Clock,
    new_id: IdFactory,
) -> list[StockDocument]:
    """Every expired batch on hand at `location` (None: at each location), written off in one
    stock adjustment a location for the reason "expired", posted at once; none when nothing
    has expired. The adjustment's own rules decide who may (a role that may adjust stock)."""
    with uow:
        moves = uow.stock.batch_moves()
    places: dict[str, list[BatchHeld]] = {}
    for held in expired(batches_on_hand(moves), today=today):
        if location is None or held.location == location.upper():
            places.setdefault(held.location, []).append(held)
    written = []
    for place, gone in sorted(places.items()):
        header = DraftHeader(
            location_code=place,
            reason=AdjustmentReason.EXPIRED,
            reference=f"Expired batches on {today.isoformat()}",
        )
        lines = [DraftLine(b.sku, b.quantity_milli, None, b.batch, b.expiry) for b in gone]
        document = create_document(
            uow,
            doc_type=DocumentType.STOCK_ADJUSTMENT,
            header=header,
            lines=lines,
            terminal_code=terminal_code,
            clock=clock,
            new_id=new_id,
        )
        written.append(
            change_status(
                uow, document_id=document.id, to_status="posted", clock=clock, new_id=new_id
            )
        )
    return written
