"""What the back-office screens for people and cash control read and change, wired by
bootstrap (the screens know nothing of SQLite): users and roles, shifts with their Z reports,
the journal with its verification and export, and the outbox waiting for head office."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from posapp.services.catalogue import CatalogueAdmin
from posapp.services.costing import CostsAdmin
from posapp.services.partners import RecordsAdmin
from posapp.services.reporting import ChainAdmin, ReportsAdmin
from posapp.services.shared import UserRecord
from posapp.services.shop.shop_settings import ShopSettingsAdmin
from posapp.services.stock import CountsAdmin, PayablesAdmin, StockAdmin, WorkflowsAdmin


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


class BackOffice(Protocol):
    """What the back office's screens read and change, for the person signed in (bootstrap
    implements it on a node's store): people and roles, shifts and Z reports, the journal, the
    outbox, and the catalogue, records and settings pages where this person may see them."""

    @property
    def catalogue(self) -> CatalogueAdmin | None:
        """Products and pricing (managers)."""
        ...

    @property
    def records(self) -> RecordsAdmin | None:
        """Customers, suppliers, price lists and promotions."""
        ...

    @property
    def settings(self) -> ShopSettingsAdmin | None: ...

    @property
    def stock(self) -> StockAdmin | None:
        """Stock on hand, goods in and adjustments."""
        ...

    @property
    def counts(self) -> CountsAdmin | None:
        """Stock counts."""
        ...

    @property
    def payables(self) -> PayablesAdmin | None:
        """Suppliers' accounts: what they are owed, their bills and open orders, payments."""
        ...

    @property
    def costs(self) -> CostsAdmin | None:
        """Stock value as of a day, and what each sale cost and earned."""
        ...

    @property
    def reports(self) -> ReportsAdmin | None:
        """The catalogue's reports: sales, margin and tills over a span of days."""
        ...

    @property
    def chain(self) -> ChainAdmin | None:
        """The chain's lists (stock across stores, documents, flags): at head office only."""
        ...

    @property
    def head_office(self) -> str | None:
        """Head office's address when these pages show the chain's data (its reports: only
        they are served there yet); None on a node's own store."""
        ...

    @property
    def workflows(self) -> WorkflowsAdmin | None:
        """The document types' workflows (administrators)."""
        ...

    def may(self, permission: str) -> bool:
        """Whether the person signed in holds `permission` (anyone, on a shop that signs
        nobody in)."""
        ...

    def users(self) -> list[UserRecord]: ...

    def add_user(self, *, username: str, name: str, role: str, pin: str) -> None: ...

    def roles(self) -> list[RoleRecord]: ...

    def set_role_permissions(self, *, role: str, permissions: frozenset[str]) -> None: ...

    def add_role(self, *, code: str, name: str) -> None:
        """A new role starts with no permissions."""
        ...

    def shifts(self) -> list[ShiftRow]: ...

    def z_pdf(self, z_number: int) -> bytes:
        """The Z report as the A4 PDF a manager signs."""
        ...

    def journal(self) -> list[JournalRow]: ...

    def verify_journal(self) -> list[str]:
        """Problems found; empty when the chain holds."""
        ...

    def export_journal(self, target: Path) -> int:
        """Entries written."""
        ...

    def outbox(self) -> OutboxView: ...

    def retry_quarantined(self) -> int:
        """Batches released to be sent again."""
        ...

    def export_outbox(self, target: Path) -> int:
        """Unsent events written."""
        ...

    def sync_now(self) -> str:
        """What happened, in a sentence."""
        ...

    def head_office_flags(self) -> list[HeadOfficeFlag]:
        """What head office flagged of this store; SyncFailure when it cannot be asked."""
        ...
