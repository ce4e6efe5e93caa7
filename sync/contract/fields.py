"""The field types the master records and journal events are built from: bounded numbers, strings
without control characters, identifiers. Checked by pydantic-core (Rust) as the JSON is read, so a
bad value costs no Python and a deeply nested one is refused before anything recurses. (Sales and
returns, sent in thousands, have their own msgspec types in `documents`, with the same bounds.)"""

from __future__ import annotations

import uuid
from typing import Annotated, Final

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from posapp.domain.numbers import MAX_AMOUNT_MINOR, MAX_QUANTITY_MILLI

# No C0 or C1 control character, no DEL: a name that carries ESC p kicks a drawer on a printer,
# and NUL breaks PostgreSQL's text and every Excel export.
PRINTABLE: Final = r"^[^\x00-\x1f\x7f-\x9f]*$"
# Free text that may span lines (notes, addresses): tab and line feed allowed, nothing else.
MULTILINE: Final = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"


def text(most: int, *, least: int = 0) -> StringConstraints:
    return StringConstraints(min_length=least, max_length=most, pattern=PRINTABLE)


Name = Annotated[str, text(200, least=1)]
Line = Annotated[str, text(200)]
Note = Annotated[str, StringConstraints(max_length=2000, pattern=MULTILINE)]
Code = Annotated[str, text(64, least=1)]
ShortCode = Annotated[str, text(20, least=1)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Hash = Annotated[str, text(300, least=1)]

Minor = Annotated[int, Field(ge=-MAX_AMOUNT_MINOR, le=MAX_AMOUNT_MINOR)]
PositiveMinor = Annotated[int, Field(ge=0, le=MAX_AMOUNT_MINOR)]
Milli = Annotated[int, Field(ge=-MAX_QUANTITY_MILLI, le=MAX_QUANTITY_MILLI)]
PositiveMilli = Annotated[int, Field(ge=1, le=MAX_QUANTITY_MILLI)]
Days = Annotated[int, Field(ge=0, le=3650)]

Id = uuid.UUID


class Record(BaseModel):
    """Strict (no "12" for 12, no 1 for true) and closed (a field the contract does not name is
    refused): what head office stores is exactly what it checked."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
