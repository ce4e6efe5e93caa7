"""Transfers at the back door, on screen: a clerk moves goods to the back room with a new
transfer, and receives another store's transfer from the list of those arriving."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from posapp.bootstrap import stock, transfers
from posapp.bootstrap.node import Node
from posapp.bootstrap.shop import back_office
from posapp.domain.actors import Actor
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.domain.stock import DocumentType, LocationKind
from posapp.services.stock import DraftHeader, DraftLine
from posapp.ui.back_office.window import BackOfficeWindow
from sync.client.engine import SyncEngine
from tests.sync.test_transfers import _level, _skus


def _manager(node: Node) -> Node:
    node.actor = Actor(uuid.uuid4(), "Meg", "manager", frozenset(BUILT_IN_ROLES["manager"][1]))
    return node


def test_a_transfer_to_the_back_room_and_one_from_another_store(
    qtbot: QtBot, enrolled: Callable[..., Node]
) -> None:
    sender = _manager(enrolled("store-1", store="S01", terminal="BO"))
    receiver = _manager(enrolled("store-2", store="S02", terminal="BO"))
    tea, jam, _ = _skus(sender)
    stock.receive(sender, DraftHeader(), [DraftLine(tea, 10_000)])
    stock.receive(receiver, DraftHeader(), [DraftLine(jam, 10_000)])
    sent = transfers.send(sender, DraftHeader(to_store="S02"), [DraftLine(tea, 4_000)])
    SyncEngine(sender.store.engine).run_once()
    SyncEngine(receiver.store.engine).run_once()
    stock.add_location(receiver, "BACK", "Back room", LocationKind.BACK_ROOM, None)

    window = BackOfficeWindow(back_office(receiver, signed_in_as="Meg"), QLocale())
    qtbot.addWidget(window)
    window.show()
    documents = window.stock_documents
    assert documents is not None
    window.show_page("Goods in and adjustments")
    editor = documents.new_document(DocumentType.TRANSFER)
    qtbot.waitUntil(lambda: editor.to_location.count() > 1, timeout=5000)
    editor.to_location.setCurrentText("BACK")
    editor.add_line({"sku": jam, "quantity": "3"})
    editor.step_buttons["transferred"].click()
    qtbot.waitUntil(lambda: not editor.isVisible() or editor.problem.text() != "", timeout=5000)
    assert editor.problem.text() == ""
    assert (_level(receiver, jam, "FLOOR"), _level(receiver, jam, "BACK")) == (7_000, 3_000)

    dialog = documents.transfers_dialog()
    table = dialog.findChild(QTableWidget, "transfers-arriving-list")
    assert table is not None
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=5000)
    assert table.item(0, 1).text() == sent.number
    table.selectRow(0)
    receive = dialog.findChild(type(editor.step_buttons["transferred"]), "transfers-receive")
    assert receive is not None
    receive.click()
    qtbot.waitUntil(lambda: "received S01's" in window.status.text(), timeout=5000)
    qtbot.waitUntil(lambda: table.rowCount() == 0, timeout=5000)
    assert _level(receiver, tea, "FLOOR") == 4_000
    window.close()
