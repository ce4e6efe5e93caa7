"""Talking to head office as a till's raw HTTP would: the headers and a node's token."""

from __future__ import annotations

from posapp.bootstrap import Node
from sync.client import local_store
from sync.protocol import CLIENT_HEADER, PROTOCOL_HEADER

HEADERS = {PROTOCOL_HEADER: "1", CLIENT_HEADER: "test", "Content-Type": "application/json"}


def token(node: Node) -> str:
    identity = local_store.identity(node.store.engine)
    assert identity is not None
    return identity.token
