"""What a node accepts from the store feed (head office's `store-movements`): a movement another
node of its store made, checked before it touches the node's ledger. A page that is not a list
of these is refused whole; the node keeps its cursor and asks again."""

from __future__ import annotations

import json
from typing import Annotated

from pydantic import AwareDatetime, Field, TypeAdapter

from sync.contract.fields import Id, Milli, Record, ShortCode, text

MAX_PAGE = 5000


class StoreMovement(Record):
    id: Id
    product_id: Id
    location_id: Id
    quantity_milli: Milli
    reason: ShortCode
    business_at: AwareDatetime
    origin: ShortCode  # the node that made it (its terminal; its store, for goods in transit)
    document: Annotated[str, text(40, least=1)]  # that document's number there


class StorePage(Record):
    movements: Annotated[list[StoreMovement], Field(max_length=MAX_PAGE)]
    cursor: Annotated[str, text(100, least=1)]
    more: bool


_PAGE = TypeAdapter(StorePage)


def store_page(answer: object) -> StorePage:
    """The checked page; pydantic's ValidationError (a ValueError) naming what is wrong."""
    return _PAGE.validate_json(json.dumps(answer))
