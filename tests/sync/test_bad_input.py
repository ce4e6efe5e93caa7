"""Head office refuses what it must refuse with a 4xx and a reason, applies nothing, stays up."""

from __future__ import annotations

import json
import socket
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import requests

from posapp.bootstrap.demo import simulator
from posapp.bootstrap.node import Node
from sync.client import local_store
from sync.client.engine import SyncEngine
from sync.client.http import HeadOffice, NotAllowed
from sync.protocol import (
    BATCHES_PATH,
    CHANGES_PATH,
    CLIENT_HEADER,
    ENROL_PATH,
    MAX_BATCH_EVENTS,
    PROTOCOL_HEADER,
)
from sync.server.nodes import revoke
from tests.head_office import HeadOfficeUnderTest
from tests.sync.wire import HEADERS, token


def _post(head_office: HeadOfficeUnderTest, token: str, body: bytes | str) -> requests.Response:
    return requests.post(
        f"{head_office.url}{BATCHES_PATH}",
        data=body,
        headers=HEADERS | {"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def _event(seq: int, **changes: object) -> dict[str, object]:
    return {
        "seq": seq,
        "id": str(uuid.uuid4()),
        "kind": "journal.no_sale",
        "aggregate_id": str(uuid.uuid4()),
        "created_at": datetime.now(UTC).isoformat(),
        "payload": json.dumps({"reason": "test"}),
    } | changes


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ("{not json", 422, "json"),
        (json.dumps({"batch_id": "nope", "events": [_event(1)]}), 422, "batch_id"),
        (json.dumps({"batch_id": str(uuid.uuid4()), "events": [_event("one")]}), 422, "seq"),
        (json.dumps({"batch_id": str(uuid.uuid4()), "events": []}), 422, "events"),
        (
            json.dumps(
                {
                    "batch_id": str(uuid.uuid4()),
                    "events": [_event(1, created_at="2026-11-21T10:00:00")],
                }
            ),
            422,
            "timezone",
        ),
        (
            json.dumps(
                {
                    "batch_id": str(uuid.uuid4()),
                    "events": [_event(n) for n in range(1, MAX_BATCH_EVENTS + 2)],
                }
            ),
            422,
            "1000",
        ),
        (
            json.dumps({"batch_id": str(uuid.uuid4()), "events": [_event(1), _event(3)]}),
            422,
            "consecutive",
        ),
        (
            json.dumps(
                {
                    "batch_id": str(uuid.uuid4()),
                    "events": [_event(1, kind="sale.completed", payload="{}")],
                }
            ),
            422,
            "event 1",
        ),
        (
            json.dumps({"batch_id": str(uuid.uuid4()), "events": [_event(1, payload="[1, 2]")]}),
            422,
            "not a json object",
        ),
    ],
    ids=[
        "malformed-json",
        "bad-batch-id",
        "seq-not-a-number",
        "no-events",
        "naive-time",
        "too-many-events",
        "gap-inside",
        "sale-without-fields",
        "payload-not-object",
    ],
)
def test_malformed_batches_are_refused_and_nothing_is_applied(
    enrolled: Callable[..., Node],
    head_office: HeadOfficeUnderTest,
    body: str,
    status: int,
    words: str,
) -> None:
    node = enrolled("till")
    answer = _post(head_office, token(node), body)
    assert answer.status_code == status, answer.text
    assert words in answer.text.lower()
    assert head_office.scalar("SELECT count(*) FROM events") == 0
    assert requests.get(f"{head_office.url}/health", timeout=10).status_code == 200


