"""The routes that concern who a node and its people are: enrolling a till with a one-time
code, a person's author key after a password sign-in, and what head office flagged of a store.

No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time, and
they name the access checks made in the same call.
"""

from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query

from sync.protocol import AUTHOR_KEY_PATH, ENROL_PATH, FLAGS_PATH
from sync.server import people, review
from sync.server.access import Service
from sync.server.nodes import EnrolmentRefused, Node, enrol
from sync.server.wire import (
    AuthorKeyIn,
    AuthorKeyOut,
    EnrolAnswer,
    EnrolRequest,
    FlagOut,
    FlagsOut,
    Problem,
)


def add_enrolment(app: FastAPI, service: Service) -> None:
    protocol = service.access.protocol

    @app.post(
        ENROL_PATH,
        response_model=EnrolAnswer,
        responses={403: {"model": Problem}, 426: {"model": Problem}},
    )
    def enrol_node(body: EnrolRequest, client: Annotated[str, Depends(protocol)]) -> EnrolAnswer:
        """Trade a one-time code for this till's device id and token (shown once)."""
        try:
            done = enrol(
                service.engine,
                code=body.code,
                client_version=client,
                now=service.clock(),
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


def add_author_keys(app: FastAPI, service: Service) -> None:
    node = service.access.node

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
                service.engine,
                store=sender.store_code,
                username=body.username,
                password=body.password,
                now=service.clock(),
            )
        except people.PersonRefused as refused:
            raise HTTPException(403, str(refused)) from None
        return AuthorKeyOut(
            user_id=person.id, username=person.username, version=person.key_version, key=key.hex()
        )


def add_flags(app: FastAPI, service: Service) -> None:
    node = service.access.node

    @app.get(FLAGS_PATH, response_model=FlagsOut, responses={401: {"model": Problem}})
    def store_flags(
        sender: Annotated[Node, Depends(node)],
        limit: Annotated[int, Query(ge=1, le=500)] = 200,
    ) -> FlagsOut:
        """What head office flagged or refused of the caller's own store, open ones, oldest first:
        for the store's back office to look at."""
        engine, store = service.engine, sender.store_code
        found = [
            FlagOut(till=flag.node, what=flag.problem, at=flag.flagged_at, open=True)
            for flag in review.flags(engine, store=store, limit=limit)
        ] + [
            FlagOut(
                till=batch.node,
                at=batch.refused_at,
                open=batch.accepted_at is None,
                what=f"events {batch.first_seq}–{batch.last_seq} refused: {batch.reason}",
            )
            for batch in review.refused_batches(engine, store=store, limit=limit)
        ]
        return FlagsOut(flags=sorted(found, key=lambda flag: flag.at)[:limit])
