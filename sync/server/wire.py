"""What head office's HTTP routes take and answer, as pydantic models: FastAPI checks requests
against them and publishes them in the OpenAPI schema (which the fuzz test reads)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, Field

from sync.protocol import MAX_BATCH_EVENTS


class Health(BaseModel):
    status: str
    # Only for a caller with a node's token: a stranger learns up or down, nothing to aim at.
    version: str | None = None
    protocol: int | None = None
    database: str | None = None


class EnrolRequest(BaseModel):
    code: str = Field(min_length=4, max_length=40)
    # What the till is now: one with documents numbered for another store or till cannot
    # become this one (its numbers would collide), so it is refused before the code is used.
    store_code: str | None = Field(default=None, max_length=20)
    terminal_code: str | None = Field(default=None, max_length=20)
    has_documents: bool = False


class EnrolAnswer(BaseModel):
    device_id: uuid.UUID
    incarnation: int
    token: str
    store_code: str
    terminal_code: str


class AuthorIn(BaseModel):
    """Who made a master-data change, and their proof (posapp.domain.authorship)."""

    user: uuid.UUID
    version: int = Field(ge=1, le=2**31 - 1)
    proof: str = Field(pattern=r"^[0-9a-f]{64}$")


class EventIn(BaseModel):
    seq: int = Field(ge=1, le=2**62)
    id: uuid.UUID
    kind: str = Field(pattern=r"^[a-z][a-z_]{0,15}\.[a-z][a-z_]{0,29}$")
    aggregate_id: uuid.UUID
    created_at: AwareDatetime
    payload: str = Field(min_length=2, max_length=1_000_000)
    author: AuthorIn | None = None


class BatchIn(BaseModel):
    batch_id: uuid.UUID
    events: list[EventIn] = Field(min_length=1, max_length=MAX_BATCH_EVENTS)


class ReincarnateIn(BaseModel):
    resume_from: int = Field(ge=1, le=2**62)


class ReincarnateOut(BaseModel):
    device_id: uuid.UUID
    incarnation: int
    token: str
    last_receipt: int
    last_shift: int = 0
    last_z: int = 0


class AuthorKeyIn(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)


class AuthorKeyOut(BaseModel):
    user_id: uuid.UUID
    username: str
    version: int
    key: str  # hex; the node keeps it sealed under the person's password


class FlagOut(BaseModel):
    till: str
    what: str
    at: datetime
    open: bool


class FlagsOut(BaseModel):
    flags: list[FlagOut]


class BatchAnswerOut(BaseModel):
    batch_id: str
    first_seq: int
    last_seq: int
    applied: int
    duplicates: int
    flagged: int
    next_seq: int
    repeated: bool


class ChangeOut(BaseModel):
    seq: int
    entity: str
    key: str
    record: dict[str, Any] | None


class ChangesOut(BaseModel):
    changes: list[ChangeOut]
    cursor: str
    more: bool
    # Whether the store feed has movements after the store cursor the node gave (None: it gave
    # none, so it asks the feed itself).
    store_waiting: bool | None = None


class StoreMovementOut(BaseModel):
    id: uuid.UUID
    product_id: uuid.UUID
    location_id: uuid.UUID
    quantity_milli: int
    reason: str
    business_at: datetime
    origin: str
    document: str


class StoreMovementsOut(BaseModel):
    movements: list[StoreMovementOut]
    cursor: str
    more: bool


class Problem(BaseModel):
    detail: str


# The batch route reads its body itself (after the token, up to the limit), so FastAPI does not
# see a body parameter: the schema is published by hand, for clients and for the fuzz test.
BATCH_SCHEMA = BatchIn.model_json_schema(ref_template="#/components/schemas/{model}")
BATCH_DEFS = BATCH_SCHEMA.pop("$defs", {})
