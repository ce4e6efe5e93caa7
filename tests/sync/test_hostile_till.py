"""A till that sends the wrong thing, by accident or on purpose: head office refuses it with a
4xx and a reason, applies nothing, keeps serving everyone else, and the till sets the refused
batch aside and keeps sending the ones after it.

Each test here is one defect found by trying head office as an attacker with one till's token,
or as a shop with one odd product name."""

from __future__ import annotations

import json
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import psutil
import pytest
import requests
from sqlalchemy import text

from posapp.bootstrap.catalogue import change_price
from posapp.bootstrap.demo import simulator
from posapp.bootstrap.node import Node
from sync.client import local_store
from sync.client.engine import SyncEngine
from sync.protocol import BATCHES_PATH, CLIENT_HEADER, PROTOCOL_HEADER
from sync.server.changes import record_changes
from tests.head_office import HeadOfficeUnderTest
from tests.sync.conftest import signed_in
from tests.sync.wire import HEADERS, post_events, token


def _queued(node: Node) -> list[dict[str, Any]]:
    """Every event in the node's outbox, as it goes on the wire."""
    last = local_store.last_seq(node.store.engine)
    return local_store.batch_events(
        node.store.engine, local_store.Batch(uuid.uuid4(), 1, last, "sending", 0, None)
    )


def _post(head_office: HeadOfficeUnderTest, node: Node, events: list[dict[str, Any]]) -> Any:
    return post_events(head_office.url, node, events)


def _master_event(seq: int, entity: str, key: str, record: object) -> dict[str, Any]:
    return {
        "seq": seq,
        "id": str(uuid.uuid4()),
        "kind": f"master.{entity}",
        "aggregate_id": str(uuid.uuid4()),
        "created_at": datetime.now(UTC).isoformat(),
        "payload": json.dumps({"entity": entity, "key": key, "record": record}),
    }


