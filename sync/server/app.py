"""The head-office HTTP service. Stateless: every request reads and writes PostgreSQL, so
several workers can run behind a load balancer.

Every sync call names its protocol version (426 when too old) and carries a node's bearer token
(401 unknown, 403 revoked), checked before the body is read. A body is read only up to
MAX_BODY_BYTES, counted on the bytes that arrive (chunked or not), then checked against the sync
contract before anything is applied: a malformed request gets a 4xx naming the event and field.
Each node may make `rate` requests a second (a burst of `burst`); more get 429 with Retry-After.

No `from __future__ import annotations` here: FastAPI reads the dependency annotations of the
routes at run time, and they name functions local to create_app.
"""

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel, Field, ValidationError
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from posapp import __version__
from posapp.domain.authorship import Author
from sync.contract import describe
from sync.protocol import (
    AUTHOR_KEY_PATH,
    BATCHES_PATH,
    CHANGES_PATH,
    CLIENT_HEADER,
    ENROL_PATH,
    FLAGS_PATH,
    MAX_BATCH_EVENTS,
    MAX_BODY_BYTES,
    MAX_CHANGES_PAGE,
    OLDEST_PROTOCOL,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    REINCARNATE_PATH,
)
from sync.server import people, review
from sync.server.changes import MustRefetch, read_changes
from sync.server.documents import IncomingEvent
from sync.server.limits import BodyTooLarge, CappedBodies, RateLimiter, read_body
from sync.server.nodes import (
    EnrolmentRefused,
    Node,
    NotRestored,
    enrol,
    node_for_token,
    reincarnate,
)
from sync.server.upload import apply_batch

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)


class Health(BaseModel):
    status: str
    # Only for a caller with a node's token: a stranger learns up or down, nothing to aim at.
    version: str | None = None
    protocol: int | None = None
    database: str | None = None


class EnrolRequest(BaseModel):
    code: str = Field(min_length=4, max_length=40)
    # What the till is now: one with documents numbered for another store or till cannot
    # become this one (its numbers would collide), so it is refused before the code is used.
    store_code: str | None = Field(default=None, max_length=20)
    terminal_code: str | None = Field(default=None, max_length=20)
    has_documents: bool = False


class EnrolAnswer(BaseModel):
    device_id: uuid.UUID
    incarnation: int
    token: str
    store_code: str
    terminal_code: str


class AuthorIn(BaseModel):
    """Who made a master-data change, and their proof (posapp.domain.authorship)."""

    user: uuid.UUID
    version: int = Field(ge=1, le=2**31 - 1)
    proof: str = Field(pattern=r"^[0-9a-f]{64}$")


class EventIn(BaseModel):
    seq: int = Field(ge=1, le=2**62)
    id: uuid.UUID
    kind: str = Field(pattern=r"^[a-z][a-z_]{0,15}\.[a-z][a-z_]{0,29}$")
    aggregate_id: uuid.UUID
    created_at: AwareDatetime
    payload: str = Field(min_length=2, max_length=1_000_000)
    author: AuthorIn | None = None


class BatchIn(BaseModel):
    batch_id: uuid.UUID
    events: list[EventIn] = Field(min_length=1, max_length=MAX_BATCH_EVENTS)


class ReincarnateIn(BaseModel):
    resume_from: int = Field(ge=1, le=2**62)


class ReincarnateOut(BaseModel):
    device_id: uuid.UUID
    incarnation: int
    token: str
    last_receipt: int
    last_shift: int = 0
    last_z: int = 0


class AuthorKeyIn(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)


class AuthorKeyOut(BaseModel):
    user_id: uuid.UUID
    username: str
    version: int
    key: str  # hex; the node keeps it sealed under the person's password


class FlagOut(BaseModel):
    till: str
    what: str
    at: datetime
    open: bool


class FlagsOut(BaseModel):
    flags: list[FlagOut]


