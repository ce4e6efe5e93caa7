"""The numbers posapp takes: the largest amounts and quantities it stores, in one place for every
edge that takes them (editors, imports, the till's keypad and head office's sync contract), and
reading the numbers people type: one sign, digits, one decimal separator, nothing else.

Money is an integer of minor units and quantities integer thousandths, stored as 64-bit integers.
These bounds sit far below what 64 bits hold, so that a price times a quantity, or the sum of a
document's lines, can never overflow on the way to the bound that refuses it."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

MAX_AMOUNT_MINOR: Final = 10**12  # 10 billion in a two-decimal currency
MAX_QUANTITY_MILLI: Final = 10**9  # a million units, in thousandths


# No exponents, no thousands separators: "12,5,0" or "1e9" typed into a till field must be
# refused rather than guessed at. Dot and comma both count as the decimal separator, because
# cashiers type whichever their keyboard has.
_TYPED_DECIMAL = re.compile(r"[-+]?(\d+([.,]\d*)?|[.,]\d+)")


def parse_typed_decimal(text: str) -> Decimal | None:
    """The Decimal that `text` spells, or None when it is not a plain decimal number."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if not _TYPED_DECIMAL.fullmatch(cleaned):
        return None
    return Decimal(cleaned.replace(",", "."))


def decimal_places(value: Decimal) -> int:
    """How many digits `value` carries after the point (12.50 → 2, 12 → 0)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
