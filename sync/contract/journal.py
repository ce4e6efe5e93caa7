"""Journal events (`journal.<kind>`): every sensitive event a till records, as a JSON object.

Head office keeps each one whole (it verifies the hash chain) and reads a few of them into its
own tables: shifts opened and closed, and cash put in, taken out or dropped. Those have a typed
shape here; every other kind is an object whose strings and numbers are checked one by one."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import ConfigDict, Field, JsonValue, TypeAdapter

from posapp.domain.numbers import MAX_AMOUNT_MINOR
from sync.contract.fields import Id, Line, PositiveMinor, Record

MAX_DEPTH = 8
MAX_LIST = 10_000
MAX_STRING = 10_000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_OBJECT = TypeAdapter(dict[str, JsonValue])


class _Read(Record):
    """The fields head office reads; the rest of the object was checked generically."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


ShiftNumber = Annotated[int, Field(ge=1, le=10**9)]


class ShiftOpened(_Read):
    id: Id
    shift: ShiftNumber
    cashier: Line
    float: PositiveMinor


class CashCounted(_Read):
    expected: Annotated[int, Field(ge=-MAX_AMOUNT_MINOR, le=MAX_AMOUNT_MINOR)]
    counted: PositiveMinor


class ShiftClosed(_Read):
    shift: ShiftNumber
    z_number: ShiftNumber
    cash: CashCounted


class CashMoved(_Read):
    id: Id
    shift: ShiftNumber
    amount: PositiveMinor
    reason: Line


READ: dict[str, type[_Read]] = {
    "shift_open": ShiftOpened,
    "z_report": ShiftClosed,
    "cash_in": CashMoved,
    "cash_out": CashMoved,
    "drop": CashMoved,
}


def _check(value: Any, path: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise ValueError(f"{path}: nested deeper than {MAX_DEPTH}")
    if isinstance(value, str):
        if len(value) > MAX_STRING:
            raise ValueError(f"{path}: text longer than {MAX_STRING} characters")
        found = _CONTROL.search(value)
        if found:
            raise ValueError(f"{path}: contains a control character (U+{ord(found[0]):04X})")
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        if abs(value) > MAX_AMOUNT_MINOR * 1000:
            raise ValueError(f"{path}: {value} is out of range")
    elif isinstance(value, float):
        raise ValueError(f"{path}: {value} is not a whole number (money travels in minor units)")
    elif isinstance(value, list):
        if len(value) > MAX_LIST:
            raise ValueError(f"{path}: more than {MAX_LIST} items")
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]", depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, path, depth + 1)
            _check(item, f"{path}.{key}" if path else key, depth + 1)


def journal_payload(kind: str, payload: str) -> tuple[dict[str, Any], _Read | None]:
    """The journal event's object, checked; and its typed reading where head office reads it."""
    value = _OBJECT.validate_json(payload)
    _check(value, "", 0)
    reader = READ.get(kind)
    return value, None if reader is None else reader.model_validate_json(payload)
