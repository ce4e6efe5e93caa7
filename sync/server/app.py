"""The head-office HTTP service. Stateless: every request reads and writes PostgreSQL, so
several workers can run behind a load balancer.

A body is read only up to MAX_BODY_BYTES, counted on the bytes that arrive (chunked or not), then
checked against the sync contract before anything is applied: a malformed request gets a 4xx
naming the event and field. Who may call is decided in `access`; the routes are in
`routes_sync` (upload, restore, master-data changes) and `routes_people` (enrolment, author keys,
flags); what they take and answer is in `wire`.

No `from __future__ import annotations` here: FastAPI reads the health route's annotations at
run time.
"""

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import FastAPI, Header, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from posapp import __version__
from sync.protocol import MAX_BODY_BYTES, PROTOCOL_VERSION
from sync.server.access import Service, access
from sync.server.limits import CappedBodies
from sync.server.nodes import node_for_token
from sync.server.routes_office import add_office
from sync.server.routes_people import add_author_keys, add_enrolment, add_flags
from sync.server.routes_sync import (
    add_batches,
    add_changes,
    add_reincarnation,
    add_store_feed,
    too_large,
)
from sync.server.wire import BATCH_DEFS, Health

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def create_app(
    engine: Engine,
    *,
    clock: Clock = _utc_now,
    rate: float = 20.0,
    burst: int = 100,
) -> FastAPI:
    app = FastAPI(title="posapp head office", version=__version__)
    app.add_middleware(CappedBodies, limit=MAX_BODY_BYTES)

    @app.middleware("http")
    async def refuse_oversized(request: Request, call_next: Any) -> Any:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return too_large()
        return await call_next(request)

    service = Service(engine=engine, clock=clock, access=access(engine, rate=rate, burst=burst))
    _add_health(app, engine)
    for add in (add_enrolment, add_batches, add_reincarnation, add_author_keys, add_flags):
        add(app, service)
    add_changes(app, service)
    add_store_feed(app, service)
    add_office(app, service)
    _publish_batch_schema(app)
    return app


def _add_health(app: FastAPI, engine: Engine) -> None:
    @app.get("/health", response_model=Health, response_model_exclude_none=True)
    def health(authorization: Annotated[str | None, Header()] = None) -> Any:
        """Up, and the database answers: what a load balancer and a monitor ask. Versions only
        for a caller with a node's token."""
        try:
            with engine.connect() as connection:
                server = connection.execute(text("SHOW server_version")).scalar_one()
                scheme, _, token = (authorization or "").partition(" ")
                known = scheme.lower() == "bearer" and node_for_token(connection, token.strip())
        except SQLAlchemyError as error:
            log.warning("health: the database does not answer: %s", error.__class__.__name__)
            return JSONResponse({"status": "down"}, status_code=503)
        if not known:
            return Health(status="ok")
        return Health(
            status="ok",
            version=__version__,
            protocol=PROTOCOL_VERSION,
            database=f"PostgreSQL {server}",
        )


def _publish_batch_schema(app: FastAPI) -> None:
    """The batch route's body schema's definitions, beside FastAPI's own (see routes_sync)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
            schema.setdefault("components", {}).setdefault("schemas", {}).update(BATCH_DEFS)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend it
