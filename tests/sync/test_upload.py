"""Sales, returns, shifts and cash travel to head office exactly once, over real HTTP to a real
PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text

from posapp.bootstrap import Node, simulator
from sync.client.engine import SyncEngine
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
    assert report.sales == 40 and report.z_number is not None
    sync = SyncEngine(node.store.engine)

    first = sync.run_once()
    second = sync.run_once()

    outbox = {str(row[0]) for row in _local(node, "SELECT id FROM outbox_events")}
    assert first.sent_events == len(outbox) and second.sent_events == 0
    server_events = {str(row[0]) for row in head_office.rows("SELECT id FROM events")}
    assert {e.replace("-", "") for e in server_events} == outbox
    for table in ("sales", "sale_lines", "stock_movements"):
        local = _local(node, f"SELECT count(*) FROM {table}")[0][0]
        assert head_office.scalar(f"SELECT count(*) FROM {table}") == local, table
    assert head_office.scalar("SELECT count(*) FROM shifts WHERE closed_at IS NOT NULL") == 1
    assert head_office.scalar("SELECT count(*) FROM journal WHERE kind = 'z_report'") == 1
    assert head_office.scalar("SELECT max(number) FROM sales").startswith("S01-T03-")
    assert_stock_is_sum_of_movements(head_office)
    assert sync.status().pending == 0 and sync.status().online is True


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
