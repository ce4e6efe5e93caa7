"""Who may talk to head office: one-time enrolment codes, nodes and their bearer tokens."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, func, insert, select, text, update

from sync.server.tables import enrolment_codes, nodes

CODE_LIFETIME = timedelta(days=7)
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: it is read out and typed


class EnrolmentRefused(Exception):
    """The code is unknown, expired or already used: nothing was enrolled."""


@dataclass(frozen=True)
class Node:
    id: uuid.UUID
    store_code: str
    terminal_code: str
    incarnation: int
    revoked: bool


@dataclass(frozen=True)
class Enrolment:
    node: Node
    token: str  # shown once, to the node; head office keeps only its hash


def sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _normalised(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_enrolment_code(
    engine: Engine, *, store_code: str, terminal_code: str, now: datetime
) -> str:
    """A code for one till of one store, usable once within CODE_LIFETIME."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    with engine.begin() as connection:
        connection.execute(
            insert(enrolment_codes).values(
                code_sha256=sha256(raw),
                store_code=store_code,
                terminal_code=terminal_code,
                created_at=now,
                expires_at=now + CODE_LIFETIME,
            )
        )
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def _new_incarnation(
    connection: Connection,
    store_code: str,
    terminal_code: str,
    *,
    client_version: str,
    now: datetime,
    last_seq: int = 0,
) -> tuple[Node, str]:
    """A till's next incarnation (enrolled again, or going on after a restore) and its token,
    shown once; head office keeps only the token's hash. Its receipt numbers are flagged at or
    below the highest its earlier incarnations sent (see receipt_numbers)."""
    earlier, floor = connection.execute(
        select(
            func.coalesce(func.max(nodes.c.incarnation), 0),
            func.coalesce(func.max(func.greatest(nodes.c.last_number, nodes.c.number_floor)), 0),
        ).where(nodes.c.store_code == store_code, nodes.c.terminal_code == terminal_code)
    ).one()
    incarnation = 1 + int(earlier)
    node = Node(uuid.uuid4(), store_code, terminal_code, incarnation, False)
    token = secrets.token_urlsafe(32)
    connection.execute(
        insert(nodes).values(
            id=node.id,
            store_code=store_code,
            terminal_code=terminal_code,
            incarnation=incarnation,
            token_sha256=sha256(token),
            last_seq=last_seq,
            number_floor=floor,
            client_version=client_version[:40],
            enrolled_at=now,
        )
    )
    return node, token


def enrol(
    engine: Engine,
    *,
    code: str,
    client_version: str,
    now: datetime,
    keeping: tuple[str | None, str | None] | None = None,
) -> Enrolment:
    """Use the code once. `keeping`: the store and till codes a node with documents already
    has; a code for another store or till is then refused and stays unused."""
    with engine.begin() as connection:
        slot = connection.execute(
            select(enrolment_codes)
            .where(enrolment_codes.c.code_sha256 == sha256(_normalised(code)))
            .with_for_update()
        ).first()
        if slot is None:
            raise EnrolmentRefused("unknown enrolment code")
        if slot.used_at is not None:
            raise EnrolmentRefused("this enrolment code was already used: ask for a new one")
        if slot.expires_at < now:
            raise EnrolmentRefused("this enrolment code has expired: ask for a new one")
        if keeping is not None and keeping != (slot.store_code, slot.terminal_code):
            raise EnrolmentRefused(
                f"this code is for till {slot.terminal_code} of store {slot.store_code}, but this "
                f"till already has sales as {keeping[0]}-{keeping[1]}: ask for a code for "
                f"{keeping[0]}-{keeping[1]}, or enrol a fresh data directory (the code is unused)"
            )
        node, token = _new_incarnation(
            connection, slot.store_code, slot.terminal_code, client_version=client_version, now=now
        )
        connection.execute(
            update(enrolment_codes)
            .where(enrolment_codes.c.code_sha256 == slot.code_sha256)
            .values(used_at=now, node_id=node.id)
        )
    return Enrolment(node, token)


def node_for_token(connection: Connection, token: str) -> Node | None:
    row = connection.execute(
        select(
            nodes.c.id,
            nodes.c.store_code,
            nodes.c.terminal_code,
            nodes.c.incarnation,
            nodes.c.revoked_at,
        ).where(nodes.c.token_sha256 == sha256(token))
    ).first()
    if row is None:
        return None
    return Node(
        row.id, row.store_code, row.terminal_code, row.incarnation, row.revoked_at is not None
    )


def revoke(engine: Engine, *, store_code: str, terminal_code: str, now: datetime) -> int:
    """Revoke every incarnation of a till. What it already sent stays; it may send no more."""
    with engine.begin() as connection:
        result = connection.execute(
            update(nodes)
            .where(
                nodes.c.store_code == store_code,
                nodes.c.terminal_code == terminal_code,
                nodes.c.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )
    return int(result.rowcount)


class NotRestored(Exception):
    """A node asked for a new incarnation without being behind head office: refused."""


@dataclass(frozen=True)
class Reincarnation:
    enrolment: Enrolment
    last_receipt: int  # the highest receipt number head office holds in the till's series
    last_shift: int  # … and shift number, and Z number: the till numbers on past them
    last_z: int


def reincarnate(
    engine: Engine, node: Node, *, resume_from: int, client_version: str, now: datetime
) -> Reincarnation:
    """A till restored from a backup goes on as a new incarnation of itself, without a new code:
    a new device id and token whose sequence starts at `resume_from` (what the till has not had
    acknowledged), and the old incarnation revoked. Only for a node head office is ahead of."""
    with engine.begin() as connection:
        last_seq = connection.execute(
            select(nodes.c.last_seq).where(nodes.c.id == node.id).with_for_update()
        ).scalar_one()
        if resume_from > last_seq:
            raise NotRestored(
                f"head office has this till's events up to {last_seq}; it is not behind"
            )
        new, token = _new_incarnation(
            connection,
            node.store_code,
            node.terminal_code,
            client_version=client_version,
            now=now,
            last_seq=resume_from - 1,
        )
        connection.execute(update(nodes).where(nodes.c.id == node.id).values(revoked_at=now))
        last_number = connection.execute(
            select(nodes.c.number_floor).where(nodes.c.id == new.id)
        ).scalar_one()
        last_shift, last_z = connection.execute(
            text(
                "SELECT max(number), max(z_number) FROM shifts "
                "WHERE store_code = :store AND terminal_code = :terminal"
            ),
            {"store": node.store_code, "terminal": node.terminal_code},
        ).one()
    return Reincarnation(
        Enrolment(new, token), int(last_number or 0), int(last_shift or 0), int(last_z or 0)
    )