def _first_sale(events: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    event = next(e for e in events if e["kind"] == "sale.completed")
    return event, json.loads(event["payload"])


def _local(node: Node, sql: str) -> Any:
    with node.store.engine.connect() as connection:
        return connection.execute(text(sql)).scalar()


def _nothing_applied(head_office: HeadOfficeUnderTest) -> None:
    for table in ("events", "sales", "sale_lines", "stock_movements", "master_changes"):
        assert head_office.scalar(f"SELECT count(*) FROM {table}") == 0, table


# -- master data -------------------------------------------------------------------------------

PRODUCT = {
    "id": "01a2418f-b041-7009-8bce-e39b859205f5",
    "sku": "X-1",
    "name": "Quark",
    "unit": "pc",
    "weighed": False,
    "tax_class": "STD",
    "state": "ACTIVE",
    "cost": 100,
    "price": 199,
    "currency": "EUR",
    "barcodes": [["4006381333931", 1000]],
}


@pytest.mark.parametrize(
    ("entity", "key", "record", "words"),
    [
        (
            "product",
            PRODUCT["id"],
            {k: v for k, v in PRODUCT.items() if k != "tax_class"},
            "tax_class",
        ),
        ("product", PRODUCT["id"], PRODUCT | {"name": "Quark\x00"}, "control character"),
        (
            "product",
            PRODUCT["id"],
            PRODUCT | {"name": "Quark\x1bp\x00\x19\xfa"},
            "control character",
        ),
        ("product", PRODUCT["id"], PRODUCT | {"price": 10**30}, "price"),
        ("product", PRODUCT["id"], PRODUCT | {"price": 92233720368547758_07}, "price"),
        ("setting", "till.auto_lock_minutes", {"value": "never"}, "auto_lock_minutes"),
        ("setting", "till.tenders", {"value": "cash"}, "till.tenders"),
        ("setting", "devices.printer", {"value": "tcp://10.0.0.1:9100"}, "devices.printer"),
    ],
    ids=[
        "product-without-tax-class",
        "nul-in-name",
        "escape-in-name",
        "huge-price",
        "price-over-int64",
        "lock-never",
        "tenders-as-text",
        "a-tills-own-device",
    ],
)
def test_master_data_head_office_cannot_validate_is_refused_and_reaches_no_till(
    enrolled: Callable[..., Node],
    head_office: HeadOfficeUnderTest,
    entity: str,
    key: str,
    record: object,
    words: str,
) -> None:
    attacker = enrolled("attacker", terminal="T01")
    other = enrolled("other", terminal="T02")

    answer = _post(head_office, attacker, [_master_event(1, entity, key, record)])

    assert answer.status_code == 422, answer.text
    assert words in answer.text
    assert "event 1" in answer.text
    _nothing_applied(head_office)
    assert SyncEngine(other.store.engine).run_once().applied_changes == 0


def test_a_record_a_till_cannot_validate_is_set_aside_and_the_cursor_moves_on(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """A bad record already in head office's log (written before validation existed): the till
    sets it aside, says so, and applies the good change behind it."""
    head_office.add_person("maria")
    back_office = signed_in(enrolled("back-office", terminal="BO"))
    till = enrolled("till", terminal="T01")
    sku = _local(till, "SELECT sku FROM products ORDER BY sku LIMIT 1")
    bad = {k: v for k, v in PRODUCT.items() if k != "tax_class"}
    with head_office.engine.begin() as connection:
        record_changes(
            connection, [("product", PRODUCT["id"], bad)], origin=None, at=datetime.now(UTC)
        )
    change_price(back_office, sku, "7.77", by="Maria")
    SyncEngine(back_office.store.engine).run_once()

    sync = SyncEngine(till.store.engine)
    result = sync.run_once()
    again = sync.run_once()

    assert _local(till, f"SELECT price_minor FROM products WHERE sku = '{sku}'") == 777
    assert result.applied_changes >= 1
    assert again.applied_changes == 0
    assert sync.status().online is True
    assert sync.status().set_aside == 1
    assert "tax_class" in (sync.status().last_set_aside or "")


# -- documents of another store or till --------------------------------------------------------


@pytest.fixture
def two_stores(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> tuple[Node, Node]:
    """Store S02's till has sold and synced; S01's till (the attacker) has sales queued."""
    victim = enrolled("victim", store="S02", terminal="T01")
    simulator(victim, seed=4).run(3)
    SyncEngine(victim.store.engine).run_once()
    attacker = enrolled("attacker", store="S01", terminal="T01")
    simulator(attacker, seed=5).run(2)
    return attacker, victim


def _victims_rows(head_office: HeadOfficeUnderTest) -> tuple[object, ...]:
    return (
        head_office.rows("SELECT * FROM stock_levels ORDER BY product_id, location_id"),
        head_office.rows("SELECT id, sale_id, quantity_milli FROM sale_lines ORDER BY id"),
        head_office.scalar("SELECT count(*) FROM sales WHERE store_code = 'S02'"),
    )


def _attack(
    head_office: HeadOfficeUnderTest, attacker: Node, change: Callable[[dict[str, Any]], None]
) -> Any:
    events = _queued(attacker)
    event, sale = _first_sale(events)
    change(sale)
    event["payload"] = json.dumps(sale)
    return _post(head_office, attacker, events)


def test_a_sale_at_another_stores_location_is_refused(
    two_stores: tuple[Node, Node], head_office: HeadOfficeUnderTest
) -> None:
    attacker, victim = two_stores
    location = _local(victim, "SELECT id FROM locations")
    before = _victims_rows(head_office)

    answer = _attack(
        head_office, attacker, lambda sale: sale.update(location_id=str(uuid.UUID(hex=location)))
    )

    assert answer.status_code == 422
    assert "location" in answer.text
    assert "S02" in answer.text
    assert _victims_rows(head_office) == before


@pytest.mark.parametrize(
    ("taken", "reuse"),
    [
        (
            "SELECT id FROM sales WHERE store_code = 'S02' LIMIT 1",
            lambda sale, theirs: sale.update(id=theirs),
        ),
        (
            "SELECT id FROM sale_lines LIMIT 1",
            lambda sale, theirs: sale["lines"][0].update(id=theirs),
        ),
    ],
    ids=["a-sale-id", "a-line-id"],
)
def test_reusing_another_stores_id_is_refused(
    two_stores: tuple[Node, Node],
    head_office: HeadOfficeUnderTest,
    taken: str,
    reuse: Callable[[dict[str, Any], str], None],
) -> None:
    attacker, _ = two_stores
    theirs = str(head_office.scalar(taken))
    before = _victims_rows(head_office)

    answer = _attack(head_office, attacker, lambda sale: reuse(sale, theirs))

    assert answer.status_code == 422
    assert theirs in answer.text
    assert "another" in answer.text
    assert _victims_rows(head_office) == before


# -- malformed input never gets a 500 ----------------------------------------------------------


def test_a_deeply_nested_payload_is_refused_not_a_server_error(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    node = enrolled("till")
    deep = "[" * 100_000 + "]" * 100_000
    event = _master_event(1, "product", PRODUCT["id"], None) | {"payload": deep}
    answer = _post(head_office, node, [event])
    assert answer.status_code == 422, answer.text[:300]
    body = '{"batch_id": "' + str(uuid.uuid4()) + '", "events": ' + "[" * 1_000_000
    headers = HEADERS | {"Authorization": f"Bearer {token(node)}"}
    nested = requests.post(
        f"{head_office.url}{BATCHES_PATH}", data=body, timeout=60, headers=headers
    )
    assert nested.status_code == 422, nested.text[:300]
    _nothing_applied(head_office)


def _chunked_post(port: int, token: str | None, megabytes: int) -> str:
    """A body sent in 1 MB chunks with no Content-Length; the answer head office gives."""
    headers = f"POST {BATCHES_PATH} HTTP/1.1\r\nHost: x\r\n{PROTOCOL_HEADER}: 1\r\n"
    headers += f"{CLIENT_HEADER}: test\r\nContent-Type: application/json\r\n"
    if token:
        headers += f"Authorization: Bearer {token}\r\n"
    headers += "Transfer-Encoding: chunked\r\n\r\n"
    chunk = b"%x\r\n%s\r\n" % (1 << 20, b" " * (1 << 20))
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
        raw.sendall(headers.encode())
        try:
            for _ in range(megabytes):
                raw.sendall(chunk)
            raw.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # head office stopped reading: what it answered is what counts
        answer = b""
        while b"\r\n\r\n" not in answer:
            part = raw.recv(65536)
            if not part:
                break
            answer += part
    return answer.decode(errors="replace")


def test_a_chunked_body_over_the_limit_is_refused_as_it_is_read(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """Head office runs in this process here: its memory is sampled every 100 ms while 264 MB
    arrive, and grows by far less than what was sent."""
    node = enrolled("till")
    process = psutil.Process()
    before = process.memory_info().rss
    peak = [before]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak.append(process.memory_info().rss)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        assert _chunked_post(head_office.port, None, 64).startswith("HTTP/1.1 401")
        assert _chunked_post(head_office.port, token(node), 200).startswith("HTTP/1.1 413")
    finally:
        done.set()
        sampler.join()
    assert (max(peak) - before) / 1e6 < 100, f"grew by {(max(peak) - before) / 1e6:.0f} MB"
    _nothing_applied(head_office)


# -- the till's side: refused batches are set aside, later ones keep flowing -------------------


def test_a_refused_batch_is_quarantined_and_the_batches_after_it_still_arrive(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """The shop imported a product name with a control character: that batch is refused once,
    set aside, and every sale after it still reaches head office."""
    node = enrolled("till")
    simulator(node, seed=6).run(2)
    sync = SyncEngine(node.store.engine, batch_size=2)
    with node.store.engine.begin() as connection:  # what an importer let through
        connection.execute(
            text(
                'UPDATE outbox_events SET payload = replace(payload, \'"name":"\', '
                '\'"name":"\\u0000\') WHERE seq = 2'
            )
        )
    simulator(node, seed=7).run(2)

    sync.run_once()

    status = sync.status()
    assert status.online is True
    assert status.quarantined == 1
    assert "control character" in (status.last_error or "")
    sent = head_office.scalar("SELECT count(*) FROM events")
    assert sent == local_store.last_seq(node.store.engine) - 2  # all but the refused batch
    assert head_office.scalar("SELECT count(*) FROM refused_batches") == 1
    assert sync.run_once().sent_events == 0  # refused once, not retried forever


def test_health_tells_a_stranger_only_up_or_down(head_office: HeadOfficeUnderTest) -> None:
    answer = requests.get(f"{head_office.url}/health", timeout=10)
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}


def test_a_till_over_its_request_rate_gets_429_with_retry_after(
    enrolled: Callable[..., Node], postgres: str
) -> None:
    from tests.head_office import fresh_database

    server = HeadOfficeUnderTest(fresh_database(postgres), rate=5, burst=3)
    server.start()
    try:
        code = server.enrolment_code("S01", "T01")
        from sync.client.http import HeadOffice

        enrolment = HeadOffice(server.url).enrol_node(
            code, store_code="S01", terminal_code="T01", has_documents=False
        )
        headers = HEADERS | {"Authorization": f"Bearer {enrolment.token}"}
        answers = [
            requests.get(f"{server.url}/sync/v1/changes", headers=headers, timeout=10)
            for _ in range(6)
        ]
        codes = [answer.status_code for answer in answers]
        assert codes[:3] == [200, 200, 200]
        assert 429 in codes[3:]
        limited = next(answer for answer in answers if answer.status_code == 429)
        assert int(limited.headers["Retry-After"]) >= 1
        assert "slow down" in limited.text
    finally:
        server.close()


def test_flags_and_refused_batches_are_listed_and_resolved(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest, capsys: Any
) -> None:
    from sync.server.cli import main as server_main

    node = enrolled("till")
    simulator(node, seed=8).run(3)
    events = _queued(node)
    _, sale = _first_sale(events)
    answer = _post(head_office, node, [_master_event(1, "setting", "till.tenders", {"value": 1})])
    assert answer.status_code == 422
    with head_office.engine.begin() as connection:  # a flag, as an unknown product raises one
        connection.execute(
            text(
                "INSERT INTO review_flags (event_id, node_id, problem, flagged_at) "
                "SELECT :event, id, 'products head office does not know: X-1', now() FROM nodes"
            ),
            {"event": sale["id"]},
        )
    database = ["--data-dir", "/nonexistent", "--database-url", head_office.database_url]

    assert server_main([*database, "flags", "list"]) == 0
    listed = capsys.readouterr().out
    assert "S01-T01" in listed
    assert "products head office does not know: X-1" in listed
    assert "events 1–1" in listed
    assert "till.tenders" in listed
    flag_id = head_office.scalar("SELECT id FROM review_flags")
    assert server_main([*database, "flags", "resolve", str(flag_id)]) == 0
    assert head_office.scalar("SELECT resolved_at FROM review_flags") is not None
    server_main([*database, "flags", "list"])
    assert "X-1" not in capsys.readouterr().out


def test_a_receipt_number_sent_twice_by_one_till_is_refused(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """Reusing a number its own till already sent (a new id, an old number): refused, as an id
    would be. Only a restored till's new incarnation may, and is flagged (test_restore)."""
    node = enrolled("till")
    simulator(node, seed=15).run(2)
    assert SyncEngine(node.store.engine).run_once().sent_events > 0
    events = _queued(node)
    event, sale = _first_sale(events)
    lines = [line | {"id": str(uuid.uuid4())} for line in sale["lines"]]
    copy = sale | {"id": str(uuid.uuid4()), "lines": lines}
    seq = head_office.scalar("SELECT last_seq FROM nodes") + 1
    again = event | {"seq": seq, "id": str(uuid.uuid4()), "payload": json.dumps(copy)}
    sales = head_office.scalar("SELECT count(*) FROM sales")

    answer = _post(head_office, node, [again])

    assert answer.status_code == 422, answer.text
    assert f"receipt number {sale['number']} was already sent by this till" in answer.text
    assert head_office.scalar("SELECT count(*) FROM sales") == sales
