"""What "exactly once" means, checked against a node's SQLite store and head office's tables."""

from __future__ import annotations

import uuid

from sqlalchemy import Engine, text

from tests.head_office import HeadOfficeUnderTest


def _local(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def assert_node_arrived_exactly_once(
    node_engine: Engine, head_office: HeadOfficeUnderTest, node_id: uuid.UUID
) -> None:
    """Head office holds exactly the node's outbox events, and each of its sales, lines and
    stock movements once."""
    outbox = _local(node_engine, "SELECT id FROM outbox_events")
    server = head_office.rows(
        "SELECT replace(id::text, '-', '') FROM events WHERE node_id = :n", n=node_id
    )
    assert sorted(r[0] for r in server) == sorted(r[0] for r in outbox)
    for table, local_sql, server_sql in (
        (
            "sales",
            "SELECT count(*) FROM sales",
            "SELECT count(*), count(DISTINCT number) FROM sales WHERE node_id = :n",
        ),
        (
            "stock movements",
            # What this node made: the store's other nodes' movements reach it too.
            "SELECT count(*) FROM stock_movements WHERE origin IS NULL",
            "SELECT count(*), count(DISTINCT id) FROM stock_movements WHERE node_id = :n",
        ),
        (
            "sale lines",
            "SELECT count(*) FROM sale_lines",
            "SELECT count(*), count(DISTINCT l.id) FROM sale_lines l JOIN sales s "
            "ON s.id = l.sale_id WHERE s.node_id = :n",
        ),
    ):
        local = _local(node_engine, local_sql)[0][0]
        count, distinct = head_office.rows(server_sql, n=node_id)[0]
        assert count == distinct == local, table


def assert_stock_is_sum_of_movements(head_office: HeadOfficeUnderTest) -> None:
    """Head office's stock level per product and location = Σ of the movements it received."""
    mismatched = head_office.scalar(
        "SELECT count(*) FROM (SELECT product_id, location_id, sum(quantity_milli) AS s "
        "FROM stock_movements GROUP BY 1, 2) m FULL JOIN stock_levels l "
        "USING (product_id, location_id) WHERE m.s IS DISTINCT FROM l.on_hand_milli"
    )
    assert mismatched == 0
