"""First expiry first in the stock document editor: a transfer's lines with no batch split over
the batches at the sending location that expire first (never an expired one); what the
batches do not hold stays a line of its own, to be named or sent as it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QPushButton, QTableWidgetItem

from posapp.domain.batches import Pick
from posapp.domain.errors import DomainError
from posapp.domain.quantity import Quantity
from posapp.ui.back_office.guarded import run_guarded

if TYPE_CHECKING:
    from posapp.ui.back_office.stock_document_editor import StockDocumentEditor

Picked = list[tuple[int, list[Pick], int]]  # (row, its picks, the quantity it asked for)


def button(editor: StockDocumentEditor) -> QPushButton:
    picking = QPushButton(editor.tr("Batches, first expiry first"))
    picking.setObjectName("pick-batches")
    picking.setToolTip(editor.tr("Lines with no batch: take them from the batches expiring first"))
    picking.clicked.connect(lambda: pick_batches(editor))
    return picking


def pick_batches(editor: StockDocumentEditor) -> None:
    location = editor.location.currentText()
    wanted = [
        (row, line["sku"], Quantity.parse(line["quantity"]).thousandths)
        for row, line in enumerate(editor.typed_lines())
        if line["sku"] and not line["batch"] and _is_quantity(line["quantity"])
    ]

    def job() -> Picked:
        first_expiring = editor._admin.first_expiring
        return [(row, first_expiring(sku, location, milli), milli) for row, sku, milli in wanted]

    def picked(found: Picked) -> None:
        editor.problem.setText("")
        for row, picks, milli in reversed(found):  # from the bottom: rows above stay in place
            _split(editor, row, picks, milli)

    run_guarded(editor._run, editor._say, job, picked, editor._refused)


def _split(editor: StockDocumentEditor, row: int, picks: list[Pick], milli: int) -> None:
    from posapp.ui.back_office.stock_document_editor import LINE_COLUMNS

    line = editor.typed_lines()[row]
    editor.lines.removeRow(row)
    left = milli - sum(pick.quantity_milli for pick in picks)
    parts = [(p.batch, p.expiry, p.quantity_milli) for p in picks]
    at = row
    for batch, expiry, quantity in [*parts, ("", None, left)]:
        if quantity <= 0:
            continue
        fields = dict(line, batch=batch, quantity=str(Quantity.from_thousandths(quantity)))
        fields["expiry"] = "" if expiry is None else expiry.isoformat()
        editor.lines.insertRow(at)
        for column, name in enumerate(LINE_COLUMNS):
            editor.lines.setItem(at, column, QTableWidgetItem(fields.get(name, "")))
        at += 1


def _is_quantity(typed: str) -> bool:
    try:
        return Quantity.parse(typed).thousandths > 0
    except (DomainError, ValueError):
        return False
