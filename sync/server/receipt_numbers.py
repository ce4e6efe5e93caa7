"""Receipt numbers: a till's incarnation never sends one twice.

A till numbers its sales and returns in one series, in the transaction that queues the document,
so within an incarnation its numbers rise with its event sequence. Head office keeps the highest
it has received from each incarnation (`nodes.last_number`): a document numbered at or below it
reuses a number and is refused. Checked in the batch's own order, as the numbers arrive — a
unique index on (till, number) gave the same answer at a seventh of the drain's speed.

A till restored from a backup goes on as a new incarnation whose floor (`nodes.number_floor`) is
the highest number its earlier incarnations sent: what it numbered at or below that before head
office told it is accepted (the receipts are printed and immutable) and flagged.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sync.server.documents import Refused

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
