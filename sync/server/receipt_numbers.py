"""Receipt and shift numbers: a till's incarnation never sends one twice.

A till numbers its sales and returns in one series, in the transaction that queues the document,
so within an incarnation its numbers rise with its event sequence. Head office keeps the highest
it has received from each incarnation (`nodes.last_number`): a document numbered at or below it
reuses a number and is refused. Checked in the batch's own order, as the numbers arrive — a
unique index on (till, number) gave the same answer at a seventh of the drain's speed.

A till restored from a backup goes on as a new incarnation whose floor (`nodes.number_floor`) is
the highest number its earlier incarnations sent: what it numbered at or below that before head
office told it is accepted (the receipts are printed and immutable) and flagged; so are the
shift numbers it opened again.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import psycopg

from sync.contract import SaleDocument
from sync.server.documents import Refused
from sync.server.nodes import Node

_TRAILING_DIGITS = re.compile(r"(\d+)$")


def number_value(number: str) -> int:
    """The running number at the end of a receipt number ("S01-T01-000124" → 124)."""
    found = _TRAILING_DIGITS.search(number)
    if found is None:
        raise Refused(f"receipt number {number!r} does not end in its running number")
    return int(found[1])


@dataclass(frozen=True)
class NumbersChecked:
    last: int  # the incarnation's highest number after this batch
    reused: list[tuple[uuid.UUID, str]]  # (event id, number) at or below an earlier incarnation's


def check_numbers(
    documents: Iterable[tuple[uuid.UUID, str]], *, last: int, floor: int
) -> NumbersChecked:
    """`documents` (event id, number) in sequence order; Refused for a number this incarnation
    already used (at or below `last`, or twice in the batch)."""
    reused = []
    for event_id, number in documents:
        value = number_value(number)
        if value <= last:
            raise Refused(f"receipt number {number} was already sent by this till: never reused")
        if value <= floor:
            reused.append((event_id, number))
        last = value
    return NumbersChecked(last, reused)


def take_receipt_numbers(
    cursor: psycopg.Cursor[Any], node: Node, documents: dict[uuid.UUID, SaleDocument]
) -> list[tuple[uuid.UUID, str]]:
    """Refused when a document reuses one of this incarnation's receipt numbers; the node's
    highest number moves on. The numbers an earlier incarnation already used, to flag."""
    cursor.execute("SELECT last_number, number_floor FROM nodes WHERE id = %s", (node.id,))
    last, floor = cursor.fetchone() or (0, 0)
    checked = check_numbers(
        ((event_id, document.number) for event_id, document in documents.items()),
        last=last,
        floor=floor,
    )
    cursor.execute("UPDATE nodes SET last_number = %s WHERE id = %s", (checked.last, node.id))
    return checked.reused


def reused_shift_numbers(
    cursor: psycopg.Cursor[Any], shift_events: dict[uuid.UUID, uuid.UUID]
) -> list[tuple[uuid.UUID, str]]:
    """Flags for shifts opened under a number the till already used: a till restored from a
    backup numbers on from it until head office tells it (its Z then closes its own shift)."""
    if not shift_events:
        return []
    cursor.execute(
        "SELECT s.id, s.store_code, s.terminal_code, s.number FROM shifts s "
        "WHERE s.id = ANY(%s) AND EXISTS (SELECT 1 FROM shifts o WHERE o.store_code = s.store_code "
        "AND o.terminal_code = s.terminal_code AND o.number = s.number AND o.id <> s.id)",
        (list(shift_events),),
    )
    return [
        (
            shift_events[shift_id],
            f"shift number {number} of till {store}-{terminal} was used "
            "again (a till restored from a backup, before head office told it): "
            "kept as another shift",
        )
        for shift_id, store, terminal, number in cursor.fetchall()
    ]
