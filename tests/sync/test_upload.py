"""Sales, returns, shifts and cash travel to head office exactly once, over real HTTP to a real
PostgreSQL."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests
from sqlalchemy import text

from posapp.bootstrap.demo import simulator
from posapp.bootstrap.node import Node
from sync.client import local_store
from sync.client.engine import SyncEngine
from sync.protocol import BATCHES_PATH, CLIENT_HEADER, PROTOCOL_HEADER
from tests.head_office import HeadOfficeUnderTest
from tests.sync.exactly_once import assert_stock_is_sum_of_movements


def _local(node: Node, sql: str) -> list[tuple[object, ...]]:
    with node.store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_a_days_trading_arrives_once_and_a_second_pass_sends_nothing(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    node = enrolled("till", store="S01", terminal="T03")
    report = simulator(node, seed=5).run(40)
    assert report.sales == 40
    assert report.z_number is not None
    sync = SyncEngine(node.store.engine)

    first = sync.run_once()
    second = sync.run_once()

    outbox = {str(row[0]) for row in _local(node, "SELECT id FROM outbox_events")}
    assert first.sent_events == len(outbox)
    assert second.sent_events == 0
    server_events = {str(row[0]) for row in head_office.rows("SELECT id FROM events")}
    assert {e.replace("-", "") for e in server_events} == outbox
    for table in ("sales", "sale_lines", "stock_movements"):
        local = _local(node, f"SELECT count(*) FROM {table}")[0][0]
        assert head_office.scalar(f"SELECT count(*) FROM {table}") == local, table
    assert head_office.scalar("SELECT count(*) FROM shifts WHERE closed_at IS NOT NULL") == 1
    assert head_office.scalar("SELECT count(*) FROM journal WHERE kind = 'z_report'") == 1
    assert head_office.scalar("SELECT max(number) FROM sales").startswith("S01-T03-")
    assert_stock_is_sum_of_movements(head_office)
    assert sync.status().pending == 0
    assert sync.status().online is True


def test_the_outbox_goes_in_batches_of_the_size_asked_for(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    node = enrolled("till")
    simulator(node, seed=2).run(10)
    queued = _local(node, "SELECT count(*) FROM outbox_events")[0][0]

    SyncEngine(node.store.engine, batch_size=3).run_once()

    spans = head_office.rows("SELECT first_seq, last_seq FROM batches ORDER BY first_seq")
    assert [last - first + 1 for first, last in spans[:-1]] == [3] * (len(spans) - 1)
    assert len(spans) == -(-queued // 3)  # ceil: the last batch takes the rest
    assert spans[-1][1] == queued


def test_sales_made_while_a_batch_travels_go_in_the_batches_after_it(
    enrolled: Callable[..., Node],
    head_office: HeadOfficeUnderTest,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The events after a batch are read ahead while it travels; sales rung up meanwhile make
    the next batch longer than what was read, and it is read again: each event arrives once, in
    batches with no gap and no overlap."""
    node = enrolled("till")
    till = simulator(node, seed=4)
    till.run(4)
    sync = SyncEngine(node.store.engine, batch_size=5)
    assert sync._head_office is not None
    send = sync._head_office.send_encoded
    sold_while_sending = []

    def send_and_sell(batch_id: uuid.UUID, encoded: str) -> dict[str, Any]:
        if len(sold_while_sending) < 3:
            sold_while_sending.append(till.run(1).sales)  # a sale in the queue meanwhile
        return send(batch_id, encoded)

    sync._head_office.send_encoded = send_and_sell  # type: ignore[method-assign]
    sync.run_once()

    assert sold_while_sending == [1, 1, 1]
    # Each batch carried its own range: head office never had to ask for events again.
    assert not [r for r in caplog.records if "resending" in r.getMessage()]
    queued = [
        str(uuid.UUID(hex=row[0]))
        for row in _local(node, "SELECT id FROM outbox_events ORDER BY seq")
    ]
    arrived = [str(row[0]) for row in head_office.rows("SELECT id FROM events ORDER BY seq")]
    assert arrived == queued
    spans = head_office.rows("SELECT first_seq, last_seq FROM batches ORDER BY first_seq")
    assert [first for first, _ in spans[1:]] == [last + 1 for _, last in spans[:-1]]
    assert spans[-1][1] == len(queued)


