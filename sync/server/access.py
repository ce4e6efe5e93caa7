"""Who may call head office: every sync call names its protocol version (426 when too old) and
carries a node's bearer token (401 unknown, 403 revoked), checked before any body is read; each
node may make `rate` requests a second (a burst of `burst`), more get 429 with Retry-After.

No `from __future__ import annotations`: FastAPI reads these dependencies' annotations at run
time, and `node` names `protocol`, made in the same call.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Header, HTTPException
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from sync.protocol import (
    CLIENT_HEADER,
    CLOCK_HEADER,
    OLDEST_PROTOCOL,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    ZONE_HEADER,
)
from sync.server.clocks import compare_clock
from sync.server.limits import RateLimiter
from sync.server.nodes import Node, node_for_token
from sync.server.store_zones import record_zone


@dataclass(frozen=True)
class Access:
    """The two checks routes depend on: `protocol` (the client's version string) and `node`
    (the calling node, its token and rate checked; implies `protocol`)."""

    protocol: Callable[..., str]
    node: Callable[..., Node]


@dataclass(frozen=True)
class Service:
    """What every route needs: the database, the clock and the access checks."""

    engine: Engine
    clock: Callable[[], datetime]
    access: Access


def _protocol(
    x_posapp_protocol: Annotated[int | None, Header(alias=PROTOCOL_HEADER)] = None,
    x_posapp_client: Annotated[str | None, Header(alias=CLIENT_HEADER)] = None,
) -> str:
    if x_posapp_protocol is None or x_posapp_client is None:
        raise HTTPException(400, f"{PROTOCOL_HEADER} and {CLIENT_HEADER} headers are required")
    if x_posapp_protocol < OLDEST_PROTOCOL:
        raise HTTPException(
            426,
            f"sync protocol {x_posapp_protocol} is too old (this server needs "
            f"{OLDEST_PROTOCOL}–{PROTOCOL_VERSION}): upgrade posapp on this till",
        )
    return x_posapp_client


def access(engine: Engine, *, rate: float, burst: int) -> Access:
    limiter = RateLimiter(rate=rate, burst=burst)

    def node(
        _: Annotated[str, Depends(_protocol)],
        authorization: Annotated[str | None, Header()] = None,
        x_posapp_clock: Annotated[str | None, Header(alias=CLOCK_HEADER)] = None,
        x_posapp_zone: Annotated[str | None, Header(alias=ZONE_HEADER)] = None,
    ) -> Node:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise HTTPException(401, "a bearer token is required: enrol this till first")
        try:
            with engine.connect() as connection:
                found = node_for_token(connection, token.strip())
        except SQLAlchemyError:
            raise HTTPException(503, "head office's database is unreachable") from None
        if found is None:
            raise HTTPException(401, "unknown token: enrol this till again")
        if found.revoked:
            raise HTTPException(403, "this till was revoked by head office; its queue is kept")
        wait = limiter.wait(found.id)
        if wait > 0:
            raise HTTPException(
                429,
                f"more than {rate:g} requests a second from this node: slow down",
                headers={"Retry-After": str(max(1, round(wait)))},
            )
        with contextlib.suppress(SQLAlchemyError):  # a flag not written waits for the next call
            compare_clock(engine, found, x_posapp_clock, datetime.now(UTC))
            record_zone(engine, found.store_code, x_posapp_zone, datetime.now(UTC))
        return found

    return Access(protocol=_protocol, node=node)
