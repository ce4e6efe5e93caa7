"""Reading numbers that people type: one sign, digits, one decimal separator, nothing else."""

import re
from decimal import Decimal

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