def _post_events(head_office: HeadOfficeUnderTest, node: Node, events: list[dict[str, Any]]) -> Any:
    identity = local_store.identity(node.store.engine)
    assert identity is not None
    return requests.post(
        f"{head_office.url}{BATCHES_PATH}",
        data=json.dumps({"batch_id": str(uuid.uuid4()), "events": events}),
        headers={
            PROTOCOL_HEADER: "1",
            CLIENT_HEADER: "test",
            "Content-Type": "application/json",
            "Authorization": f"Bearer {identity.token}",
        },
        timeout=30,
    )


def _outbox(node: Node) -> list[dict[str, Any]]:
    last = int(_local(node, "SELECT max(seq) FROM outbox_events")[0][0])  # type: ignore[call-overload]
    return local_store.batch_events(
        node.store.engine, local_store.Batch(uuid.uuid4(), 1, last, "sending", 0, None)
    )


def test_business_rule_problems_are_flagged_and_the_document_still_applied(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """A return whose sale head office never received, of products its catalogue does not
    know: accepted (a till's return is a fact), with both problems listed for review."""
    node = enrolled("till")
    assert simulator(node, seed=3).run(120).returns > 0
    returned = next(e for e in _outbox(node) if e["kind"] == "return.completed")
    document = json.loads(returned["payload"])
    with head_office.engine.begin() as connection:  # head office keeps a catalogue of one
        connection.execute(
            text(
                "INSERT INTO master_records (entity, key, payload, change_seq) "
                "VALUES ('product', :key, '{}', 1)"
            ),
            {"key": str(uuid.uuid4())},
        )

    answer = _post_events(head_office, node, [returned | {"seq": 1}])

    assert answer.status_code == 200, answer.text
    assert answer.json()["flagged"] == 2, answer.text
    problems = [row[0] for row in head_office.rows("SELECT problem FROM review_flags")]
    skus = ", ".join(sorted({line["sku"] for line in document["lines"]}))
    assert problems == [
        f"products head office does not know: {skus}",
        f"a return of sale {document['original_id']} that head office has not received",
    ]
    assert head_office.scalar("SELECT count(*) FROM sale_lines") == len(document["lines"])
    assert_stock_is_sum_of_movements(head_office)


@pytest.mark.parametrize(
    ("quantity", "shown"),
    [("lots", "expected `int`, got `str`"), (1000.0, "expected `int`, got `float`")],
    ids=["words", "a-decimal"],
)
def test_a_document_with_a_malformed_line_is_named_and_nothing_is_applied(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest, quantity: object, shown: str
) -> None:
    """Quantities travel as whole thousandths: words, and a decimal `1000.0` (money and
    quantities are never floats), are refused with the line and value named."""
    node = enrolled("till")
    simulator(node, seed=4).run(3)
    events = [e for e in _outbox(node) if e["kind"] == "sale.completed"][:3]
    broken = json.loads(events[1]["payload"])
    broken["lines"][0]["quantity_milli"] = quantity
    events[1] = events[1] | {"payload": json.dumps(broken)}

    answer = _post_events(head_office, node, [e | {"seq": n} for n, e in enumerate(events, 1)])

    assert answer.status_code == 422, answer.text
    assert "event 2" in answer.text
    assert "lines.0.quantity_milli" in answer.text
    assert shown in answer.text
    for table in ("events", "sales", "sale_lines", "stock_movements", "stock_levels"):
        assert head_office.scalar(f"SELECT count(*) FROM {table}") == 0, table
