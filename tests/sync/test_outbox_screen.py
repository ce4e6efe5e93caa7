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

from posapp.bootstrap import Node, back_office, simulator
from posapp.db.engine import write_connection
from posapp.db.tables import outbox_events
from posapp.ui.back_office.window import BackOfficeWindow
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