def test_an_oversized_body_is_refused_before_it_is_read(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """Announced as 64 MB: refused on the headers, the body is never waited for."""
    node = enrolled("till")
    with socket.create_connection(("127.0.0.1", head_office.port), timeout=10) as raw:
        raw.sendall(
            (
                f"POST {BATCHES_PATH} HTTP/1.1\r\nHost: x\r\n"
                f"Authorization: Bearer {token(node)}\r\n{PROTOCOL_HEADER}: 1\r\n"
                f"{CLIENT_HEADER}: test\r\nContent-Type: application/json\r\n"
                f"Content-Length: {64 * 1024 * 1024}\r\n\r\n"
            ).encode()
        )
        answer = b""
        while b"batches" not in answer:
            chunk = raw.recv(65536)
            if not chunk:
                break
            answer += chunk
        answer = answer.decode()
    assert answer.startswith("HTTP/1.1 413")
    assert "smaller batches" in answer


def test_documents_of_another_store_are_refused_whole(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """A token of store S01 cannot push S02's documents: 422 (the batch is refused and set aside,
    the till is not revoked), nothing applied."""
    s02 = enrolled("other-store", store="S02", terminal="T01")
    simulator(s02, seed=1).run(2)
    s01 = enrolled("till", store="S01", terminal="T01")
    batch = local_store.Batch(uuid.uuid4(), 1, 6, "sending", 0, None)
    events = local_store.batch_events(s02.store.engine, batch)
    assert any(e["kind"] == "sale.completed" for e in events)

    answer = _post(
        head_office, token(s01), json.dumps({"batch_id": str(batch.id), "events": events})
    )

    assert answer.status_code == 422
    assert "not this node's" in answer.text
    assert head_office.scalar("SELECT count(*) FROM events") == 0


def test_a_replayed_enrolment_code_is_refused(head_office: HeadOfficeUnderTest) -> None:
    code = head_office.enrolment_code("S01", "T09")
    client = HeadOffice(head_office.url)
    first = client.enrol_node(code, store_code="S01", terminal_code="T09", has_documents=False)
    with pytest.raises(NotAllowed, match="already used"):
        client.enrol_node(code, store_code="S01", terminal_code="T09", has_documents=False)
    assert head_office.scalar("SELECT count(*) FROM nodes") == 1
    assert first.terminal_code == "T09"


def test_unknown_and_missing_tokens_and_old_clients(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    node = enrolled("till")
    url = f"{head_office.url}{CHANGES_PATH}"
    assert requests.get(url, headers=HEADERS, timeout=10).status_code == 401
    wrong = HEADERS | {"Authorization": "Bearer not-a-token"}
    assert requests.get(url, headers=wrong, timeout=10).status_code == 401
    old = HEADERS | {"Authorization": f"Bearer {token(node)}", PROTOCOL_HEADER: "0"}
    too_old = requests.get(url, headers=old, timeout=10)
    assert too_old.status_code == 426
    assert "upgrade posapp" in too_old.text
    enrol_without_headers = requests.post(
        f"{head_office.url}{ENROL_PATH}", json={"code": "ABCD-EFGH"}, timeout=10
    )
    assert enrol_without_headers.status_code == 400


def test_a_revoked_till_gets_403_and_keeps_its_queue(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    node = enrolled("till", terminal="T04")
    simulator(node, seed=2).run(3)
    revoke(head_office.engine, store_code="S01", terminal_code="T04", now=datetime.now(UTC))
    sync = SyncEngine(node.store.engine)
    pending = sync.status().pending

    with pytest.raises(NotAllowed, match="403"):
        sync.run_once()

    assert sync.status().pending == pending > 0  # nothing dropped
    assert "revoked" in (sync.status().last_error or "")
    assert head_office.scalar("SELECT count(*) FROM events") == 0


def test_a_till_with_sales_cannot_become_another_till(
    make_node: Callable[[str], Node], head_office: HeadOfficeUnderTest
) -> None:
    from sync.client.enrolment import enrol

    node = make_node("till")  # S01-T01, as every new node starts
    simulator(node, seed=3).run(1)
    code = head_office.enrolment_code("S01", "T07")
    with pytest.raises(NotAllowed, match="already has sales as S01-T01"):
        enrol(node.store.engine, url=head_office.url, code=code)
    assert head_office.scalar("SELECT count(*) FROM nodes") == 0
    assert head_office.scalar("SELECT used_at FROM enrolment_codes") is None  # still usable
