"""Master-data changes arriving from a node: applied only when their author proves who they are
and may make that change in the sending store.

Which refusals refuse what. A change that breaks the contract refuses its whole batch (the node
sent something malformed, see documents.py). A well-formed change whose author cannot be proven,
or may not make it, is refused alone: it is kept with the node's events, not applied, and flagged
for the store's back office with the reason; the sales beside it in the batch are facts and go
in. Head office then sends its own record of that key down again, so the node that made the
refused change returns to what the chain holds.

What each change needs (the permission, in which stores):
- products, price lists, promotions, suppliers, customers: manage_catalogue in the sending
  store, and in each store a price list or promotion names (a promotion for every store, or a
  price list for none in particular: as chain-wide data, in the sending store);
- users: manage_users in the sending store; the role given there may allow no more than the
  author's own; a person who also works in other stores has their name, password, PIN and
  archiving changed only by a chain-wide user manager;
- roles and shop settings are one definition for every store: a chain-wide grant of
  manage_users (roles) or of what the setting's definition names (`shop_settings`: manage_users
  for the limits and controls, device_settings or manage_catalogue for the rest).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from posapp.domain.actors import needed_to_change
from posapp.domain.authorship import Author, proof_matches
from sync.server.changes import record_changes
from sync.server.nodes import Node
from sync.server.people import (
    CHAIN_WIDE,
    Person,
    author_key,
    person_by_id,
    person_by_username,
    publish,
    role_permissions,
)
from sync.server.tables import grants, master_records, people


@dataclass(frozen=True)
class MasterChange:
    """One checked `master.<entity>` event of a batch."""

    event_id: uuid.UUID
    kind: str
    payload: str  # as the node sent it: what the proof covers
    author: Author | None
    entity: str
    key: str
    record: dict[str, Any] | None


class NotAllowed(Exception):
    """A change its author may not make, or cannot prove: refused alone, and flagged."""


def apply_master_changes(
    connection: Connection, node: Node, changes: list[MasterChange], now: datetime
) -> list[tuple[uuid.UUID, str]]:
    """Apply each change its author may make, in order; the (event id, problem) flags of those
    refused."""
    flags = []
    # A catalogue pushed by one person is a thousand changes a batch: their record and key are
    # read once (again after any change to a person, which may be theirs).
    authors: dict[uuid.UUID, tuple[Person, bytes]] = {}
    for change in changes:
        try:
            author = _proven_author(connection, change, authors)
            _check_allowed(connection, node, author, change)
            record = change.record
            if change.entity == "user" and record is not None:
                _apply_person(connection, node, author, change.key, record, now)
                authors.clear()
                continue  # published with head office's grants, by _apply_person
            record_changes(
                connection, [(change.entity, change.key, record)], origin=node.id, at=now
            )
        except NotAllowed as refused:
            flags.append((change.event_id, f"{_label(change)} not applied: {refused}"))
            _send_back_what_head_office_holds(connection, change, now)
    return flags


def _proven_author(
    connection: Connection, change: MasterChange, authors: dict[uuid.UUID, tuple[Person, bytes]]
) -> Person:
    author = change.author
    if author is None:
        raise NotAllowed(
            "it has no author: head office takes master data only from a person who signed in "
            "with a password (this change was made by nobody, or before this node was enrolled)"
        )
    if author.user_id not in authors:
        found = person_by_id(connection, author.user_id)
        if found is None:
            raise NotAllowed(f"its author {author.user_id} is nobody head office knows")
        authors[author.user_id] = (found, author_key(connection, found))
    person, key = authors[author.user_id]
    if person.archived:
        raise NotAllowed(f"its author {person.username} no longer works for the chain")
    if author.version != person.key_version:
        raise NotAllowed(
            f"{person.username}'s author key was revoked at head office: they sign in again "
            "while head office is reachable, and make the change again"
        )
    if not proof_matches(key, change.event_id, change.kind, change.payload, author.proof):
        raise NotAllowed(
            f"its proof is not {person.username}'s: it was altered, or made without their key"
        )
    return person


def _stores(node: Node, change: MasterChange) -> set[str]:
    """Where the author must hold the permission for this change."""
    if change.entity in ("role", "setting"):
        return {CHAIN_WIDE}
    stores = {node.store_code}
    record = change.record or {}
    if change.entity == "price_list" and record.get("store_code"):
        stores.add(str(record["store_code"]))
    if change.entity == "promotion" and change.record is not None:
        stores |= set(record.get("stores") or [CHAIN_WIDE])
    return stores


def _check_allowed(
    connection: Connection, node: Node, author: Person, change: MasterChange
) -> None:
    needed = needed_to_change(change.entity, change.key)
    for store in sorted(_stores(node, change)):
        role = author.role_in(store)
        allowed = role_permissions(connection, role) if role else None
        if allowed is None or needed not in allowed:
            if store == CHAIN_WIDE:
                where = "every store (a chain-wide role)"
                held = f"{role} chain-wide" if role else "no chain-wide role"
            else:
                where, held = (
                    f"store {store}",
                    f"{role} in {store}" if role else f"no role in {store}",
                )
            raise NotAllowed(
                f"{author.username} ({held}) may not change {change.entity.replace('_', ' ')}s: "
                f"that needs {needed.value} in {where}"
            )


def _apply_person(
    connection: Connection,
    node: Node,
    author: Person,
    key: str,
    record: dict[str, Any],
    now: datetime,
) -> None:
    """A user record from a node: their role in the sending store, and who they are."""
    store, role = node.store_code, str(record["role"])
    person_id = uuid.UUID(key)
    granted = role_permissions(connection, role)
    own = role_permissions(connection, author.role_in(store) or "") or frozenset()
    if granted is None:
        raise NotAllowed(f"there is no role {role!r} at head office")
    if not granted <= own:
        raise NotAllowed(
            f"{author.username} may not give the role {role}: it allows more than their own "
            f"({', '.join(sorted(granted - own))})"
        )
    existing = person_by_id(connection, person_id)
    taken = person_by_username(connection, str(record["username"]))
    if taken is not None and taken.id != person_id:
        raise NotAllowed(f"the username {record['username']} is another person's")
    who = {
        "username": record["username"],
        "display_name": record["display_name"],
        "password_hash": record.get("password_hash"),
        "pin_hash": record.get("pin_hash"),
    }
    if existing is None:
        connection.execute(insert(people).values(id=person_id, changed_at=now, **who))
    else:
        elsewhere = set(existing.grants) - {store}
        changes_who = {k: getattr(existing, k) for k in who} != who or (
            bool(record.get("archived")) and bool(elsewhere)
        )
        if changes_who and elsewhere and author.role_in(CHAIN_WIDE) is None:
            raise NotAllowed(
                f"{existing.username} also works in {', '.join(sorted(elsewhere))}: only a "
                "chain-wide user manager changes their name, password, PIN or archives them"
            )
        connection.execute(
            update(people).where(people.c.id == person_id).values(changed_at=now, **who)
        )
    connection.execute(
        delete(grants).where(grants.c.person_id == person_id, grants.c.store_code == store)
    )
    if not record.get("archived"):
        connection.execute(insert(grants).values(person_id=person_id, store_code=store, role=role))
    publish(connection, person_id, now)


def _send_back_what_head_office_holds(
    connection: Connection, change: MasterChange, now: datetime
) -> None:
    held = connection.execute(
        select(master_records.c.payload).where(
            master_records.c.entity == change.entity, master_records.c.key == change.key
        )
    ).first()
    if held is not None:
        record_changes(connection, [(change.entity, change.key, held.payload)], origin=None, at=now)


def _label(change: MasterChange) -> str:
    record = change.record or {}
    name = record.get("sku") or record.get("code") or record.get("username") or change.key
    return f"{change.entity.replace('_', ' ')} {name}"
