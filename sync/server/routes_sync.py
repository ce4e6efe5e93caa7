"""The routes a node syncs through: upload a batch of its outbox, go on as a new incarnation
after a restore, and read the master-data changes since its cursor.

No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time, and
they name the access checks made in the same call.
"""

from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from posapp.domain.authorship import Author
from sync.contract import describe
from sync.protocol import (
    BATCHES_PATH,
    CHANGES_PATH,
    MAX_BODY_BYTES,
    MAX_CHANGES_PAGE,
    MAX_STORE_PAGE,
    REINCARNATE_PATH,
    STORE_FEED_PATH,
)
from sync.server.access import Service
from sync.server.changes import MustRefetch, read_changes
from sync.server.documents import IncomingEvent
from sync.server.limits import BodyTooLarge, read_body
from sync.server.nodes import Node, NotRestored, reincarnate
from sync.server.store_feed import BadCursor, read_store_feed, store_feed_waiting
from sync.server.upload import apply_batch
from sync.server.wire import (
    BATCH_SCHEMA,
    BatchAnswerOut,
    BatchIn,
    ChangeOut,
    ChangesOut,
    Problem,
    ReincarnateIn,
    ReincarnateOut,
    StoreMovementOut,
    StoreMovementsOut,
)

_BATCH_PROBLEMS: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem} for status in (401, 403, 409, 413, 422, 426, 429)
}


def too_large() -> JSONResponse:
    return JSONResponse(
        {"detail": f"request body over {MAX_BODY_BYTES} bytes: send smaller batches"},
        status_code=413,
    )


def incoming_events(body: bytes) -> tuple[BatchIn, list[IncomingEvent]]:
    """The batch as the contract reads it, or 422 naming the event and field that is wrong."""
    try:
        batch = BatchIn.model_validate_json(body)
    except ValidationError as error:
        raise HTTPException(422, describe(error)) from None
    seqs = [event.seq for event in batch.events]
    if seqs != list(range(seqs[0], seqs[0] + len(seqs))):
        raise HTTPException(422, "events must have consecutive sequence numbers, ascending")
    if len({event.id for event in batch.events}) != len(batch.events):
        raise HTTPException(422, "the same event id appears twice in the batch")
    events = [
        IncomingEvent(
            e.seq,
            e.id,
            e.kind,
            e.aggregate_id,
            e.created_at,
            e.payload,
            None if e.author is None else Author(e.author.user, e.author.version, e.author.proof),
        )
        for e in batch.events
    ]
    return batch, events


def add_batches(app: FastAPI, service: Service) -> None:
    node = service.access.node

    # The route reads its body itself (after the token, up to the limit), so FastAPI sees no
    # body parameter: the schema is published by hand, for clients and for the fuzz test.
    @app.post(
        BATCHES_PATH,
        response_model=BatchAnswerOut,
        responses=_BATCH_PROBLEMS,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": BATCH_SCHEMA}},
            }
        },
    )
    async def upload_batch(request: Request, sender: Annotated[Node, Depends(node)]) -> Any:
        """Apply a batch of outbox events exactly once (the batch id is the idempotency key).
        The body is read only after the token was accepted, and only up to the limit."""
        try:
            batch, events = incoming_events(await read_body(request, MAX_BODY_BYTES))
        except BodyTooLarge:
            return too_large()
        answer = await run_in_threadpool(
            apply_batch, service.engine, sender, batch.batch_id, events, service.clock()
        )
        if answer.status != 200:
            return JSONResponse(answer.body, status_code=answer.status)
        return answer.body


def add_reincarnation(app: FastAPI, service: Service) -> None:
    node, protocol = service.access.node, service.access.protocol

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
                service.engine,
                sender,
                resume_from=body.resume_from,
                client_version=client,
                now=service.clock(),
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


def add_changes(app: FastAPI, service: Service) -> None:
    node = service.access.node

    @app.get(
        CHANGES_PATH,
        response_model=ChangesOut,
        responses={401: {"model": Problem}, 410: {"model": Problem}},
    )
    def changes(
        sender: Annotated[Node, Depends(node)],
        cursor: Annotated[str | None, Query(max_length=100)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_CHANGES_PAGE)] = 1000,
        store_cursor: Annotated[str | None, Query(max_length=100)] = None,
    ) -> ChangesOut:
        """Master data changed after `cursor`, in commit order; 410 when it must be refetched.
        With `store_cursor`, whether the store feed has movements after it."""
        waiting = None
        try:
            with service.engine.connect() as connection:
                page = read_changes(connection, cursor, limit)
                if store_cursor is not None:
                    waiting = store_feed_waiting(
                        connection,
                        store_code=sender.store_code,
                        node_id=sender.id,
                        cursor=store_cursor or None,
                    )
        except MustRefetch as refetch:
            raise HTTPException(410, f"must refetch: {refetch}") from None
        except BadCursor as bad:
            raise HTTPException(400, str(bad)) from None
        return ChangesOut(
            changes=[
                ChangeOut(seq=c.seq, entity=c.entity, key=c.key, record=c.record)
                for c in page.changes
            ],
            cursor=page.cursor,
            more=page.more,
            store_waiting=waiting,
        )


def add_store_feed(app: FastAPI, service: Service) -> None:
    node = service.access.node

    @app.get(
        STORE_FEED_PATH,
        response_model=StoreMovementsOut,
        responses={400: {"model": Problem}, 401: {"model": Problem}},
    )
    def store_movements(
        sender: Annotated[Node, Depends(node)],
        cursor: Annotated[str | None, Query(max_length=100)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_STORE_PAGE)] = 1000,
    ) -> StoreMovementsOut:
        """The movements the sender's store's other nodes made after `cursor`, in commit order."""
        try:
            with service.engine.connect() as connection:
                page = read_store_feed(
                    connection,
                    store_code=sender.store_code,
                    node_id=sender.id,
                    cursor=cursor,
                    limit=limit,
                )
        except BadCursor as bad:
            raise HTTPException(400, str(bad)) from None
        return StoreMovementsOut(
            movements=[StoreMovementOut(**vars(m)) for m in page.movements],
            cursor=page.cursor,
            more=page.more,
        )
