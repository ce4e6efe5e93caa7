"""What a scanned code means before the catalogue is asked: a plain barcode, a scale label with
the weight or price inside it (prefixes 20–29), or a GS1 element string (GS1-128, DataMatrix)
carrying the GTIN with a batch, an expiry date or a net weight.

Scale labels follow rules a shop configures, written as a pattern of 13 characters:
digits are the fixed prefix, `P` the product code, `W` the weight in grams, `E` the price in
minor units, `C` the EAN-13 check digit. `21PPPPPWWWWWC` is 21, a five-digit product code, a
weight in grams and the check digit. The product carries the label's barcode with the weight or
price digits as zeros (2112345000004 above), the way scale-label systems usually register them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from posapp.domain.catalogue import gtin_check_digit
from posapp.domain.errors import DomainError
from posapp.domain.quantity import Quantity


class UnreadableCode(DomainError):
    """A code that was scanned but cannot be read: the message names what is wrong with it."""


@dataclass(frozen=True, slots=True)
class WeightRule:
    pattern: str  # e.g. "21PPPPPWWWWWC"

    def __post_init__(self) -> None:
        if len(self.pattern) != 13 or not re.fullmatch(r"2\d[\dPWEC]{11}", self.pattern):
            raise DomainError(
                f"scale label rule {self.pattern!r} must be 13 characters: a prefix 20–29, "
                "then P (product), W (grams) or E (price) and C (check digit)"
            )
        if not self.pattern.endswith("C") or ("W" in self.pattern) == ("E" in self.pattern):
            raise DomainError(
                f"scale label rule {self.pattern!r} needs a check digit C at the end and "
                "either W (weight) or E (price), not both"
            )

    @property
    def prefix(self) -> str:
        return re.match(r"\d+", self.pattern).group(0)  # type: ignore[union-attr]

    def matches(self, code: str) -> bool:
        return len(code) == 13 and code.isdigit() and code.startswith(self.prefix)

    def _digits(self, code: str, letter: str) -> str:
        return "".join(
            digit for digit, kind in zip(code, self.pattern, strict=True) if kind == letter
        )

    def read(self, code: str) -> ScanCode:
        if gtin_check_digit(code[:-1]) != code[-1]:
            raise UnreadableCode(f"scale label {code} has a wrong check digit")
        value_letter = "W" if "W" in self.pattern else "E"
        value = int(self._digits(code, value_letter))
        base = "".join(
            "0" if kind == value_letter else digit
            for digit, kind in zip(code, self.pattern, strict=True)
        )
        lookup = base[:-1] + gtin_check_digit(base[:-1])
        if value_letter == "W":
            if value == 0:
                raise UnreadableCode(f"scale label {code} says the weight is zero")
            return ScanCode((lookup,), weight=Quantity.from_thousandths(value))
        return ScanCode((lookup,), price_minor=value)


DEFAULT_WEIGHT_RULES = (WeightRule("21PPPPPWWWWWC"), WeightRule("22PPPPPEEEEEC"))


@dataclass(frozen=True, slots=True)
class ScanCode:
    """A scan, read: the code to look the product up by, and what the label added."""

    lookups: tuple[str, ...]  # the codes to look the product up by, most specific first
    weight: Quantity | None = None  # kilograms, from a scale label or GS1 net weight
    price_minor: int | None = None  # the label's price, charged instead of the shelf price
    batch: str | None = None
    expiry: date | None = None


_SYMBOLOGY = re.compile(r"^\][A-Za-z]\d")  # ]C1 GS1-128, ]d2 DataMatrix, ]Q3 QR, ]e0 DataBar
GS = "\x1d"  # FNC1 as scanners send it between variable-length fields


def looks_like_code(typed: str) -> bool:
    """Whether what arrived in the scan field is a code (not words to search for)."""
    return typed.isdigit() or bool(_SYMBOLOGY.match(typed)) or GS in typed or _is_hri(typed)


def _is_hri(typed: str) -> bool:
    return typed.startswith("(") and bool(re.fullmatch(r"(\(\d{2,4}\)[^()]+)+", typed))


def _is_gs1(code: str) -> bool:
    if _SYMBOLOGY.match(code) or GS in code or _is_hri(code):
        return True
    # Scanners set not to send a symbology identifier: (01) and 14 digits, then more AIs.
    return bool(re.match(r"01\d{14}\d\d", code))


def read_scan(code: str, rules: tuple[WeightRule, ...] = DEFAULT_WEIGHT_RULES) -> ScanCode:
    """What `code` means, or UnreadableCode naming what is wrong with it."""
    if _is_gs1(code):
        return _read_gs1(code)
    for rule in rules:
        if rule.matches(code):
            return rule.read(code)
    return ScanCode((code,))


_NET_WEIGHT_KG = re.compile(r"^310[0-6]$")


def _read_gs1(code: str) -> ScanCode:
    # biip loads GS1's tables when imported (~75 ms): at the first GS1 scan, not at start-up.
    from biip import ParseError
    from biip.gs1_messages import GS1Message

    try:
        if _is_hri(code):
            message = GS1Message.parse_hri(code)
        else:
            message = GS1Message.parse(_SYMBOLOGY.sub("", code))
    except ParseError as error:
        raise UnreadableCode(f"GS1 code {code!r} cannot be read: {error}") from None
    gtin = batch = None
    expiry: date | None = None
    weight: Quantity | None = None
    for element in message.element_strings:
        ai = element.ai.ai
        if ai == "01":
            if element.gtin_error or element.gtin is None:
                raise UnreadableCode(f"GS1 code {code!r}: {element.gtin_error or 'no GTIN'}")
            gtin = element.gtin.value
        elif ai == "10":
            batch = element.value
        elif ai in ("15", "17"):
            if element.date is None:
                raise UnreadableCode(f"GS1 code {code!r} has an impossible date {element.value}")
            expiry = element.date
        elif _NET_WEIGHT_KG.match(ai) and element.decimal is not None:
            weight = Quantity(element.decimal.quantize(Decimal("0.001")))
    if gtin is None:
        raise UnreadableCode(f"GS1 code {code!r} carries no GTIN (01) to look the product up by")
    return ScanCode(_gtin_forms(gtin), weight=weight, batch=batch, expiry=expiry)


def _gtin_forms(gtin: str) -> tuple[str, ...]:
    """GS1 pads every GTIN to 14 digits; the shelf barcode may be registered as GTIN-14,
    EAN-13, UPC-A (12) or EAN-8, so each form the padding allows is tried."""
    forms = [gtin]
    for length in (13, 12, 8):
        if gtin[: 14 - length] == "0" * (14 - length):
            forms.append(gtin[14 - length :])
    return tuple(forms)
