"""A till restored from its own backup: head office notices at the next contact, the till goes on
as a new incarnation without a new enrolment code, nothing arrives twice, the receipt numbers it
reused before it knew are flagged, and none is reused after."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from posapp.bootstrap.demo import simulator
from posapp.bootstrap.node import Node, open_node
from posapp.db.store import DATABASE_FILENAME, backup_database
from sync.client import local_store
from sync.client.engine import SyncEngine
from tests.head_office import HeadOfficeUnderTest
from tests.sync.exactly_once import assert_stock_is_sum_of_movements


def _restore(node: Node, backup: Path) -> Node:
    data_dir = node.store.data_dir
    node.close()
    for leftover in data_dir.glob(f"{DATABASE_FILENAME}-*"):  # its -wal and -shm
        leftover.unlink()
    shutil.copy(backup, data_dir / DATABASE_FILENAME)
    return open_node(data_dir, create=False)


def test_a_restored_till_goes_on_as_a_new_incarnation_and_nothing_arrives_twice(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest, tmp_path: Path
) -> None:
    node = enrolled("till")
    simulator(node, seed=11).run(5)
    SyncEngine(node.store.engine).run_once()
    backup = backup_database(node.store.path, tmp_path, reason="z", now=datetime.now(UTC))
    simulator(node, seed=12).run(5)
    SyncEngine(node.store.engine).run_once()
    before = local_store.identity(node.store.engine)
    sales_before = head_office.scalar("SELECT count(*) FROM sales")

    node = _restore(node, backup)
    made_offline = simulator(node, seed=13).run(3)  # numbered on from the backup: reused
    sync = SyncEngine(node.store.engine)
    sync.run_once()

    after = local_store.identity(node.store.engine)
    assert before is not None
    assert after is not None
    assert after.incarnation == before.incarnation + 1
    assert after.device_id != before.device_id
    assert sync.status().pending == 0
    assert sync.status().quarantined == 0
    assert head_office.scalar("SELECT count(*) FROM sales") == sales_before + made_offline.sales
    assert (
        head_office.scalar(
            "SELECT count(*) FROM (SELECT node_id, seq FROM events GROUP BY node_id, seq "
            "HAVING count(*) > 1) AS twice"
        )
        == 0
    )
    problems = [row[0] for row in head_office.rows("SELECT problem FROM review_flags")]
    assert any("was restored from a backup" in problem for problem in problems)
    reused = [problem for problem in problems if problem.startswith("receipt number")]
    assert len(reused) == made_offline.sales
    highest = head_office.scalar(
        "SELECT max(number) FROM sales WHERE node_id <> :new", new=after.device_id
    )
    simulator(node, seed=14).run(1)
    sync.run_once()
    with node.store.engine.connect() as connection:
        newest = connection.execute(
            text("SELECT number FROM sales ORDER BY number DESC LIMIT 1")
        ).scalar_one()
    assert newest > highest  # numbered past everything head office holds
    assert (
        head_office.scalar(
            "SELECT count(*) FROM sales GROUP BY number ORDER BY count(*) DESC LIMIT 1"
        )
        == 2
    )  # only the three reused before the till knew, each flagged
    assert_stock_is_sum_of_movements(head_office)
    # Every Z closed its own shift, the reused shift numbers' included: none left open.
    assert head_office.scalar("SELECT count(*) FROM shifts WHERE closed_at IS NULL") == 0
    assert head_office.scalar("SELECT count(*) FROM shifts") == 4
    assert (
        head_office.scalar("SELECT count(DISTINCT closed_at) FROM shifts WHERE number = 2") == 2
    )  # the reused number's Z closed the new shift 2, not the one before the restore
    node.close()


def test_a_restored_till_numbers_its_shifts_and_z_reports_past_head_offices(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest, tmp_path: Path
) -> None:
    """Restored from a backup two shifts old, the till reuses shift and Z numbers until head
    office tells it (flagged); after that it numbers past everything head office holds."""
    node = enrolled("till")
    simulator(node, seed=21).run(2)  # shift 1, Z 1
    SyncEngine(node.store.engine).run_once()
    backup = backup_database(node.store.path, tmp_path, reason="z", now=datetime.now(UTC))
    simulator(node, seed=22).run(2)  # shift 2, Z 2
    simulator(node, seed=23).run(2)  # shift 3, Z 3
    SyncEngine(node.store.engine).run_once()

    node = _restore(node, backup)
    simulator(node, seed=24).run(2)  # offline, not knowing: shift 2 and Z 2 again
    SyncEngine(node.store.engine).run_once()  # told: a new incarnation
    simulator(node, seed=25).run(2)
    SyncEngine(node.store.engine).run_once()

    numbers = head_office.rows("SELECT number, z_number FROM shifts ORDER BY opened_at")
    assert numbers == [(1, 1), (2, 2), (3, 3), (2, 2), (4, 4)]
    problems = [row[0] for row in head_office.rows("SELECT problem FROM review_flags")]
    assert sum("shift number 2 of till S01-T01 was used again" in p for p in problems) == 1
    node.close()