class BatchAnswerOut(BaseModel):
    batch_id: str
    first_seq: int
    last_seq: int
    applied: int
    duplicates: int
    flagged: int
    next_seq: int
    repeated: bool


class ChangeOut(BaseModel):
    seq: int
    entity: str
    key: str
    record: dict[str, Any] | None


class ChangesOut(BaseModel):
    changes: list[ChangeOut]
    cursor: str
    more: bool


class Problem(BaseModel):
    detail: str


def _utc_now() -> datetime:
    return datetime.now(UTC)


# The batch route reads its body itself (after the token, up to the limit), so FastAPI does not
# see a body parameter: the schema is published by hand, for clients and for the fuzz test.
_BATCH_SCHEMA = BatchIn.model_json_schema(ref_template="#/components/schemas/{model}")
_BATCH_DEFS = _BATCH_SCHEMA.pop("$defs", {})


def create_app(
    engine: Engine,
    *,
    clock: Clock = _utc_now,
    rate: float = 20.0,
    burst: int = 100,
) -> FastAPI:
    app = FastAPI(title="posapp head office", version=__version__)
    limiter = RateLimiter(rate=rate, burst=burst)
    app.add_middleware(CappedBodies, limit=MAX_BODY_BYTES)

    @app.middleware("http")
    async def refuse_oversized(request: Request, call_next: Any) -> Any:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return JSONResponse(
                {"detail": f"request body over {MAX_BODY_BYTES} bytes: send smaller batches"},
                status_code=413,
            )
        return await call_next(request)

    def protocol(
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

    def node(
        _: Annotated[str, Depends(protocol)],
        authorization: Annotated[str | None, Header()] = None,
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
        return found

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

    @app.post(
        ENROL_PATH,
        response_model=EnrolAnswer,
        responses={403: {"model": Problem}, 426: {"model": Problem}},
    )
    def enrol_node(body: EnrolRequest, client: Annotated[str, Depends(protocol)]) -> EnrolAnswer:
        """Trade a one-time code for this till's device id and token (shown once)."""
        try:
            done = enrol(
                engine,
                code=body.code,
                client_version=client,
                now=clock(),
                keeping=(body.store_code, body.terminal_code) if body.has_documents else None,
            )
        except EnrolmentRefused as refused:
            raise HTTPException(403, str(refused)) from None
        return EnrolAnswer(
            device_id=done.node.id,
            incarnation=done.node.incarnation,
            token=done.token,
            store_code=done.node.store_code,
            terminal_code=done.node.terminal_code,
        )

    @app.post(
        BATCHES_PATH,
        response_model=BatchAnswerOut,
        responses={
            401: {"model": Problem},
            403: {"model": Problem},
            409: {"model": Problem},
            413: {"model": Problem},
            422: {"model": Problem},
            426: {"model": Problem},
            429: {"model": Problem},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _BATCH_SCHEMA}},
            }
        },
    )
    async def upload_batch(request: Request, sender: Annotated[Node, Depends(node)]) -> Any:
        """Apply a batch of outbox events exactly once (the batch id is the idempotency key).
        The body is read only after the token was accepted, and only up to the limit."""
        try:
            body = BatchIn.model_validate_json(await read_body(request, MAX_BODY_BYTES))
        except BodyTooLarge:
            return JSONResponse(
                {"detail": f"request body over {MAX_BODY_BYTES} bytes: send smaller batches"},
                status_code=413,
            )
        except ValidationError as error:
            raise HTTPException(422, describe(error)) from None
        seqs = [event.seq for event in body.events]
        if seqs != list(range(seqs[0], seqs[0] + len(seqs))):
            raise HTTPException(422, "events must have consecutive sequence numbers, ascending")
        if len({event.id for event in body.events}) != len(body.events):
            raise HTTPException(422, "the same event id appears twice in the batch")
        events = [
            IncomingEvent(
                e.seq,
                e.id,
                e.kind,
                e.aggregate_id,
                e.created_at,
                e.payload,
                None
                if e.author is None
                else Author(e.author.user, e.author.version, e.author.proof),
            )
            for e in body.events
        ]
        answer = await run_in_threadpool(
            apply_batch, engine, sender, body.batch_id, events, clock()
        )
        if answer.status != 200:
            return JSONResponse(answer.body, status_code=answer.status)
        return answer.body

    @app.post(
        REINCARNATE_PATH,
        response_model=ReincarnateOut,
        responses={401: {"model": Problem}, 403: {"model": Problem}, 409: {"model": Problem}},
    )
    def new_incarnation(
        body: ReincarnateIn,
        sender: Annotated[Node, Depends(node)],
        client: Annotated[str, Depends(protocol)],
    ) -> ReincarnateOut:
        """A till restored from a backup goes on as a new incarnation (after a 409 `restored`)."""
        try:
            done = reincarnate(
                engine, sender, resume_from=body.resume_from, client_version=client, now=clock()
            )
        except NotRestored as refused:
            raise HTTPException(409, str(refused)) from None
        return ReincarnateOut(
            device_id=done.enrolment.node.id,
            incarnation=done.enrolment.node.incarnation,
            token=done.enrolment.token,
            last_receipt=done.last_receipt,
            last_shift=done.last_shift,
            last_z=done.last_z,
        )

    @app.post(
        AUTHOR_KEY_PATH,
        response_model=AuthorKeyOut,
        responses={401: {"model": Problem}, 403: {"model": Problem}},
    )
    def author_key(body: AuthorKeyIn, sender: Annotated[Node, Depends(node)]) -> AuthorKeyOut:
        """A person who signed in with their password at this node receives their author key,
        if they hold a role in its store: with it the node signs the master-data changes they
        make, online or not."""
        try:
            person, key = people.issue_author_key(
                engine,
                store=sender.store_code,
                username=body.username,
                password=body.password,
                now=clock(),
            )
        except people.PersonRefused as refused:
            raise HTTPException(403, str(refused)) from None
        return AuthorKeyOut(
            user_id=person.id, username=person.username, version=person.key_version, key=key.hex()
        )

    @app.get(FLAGS_PATH, response_model=FlagsOut, responses={401: {"model": Problem}})
    def store_flags(
        sender: Annotated[Node, Depends(node)],
        limit: Annotated[int, Query(ge=1, le=500)] = 200,
    ) -> FlagsOut:
        """What head office flagged or refused of the caller's own store, open ones, oldest first:
        for the store's back office to look at."""
        found = [
            FlagOut(till=flag.node, what=flag.problem, at=flag.flagged_at, open=True)
            for flag in review.flags(engine, store=sender.store_code, limit=limit)
        ] + [
            FlagOut(
                till=batch.node,
                at=batch.refused_at,
                open=batch.accepted_at is None,
                what=f"events {batch.first_seq}–{batch.last_seq} refused: {batch.reason}",
            )
            for batch in review.refused_batches(engine, store=sender.store_code, limit=limit)
        ]
        return FlagsOut(flags=sorted(found, key=lambda flag: flag.at)[:limit])

    @app.get(
        CHANGES_PATH,
        response_model=ChangesOut,
        responses={401: {"model": Problem}, 410: {"model": Problem}},
    )
    def changes(
        _: Annotated[Node, Depends(node)],
        cursor: Annotated[str | None, Query(max_length=100)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_CHANGES_PAGE)] = 1000,
    ) -> ChangesOut:
        """Master data changed after `cursor`, in commit order; 410 when it must be refetched."""
        try:
            with engine.connect() as connection:
                page = read_changes(connection, cursor, limit)
        except MustRefetch as refetch:
            raise HTTPException(410, f"must refetch: {refetch}") from None
        return ChangesOut(
            changes=[
                ChangeOut(seq=c.seq, entity=c.entity, key=c.key, record=c.record)
                for c in page.changes
            ],
            cursor=page.cursor,
            more=page.more,
        )

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
            schema.setdefault("components", {}).setdefault("schemas", {}).update(_BATCH_DEFS)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
