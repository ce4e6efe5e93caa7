"""The manager's outbox screen in the back office, against a real head office: what waits, send
now, a batch head office refuses shown as quarantined, retry, and export of what is unsent."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from posapp.bootstrap.demo import simulator
from posapp.bootstrap.node import Node
from posapp.bootstrap.shop import back_office
from posapp.db.engine import write_connection
from posapp.db.tables import outbox_events
from posapp.ui.back_office.window import BackOfficeWindow
from sync.server.changes import record_changes
from tests.head_office import HeadOfficeUnderTest

SCREENSHOTS = Path("/tmp/posapp-screenshots")


def _queue_an_event_head_office_refuses(node: Node) -> uuid.UUID:
    """A sale event with no sale in it, as a bug in an older till version might have queued."""
    event_id = uuid.uuid4()
    with write_connection(node.store.engine) as connection, connection.begin():
        connection.execute(
            outbox_events.insert().values(
                id=event_id,
                kind="sale.completed",
                aggregate_id=uuid.uuid4(),
                payload=json.dumps({"not": "a sale"}),
                created_at=datetime.now(UTC),
            )
        )
    return event_id


def test_a_manager_sees_sends_retries_and_exports_the_outbox(
    qtbot: QtBot,
    enrolled: Callable[..., Node],
    head_office: HeadOfficeUnderTest,
    tmp_path: Path,
) -> None:
    node = enrolled("till")
    simulator(node, seed=4).run(5)
    window = BackOfficeWindow(back_office(node), QLocale())
    qtbot.addWidget(window)
    window.resize(1100, 600)
    window.show()
    window.show_page("Head office sync")
    summary = window.outbox_summary
    qtbot.waitUntil(lambda: "to send:" in summary.text(), timeout=5000)
    assert head_office.url in summary.text()
    assert "to send: 0 " not in summary.text()

    window.send_now()
    qtbot.waitUntil(lambda: window.status.text().startswith("sent "), timeout=10_000)
    qtbot.waitUntil(lambda: "to send: 0 event(s)" in summary.text(), timeout=5000)
    assert head_office.scalar("SELECT count(*) FROM sales") >= 5

    refused = _queue_an_event_head_office_refuses(node)
    window.send_now()
    qtbot.waitUntil(lambda: "QUARANTINED" in summary.text(), timeout=10_000)
    assert window.status.text().startswith("not sent: head office refused a batch")
    table = window.outbox_table
    assert table.rowCount() == 1
    assert table.item(0, 1).text() == "quarantined"
    assert table.item(0, 3).text().startswith("422: event ")
    assert "not: is not a field of this record" in table.item(0, 3).text()
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "back-office-outbox-quarantined.png"))

    window.retry_quarantined()
    qtbot.waitUntil(lambda: "will be sent again" in window.status.text(), timeout=5000)
    qtbot.waitUntil(lambda: table.item(0, 1).text() == "sending", timeout=5000)
    assert "QUARANTINED" not in summary.text()

    export = tmp_path / "unsent.jsonl"
    window.export_outbox(export)
    qtbot.waitUntil(lambda: "unsent events written" in window.status.text(), timeout=5000)
    lines = [json.loads(line) for line in export.read_text().splitlines()]
    assert [uuid.UUID(line["id"]) for line in lines] == [refused]
    window.close()


def test_records_head_office_sent_that_this_till_set_aside_are_shown(
    qtbot: QtBot, enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """A product record without its tax class, already in head office's log from before it
    checked: the till sets it aside, and the manager sees which record and why."""
    node = enrolled("till")
    record = {
        "id": str(uuid.uuid4()),
        "sku": "X-1",
        "name": "Quark",
        "unit": "pc",
        "weighed": False,
        "state": "ACTIVE",
        "cost": 1,
        "price": 2,
        "currency": "EUR",
        "barcodes": [],
    }
    with head_office.engine.begin() as connection:
        record_changes(
            connection, [("product", record["id"], record)], origin=None, at=datetime.now(UTC)
        )
    window = BackOfficeWindow(back_office(node), QLocale())
    qtbot.addWidget(window)
    window.show()
    window.show_page("Head office sync")

    window.send_now()

    summary = window.outbox_summary
    qtbot.waitUntil(lambda: "set aside" in summary.text(), timeout=10_000)
    assert f"product {record['id']}" in summary.text()
    assert "tax_class" in summary.text()


def test_the_back_office_shows_what_head_office_flagged_of_its_store(
    qtbot: QtBot, enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    node = enrolled("till", store="S01", terminal="T01")
    other_store = enrolled("elsewhere", store="S02", terminal="T01")
    for till in (node, other_store):
        _queue_an_event_head_office_refuses(till)
    window = BackOfficeWindow(back_office(other_store), QLocale())
    window.send_now()  # S02's refused batch: not S01's business
    qtbot.waitUntil(lambda: "QUARANTINED" in window.outbox_summary.text(), timeout=10_000)
    window.close()
    window = BackOfficeWindow(back_office(node), QLocale())
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    window.show_page("Head office sync")
    window.send_now()
    qtbot.waitUntil(lambda: "QUARANTINED" in window.outbox_summary.text(), timeout=10_000)

    window.ask_head_office_for_flags()

    table = window.flags_table
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10_000)
    assert table.item(0, 1).text() == "S01-T01"
    assert table.item(0, 2).text() == "open"
    assert "refused" in table.item(0, 3).text()
    assert "is not a field" in table.item(0, 3).text()
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "back-office-head-office-flags.png"))
