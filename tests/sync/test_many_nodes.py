"""Ten tills in ten processes selling at once against one head office: everything arrives
exactly once, and head office's stock per product and location is the sum of the movements."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from posapp.bootstrap.node import Node
from tests.head_office import HeadOfficeUnderTest
from tests.sync.exactly_once import assert_stock_is_sum_of_movements

ROOT = Path(__file__).resolve().parents[2]
NODES = 10
SALES = 50


@pytest.mark.slow
def test_ten_nodes_selling_concurrently_arrive_exactly_once(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    nodes = [
        enrolled(f"node-{n}", store=f"S0{n % 3 + 1}", terminal=f"T{n:02d}") for n in range(NODES)
    ]
    data_dirs = [node.store.data_dir for node in nodes]
    for node in nodes:
        node.close()

    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.sync.node_process", str(data_dir), str(SALES), str(n)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, data_dir in enumerate(data_dirs)
    ]
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, f"{out}\n{err}"

    outbox_ids: list[str] = []
    counts = {"sales": 0, "sale_lines": 0, "stock_movements": 0}
    for data_dir in data_dirs:
        node = _open(data_dir)
        with node.store.engine.connect() as connection:
            outbox_ids += [
                row[0] for row in connection.execute(text("SELECT id FROM outbox_events"))
            ]
            for table in counts:
                # Each node's own rows: the store's other nodes' movements reach it too.
                own = " WHERE origin IS NULL" if table == "stock_movements" else ""
                counts[table] += connection.execute(
                    text(f"SELECT count(*) FROM {table}{own}")
                ).scalar_one()
        node.close()
    server_ids = [
        row[0] for row in head_office.rows("SELECT replace(id::text, '-', '') FROM events")
    ]
    assert len(server_ids) == len(set(server_ids)) == len(outbox_ids)
    assert set(server_ids) == set(outbox_ids)
    assert counts["sales"] >= NODES * SALES
    for table, local in counts.items():
        assert head_office.scalar(f"SELECT count(*) FROM {table}") == local, table
    assert_stock_is_sum_of_movements(head_office)
    assert head_office.scalar("SELECT count(DISTINCT node_id) FROM sales") == NODES


def _open(data_dir: Path) -> Node:
    from posapp.bootstrap.node import open_node

    return open_node(data_dir, create=False)
