"""The largest amounts and quantities posapp stores, in one place for every edge that takes them:
editors, imports, the till's keypad and head office's sync contract.

Money is an integer of minor units and quantities integer thousandths, stored as 64-bit integers.
These bounds sit far below what 64 bits hold, so that a price times a quantity, or the sum of a
document's lines, can never overflow on the way to the bound that refuses it."""

from __future__ import annotations

from typing import Final

MAX_AMOUNT_MINOR: Final = 10**12  # 10 billion in a two-decimal currency
MAX_QUANTITY_MILLI: Final = 10**9  # a million units, in thousandths
