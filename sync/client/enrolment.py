"""Enrolling this node with head office: a one-time code for a device id and a token."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine

from posapp.db.node_setup import has_documents, load_node_settings, rename_node
from sync.client import local_store
from sync.client.http import EnrolAnswer, HeadOffice


class EnrolmentFailed(Exception):
    pass


def enrol(engine: Engine, *, url: str, code: str) -> EnrolAnswer:
    """Enrol with `code` at head office `url`. A node without sales takes the store and till
    codes head office gives it; one with sales must already have them (checked by head office
    before the code is used)."""
    node = load_node_settings(engine)
    if node is None:
        raise EnrolmentFailed("this data directory has no store yet: start posapp once first")
    documents = has_documents(engine)
    head_office = HeadOffice(url)
    try:
        answer = head_office.enrol_node(
            code,
            store_code=node.store_code,
            terminal_code=node.terminal_code,
            has_documents=documents,
        )
    finally:
        head_office.close()
    now = datetime.now(UTC)
    if (answer.store_code, answer.terminal_code) != (node.store_code, node.terminal_code):
        rename_node(
            engine, store_code=answer.store_code, terminal_code=answer.terminal_code, now=now
        )
    local_store.save_identity(
        engine,
        server_url=url,
        device_id=answer.device_id,
        incarnation=answer.incarnation,
        token=answer.token,
        at=now,
    )
    return answer
