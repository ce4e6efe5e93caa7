"""The shop at a node: its settings and currency, and the back office's people, cash-control,
journal and outbox screens wired to the store."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace

from posapp.bootstrap.catalogue import catalogue_admin
from posapp.bootstrap.node import Node
from posapp.bootstrap.people import add_role, add_user, users
from posapp.bootstrap.records import records_admin
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
from posapp.services.shop import BackOffice, RoleRecord, ShopSettingsAdmin, change_shop_setting
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
    engine, path = node.store.engine, node.store.path

    def roles() -> list[RoleRecord]:
        with node.unit_of_work() as uow:
            return [RoleRecord(*role) for role in uow.users.roles()]

    def z_pdf(number: int) -> bytes:
        from posapp.reports.shift_report_pdf import shift_report_pdf

        return shift_report_pdf(ShiftReport("Z", number, z_payload(engine, number)))

    return BackOffice(
        users=lambda: users(node),
        add_user=lambda username, name, role, pin: add_user(
            node, username=username, name=name, role=role, pin=pin
        ),
        roles=roles,
        set_role_permissions=lambda role, permissions: people.change_role(
            node.unit_of_work(),
            role=role,
            permissions=permissions,
            by=signed_in_as,
            clock=node.clock,
            new_id=node.new_id,
        ),
        add_role=lambda code, name: add_role(node, code=code, name=name, by=signed_in_as),
        shifts=lambda: list_shifts(engine, node.settings.currency),
        z_pdf=z_pdf,
        journal=lambda: journal_rows(engine, node.settings.currency),
        verify_journal=lambda: journal_chain(path) or journaled_rows(path),
        export_journal=lambda target: write_journal(journal_lines(path), target),
        outbox=lambda: outbox_manager.outbox_view(engine),
        retry_quarantined=lambda: local_store.release_quarantine(engine),
        export_outbox=lambda target: local_store.export_unsent(engine, target),
        sync_now=lambda: outbox_manager.sync_now(engine, sync),
        head_office_flags=lambda: outbox_manager.head_office_flags(engine),
        catalogue=catalogue_admin(node, signed_in_as=signed_in_as),
        records=records_admin(node, signed_in_as=signed_in_as),
        settings=ShopSettingsAdmin(node.unit_of_work, node.clock, node.new_id, signed_in_as),
    )


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
