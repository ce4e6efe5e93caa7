"""Talking to head office as a till's raw HTTP would: the headers and a node's token."""

from __future__ import annotations

import json
import uuid
from typing import Any

import requests

from posapp.bootstrap.node import Node
from sync.client import local_store
from sync.protocol import BATCHES_PATH, CLIENT_HEADER, PROTOCOL_HEADER

HEADERS = {PROTOCOL_HEADER: "1", CLIENT_HEADER: "test", "Content-Type": "application/json"}


def token(node: Node) -> str:
    identity = local_store.identity(node.store.engine)
    assert identity is not None
    return identity.token


def post_events(url: str, node: Node, events: list[dict[str, Any]]) -> requests.Response:
    """`events` sent as one new batch with `node`'s token, as its sync would, but as given."""
    body = json.dumps({"batch_id": str(uuid.uuid4()), "events": events})
    headers = HEADERS | {"Authorization": f"Bearer {token(node)}"}
    return requests.post(f"{url}{BATCHES_PATH}", data=body, headers=headers, timeout=60)
