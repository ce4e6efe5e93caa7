"""The shop at a node: its settings and currency, and the back office's people, cash-control,
journal and outbox screens wired to the store."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from pathlib import Path

from posapp.bootstrap.catalogue import catalogue_admin
from posapp.bootstrap.costing import NodeCosts
from posapp.bootstrap.counts import NodeCounts
from posapp.bootstrap.node import Node
from posapp.bootstrap.people import add_role, add_user, users
from posapp.bootstrap.purchasing import NodePayables
from posapp.bootstrap.records import records_admin
from posapp.bootstrap.reporting import NodeReports
from posapp.bootstrap.stock import stock_admin
from posapp.bootstrap.workflows import NodeWorkflows
from posapp.db import node_setup
from posapp.db.back_office_queries import journal_rows, list_shifts, write_journal, z_payload
from posapp.db.journal_export import journal_lines
from posapp.db.ledger_checks import journal_chain, journaled_rows
from posapp.db.node_setup import (
    read_settings,
)
from posapp.db.store import (
    StoreError,
)
from posapp.domain.actors import Actor
from posapp.services import people
from posapp.services.cash import ShiftReport
from posapp.services.shared import UserRecord
from posapp.services.shop import (
    BackOffice,
    HeadOfficeFlag,
    JournalRow,
    OutboxView,
    RoleRecord,
    ShiftRow,
    ShopSettingsAdmin,
    change_shop_setting,
)
from sync.client import local_store
from sync.client import manager as outbox_manager
from sync.client.engine import SyncWorker


def settings(node: Node) -> dict[str, object]:
    with node.store.engine.connect() as connection:
        return read_settings(connection)


def change_currency(node: Node, currency: str) -> None:
    """Only while the store holds nothing priced; takes effect from the next start."""
    node_setup.change_currency(node.store.engine, currency.strip().upper(), now=node.clock.now())


def change_setting(node: Node, key: str, text: str, *, by: str = "command line") -> object:
    """Set one of the settings a shop may change, from its JSON text (a bare word is a string);
    the use case checks it."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = text
    change_shop_setting(
        node.unit_of_work(), key=key, value=value, by=by, clock=node.clock, new_id=node.new_id
    )
    return value


def back_office(
    node: Node, *, signed_in_as: str = "Administrator", sync: SyncWorker | None = None
) -> BackOffice:
    """The back-office screens' data, on this node's store; `sync` is this process's sync
    worker, if it runs one."""
    return NodeBackOffice(node, signed_in_as, sync)


class NodeBackOffice:
    """BackOffice on a node's store, for the person signed in (`by`)."""

    def __init__(self, node: Node, by: str, sync: SyncWorker | None) -> None:
        self._node, self._by, self._sync = node, by, sync
        self._engine, self._path = node.store.engine, node.store.path
        self.catalogue = catalogue_admin(node, signed_in_as=by)
        self.records = records_admin(node, signed_in_as=by)
        self.settings = ShopSettingsAdmin(node.unit_of_work, node.clock, node.new_id, by)
        self.stock = stock_admin(node)
        self.counts = NodeCounts(node)
        self.workflows = NodeWorkflows(node)
        self.payables = NodePayables(node)
        self.costs = NodeCosts(node)
        self.reports = NodeReports(node)
        self.chain = None  # head office's own
        self.head_office: str | None = None

    def may(self, permission: str) -> bool:
        actor = self._node.actor
        return actor is None or actor.may(permission)

    def users(self) -> list[UserRecord]:
        return users(self._node)

    def add_user(self, *, username: str, name: str, role: str, pin: str) -> None:
        add_user(self._node, username=username, name=name, role=role, pin=pin)

    def roles(self) -> list[RoleRecord]:
        with self._node.unit_of_work() as uow:
            return [RoleRecord(*role) for role in uow.users.roles()]

    def set_role_permissions(self, *, role: str, permissions: frozenset[str]) -> None:
        node = self._node
        people.change_role(
            node.unit_of_work(),
            role=role,
            permissions=permissions,
            by=self._by,
            clock=node.clock,
            new_id=node.new_id,
        )

    def add_role(self, *, code: str, name: str) -> None:
        add_role(self._node, code=code, name=name, by=self._by)

    def shifts(self) -> list[ShiftRow]:
        return list_shifts(self._engine, self._node.settings.currency)

    def z_pdf(self, z_number: int) -> bytes:
        from posapp.reports.shift_report_pdf import shift_report_pdf

        return shift_report_pdf(ShiftReport("Z", z_number, z_payload(self._engine, z_number)))

    def journal(self) -> list[JournalRow]:
        return journal_rows(self._engine, self._node.settings.currency)

    def verify_journal(self) -> list[str]:
        return journal_chain(self._path) or journaled_rows(self._path)

    def export_journal(self, target: Path) -> int:
        return write_journal(journal_lines(self._path), target)

    def outbox(self) -> OutboxView:
        return outbox_manager.outbox_view(self._engine)

    def retry_quarantined(self) -> int:
        return local_store.release_quarantine(self._engine)

    def export_outbox(self, target: Path) -> int:
        return local_store.export_unsent(self._engine, target)

    def sync_now(self) -> str:
        return outbox_manager.sync_now(self._engine, self._sync)

    def head_office_flags(self) -> list[HeadOfficeFlag]:
        return outbox_manager.head_office_flags(self._engine)


def back_office_as(node: Node, person: uuid.UUID, *, sync: SyncWorker | None = None) -> BackOffice:
    """The back office opened at the till by `person` (the cashier, or the supervisor who
    approved): the master-data changes made there are theirs, checked against their role. A PIN
    opens no author key, so on a node enrolled with head office such changes are refused with
    how to sign in with a password instead."""
    with node.unit_of_work() as uow:
        user = next((u for u in uow.users.all() if u.id == person), None)
    if user is None:
        raise StoreError(f"no user {person} on this till")
    actor = Actor(user.id, user.display_name, user.role, user.permissions)
    return back_office(replace(node, actor=actor), signed_in_as=user.display_name, sync=sync)
