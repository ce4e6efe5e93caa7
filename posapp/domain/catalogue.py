"""Catalogue rules: product lifecycle, barcodes, and the rows the till reads."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from posapp.domain.errors import InvalidBarcode, InvalidLifecycleTransition
from posapp.domain.money import Money
from posapp.domain.pricing import NO_RULES, ItemPricing
from posapp.domain.quantity import Quantity


class LifecycleState(Enum):
    """NEW → ACTIVE → PHASE_OUT → DISCONTINUED → ARCHIVED.

    NEW: listed, not yet on the shelf. PHASE_OUT: sold, not reordered. DISCONTINUED: remaining stock
    is sold off. ARCHIVED: the soft delete — gone from the till and lists, kept because history
    points at it.
    """

    NEW = "NEW"
    ACTIVE = "ACTIVE"
    PHASE_OUT = "PHASE_OUT"
    DISCONTINUED = "DISCONTINUED"
    ARCHIVED = "ARCHIVED"

    @property
    def sellable(self) -> bool:
        return self is not LifecycleState.ARCHIVED

    @property
    def purchasable(self) -> bool:
        return self in (LifecycleState.NEW, LifecycleState.ACTIVE)


_ORDER = list(LifecycleState)


def check_lifecycle_transition(current: LifecycleState, wanted: LifecycleState) -> None:
    """Forward moves may skip steps; the only way back is to ACTIVE (a product reinstated,
    including one archived by mistake). Nothing returns to NEW: it has already been listed."""
    forward = _ORDER.index(wanted) > _ORDER.index(current)
    reinstated = wanted is LifecycleState.ACTIVE and _ORDER.index(current) > _ORDER.index(wanted)
    if not (forward or reinstated):
        raise InvalidLifecycleTransition(current.value, wanted.value)


# Internal codes (Code 128 labels, supplier codes) may be any printable ASCII without spaces.
_INTERNAL_CODE = re.compile(r"[!-~]{1,48}")
GTIN_LENGTHS = (8, 12, 13, 14)


def validate_barcode(code: str) -> str:
    """The barcode as it will be stored, or InvalidBarcode naming what is wrong.

    Numeric codes of a GTIN length (EAN-8, UPC-A, EAN-13, GTIN-14) must carry a valid check digit,
    because a misread digit must never ring up another product.
    """
    if not _INTERNAL_CODE.fullmatch(code):
        raise InvalidBarcode(f"barcode {code!r} must be 1–48 printable characters without spaces")
    if code.isdigit() and len(code) in GTIN_LENGTHS and gtin_check_digit(code[:-1]) != code[-1]:
        raise InvalidBarcode(f"barcode {code!r} has a wrong check digit")
    return code


def product_master_record(
    product_id: uuid.UUID,
    *,
    sku: str,
    name: str,
    unit: str,
    weighed: bool,
    tax_class: str,
    state: str,
    cost_minor: int | None,
    price_minor: int,
    currency: str,
    barcodes: Iterable[tuple[str, int]],
    category: Sequence[str],
    brand: str,
) -> dict[str, object]:
    """A product as it travels to head office and on to every node (`master.product`): made
    from the stored rows, or straight from an import's checked rows, the same either way.
    `category`: the names from the top category down to the product's ([]: none); `brand`:
    its name ("": none). Names, as promotions name categories: each node has its own ids."""
    return {
        "id": str(product_id),
        "sku": sku,
        "name": name,
        "unit": unit,
        "weighed": weighed,
        "tax_class": tax_class,
        "state": state,
        "cost": cost_minor,
        "price": price_minor,
        "currency": currency,
        "barcodes": [[code, pack] for code, pack in sorted(barcodes)],
        "category": list(category),
        "brand": brand,
    }


def gtin_check_digit(body: str) -> str:
    """The check digit that completes `body` (the GTIN without its last digit): digits weighted
    3, 1, 3, … from the right, and the digit that brings the sum to a multiple of ten. Written out
    rather than borrowed, because demo data computes it a million times and every scan checks
    it."""
    if body.isascii():  # as bytes, each digit is its code point less 48: summed in C
        data = body.encode()
        odd, even = data[::-2], data[-2::-2]
        weighted = 3 * (sum(odd) - 48 * len(odd)) + sum(even) - 48 * len(even)
    else:
        weighted = 3 * sum(map(int, body[::-2])) + sum(map(int, body[-2::-2]))
    return str(-weighted % 10)


@dataclass(frozen=True, slots=True)
class ProductRow:
    """What the till needs to ring up a product, read in one query."""

    id: uuid.UUID
    sku: str
    name: str
    unit: str
    state: LifecycleState
    price: Money
    tax_class_code: str
    weighed: bool
    cost: Money | None = None  # what the shop paid, when known (selling below it is checked)
    category_id: uuid.UUID | None = None
    pricing: ItemPricing = NO_RULES  # its price lists and promotions, loaded when it is sold


@dataclass(frozen=True, slots=True)
class ScannedProduct:
    """A product found by a barcode, with the quantity that barcode stands for (a case sells 12)."""

    product: ProductRow
    barcode: str
    pack_quantity: Quantity
    # What the label itself said (scale labels, GS1 codes); None for a plain shelf barcode.
    weight: Quantity | None = None  # sell this many kilograms
    label_price: Money | None = None  # charge this for the item, not the shelf price
    batch: str | None = None
    expiry: date | None = None
