"""What the back-office screens for people and cash control read and change, wired by
bootstrap (the screens know nothing of SQLite): users and roles, shifts with their Z reports,
the journal with its verification and export, and the outbox waiting for head office."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from posapp.services.catalogue import CatalogueAdmin
from posapp.services.partners import RecordsAdmin
from posapp.services.shared import UserRecord
from posapp.services.shop.shop_settings import ShopSettingsAdmin


@dataclass(frozen=True)
class RoleRecord:
    code: str
    name: str
    permissions: frozenset[str]


@dataclass(frozen=True)
class ShiftRow:
    id: uuid.UUID
    number: int
    cashier: str
    opened_at: datetime
    closed_at: datetime | None
    z_number: int | None
    expected_minor: int | None
    counted_minor: int | None
    currency: str

    @property
    def over_short_minor(self) -> int | None:
        if self.expected_minor is None or self.counted_minor is None:
            return None
        return self.counted_minor - self.expected_minor


@dataclass(frozen=True)
class JournalRow:
    seq: int
    at: datetime
    kind: str
    summary: str


@dataclass(frozen=True)
class OutboxBatch:
    first_seq: int
    last_seq: int
    state: str  # sending (in flight, retried) | quarantined (refused, waits for a manager)
    attempts: int
    last_error: str | None


@dataclass(frozen=True)
class HeadOfficeFlag:
    """Something head office flagged (accepted, but odd) or refused, of this store's tills."""

    till: str
    what: str
    at: datetime
    open: bool


@dataclass(frozen=True)
class OutboxView:
    head_office: str | None  # its address; None when this node is not enrolled
    pending: int  # events not yet acknowledged by head office
    oldest_pending_at: datetime | None
    batches: tuple[OutboxBatch, ...]
    set_aside: int = 0  # master records from head office this node could not take
    last_set_aside: str | None = None  # the newest of them: what and why

    @property
    def quarantined(self) -> int:
        return sum(batch.state == "quarantined" for batch in self.batches)


@dataclass(frozen=True)
class BackOffice:
    users: Callable[[], list[UserRecord]]
    add_user: Callable[[str, str, str, str], None]  # username, name, role, PIN
    roles: Callable[[], list[RoleRecord]]
    set_role_permissions: Callable[[str, frozenset[str]], None]
    add_role: Callable[[str, str], None]  # code, name: a new role starts with no permissions
    shifts: Callable[[], list[ShiftRow]]
    z_pdf: Callable[[int], bytes]  # Z number → the A4 report
    journal: Callable[[], list[JournalRow]]
    verify_journal: Callable[[], list[str]]  # problems; empty when the chain holds
    export_journal: Callable[[Path], int]  # entries written
    outbox: Callable[[], OutboxView]
    retry_quarantined: Callable[[], int]  # batches released
    export_outbox: Callable[[Path], int]  # unsent events written
    sync_now: Callable[[], str]  # what happened, in a sentence
    # What head office flagged of this store; raises SyncFailure when it cannot be asked.
    head_office_flags: Callable[[], list[HeadOfficeFlag]]
    catalogue: CatalogueAdmin | None = None  # products and pricing (managers)
    records: RecordsAdmin | None = None  # customers and price lists
    settings: ShopSettingsAdmin | None = None  # the shop's settings
