"""This node's author keys: received from head office at an online password sign-in, kept
sealed under that person's password, opened again at their next sign-in (online or not).

See `posapp.domain.authorship` for why: head office applies a master-data change only with its
author's proof, and nobody holding this store file alone can make one."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select

from posapp.db.engine import write_connection
from posapp.db.tables import author_keys
from posapp.domain.authorship import AuthorKey, open_sealed, seal
from sync.client import local_store
from sync.client.http import HeadOffice, NotAllowed, Rejected, SyncFailure

log = logging.getLogger(__name__)

# A sign-in waits this long for head office before going on with the key it already holds.
SIGN_IN_TIMEOUT = 3.0


class AuthorKeyRefused(Exception):
    """Head office refused this person a key (wrong password there, no role in this store, or
    this till revoked); any key this node held for them is forgotten."""


def author_key_at_sign_in(engine: Engine, username: str, password: str) -> AuthorKey | None:
    """The author key of a person who has just signed in here with `password`: a fresh one from
    head office when it answers (kept, sealed), else the one kept from an earlier sign-in; None
    on a node that is not enrolled or when this person has never signed in online here."""
    identity = local_store.identity(engine)
    if identity is None:
        return None
    head_office = HeadOffice(identity.server_url, identity.token, read_timeout=SIGN_IN_TIMEOUT)
    try:
        answer = head_office.author_key(username, password)
    except (NotAllowed, Rejected) as refused:
        _forget(engine, username)
        # "403: reason": the person is told head office's reason, not its status code.
        raise AuthorKeyRefused(str(refused).partition(": ")[2] or str(refused)) from None
    except SyncFailure as offline:
        log.info("author key for %s from what this node holds: %s", username, offline)
        return _kept(engine, username, password)
    finally:
        head_office.close()
    key = AuthorKey(
        uuid.UUID(str(answer["user_id"])),
        str(answer["username"]),
        int(answer["version"]),
        bytes.fromhex(str(answer["key"])),
    )
    _keep(engine, key, password)
    return key


def _kept(engine: Engine, username: str, password: str) -> AuthorKey | None:
    with engine.connect() as connection:
        row = connection.execute(
            select(author_keys).where(author_keys.c.username == username)
        ).first()
    if row is None:
        return None
    opened = open_sealed(row.sealed, password)
    return None if opened is None else AuthorKey(row.user_id, username, row.version, opened)


def _keep(engine: Engine, key: AuthorKey, password: str) -> None:
    with write_connection(engine) as connection, connection.begin():
        connection.execute(delete(author_keys).where(author_keys.c.username == key.username))
        connection.execute(delete(author_keys).where(author_keys.c.user_id == key.user_id))
        connection.execute(
            insert(author_keys).values(
                user_id=key.user_id,
                username=key.username,
                version=key.version,
                sealed=seal(key.key, password),
                received_at=datetime.now(UTC),
            )
        )


def _forget(engine: Engine, username: str) -> None:
    with write_connection(engine) as connection, connection.begin():
        connection.execute(delete(author_keys).where(author_keys.c.username == username))
