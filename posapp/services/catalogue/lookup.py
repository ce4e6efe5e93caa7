"""Catalogue use cases: ring up by barcode, search as you type, register a product."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from posapp.domain.catalogue import LifecycleState, ProductRow, ScannedProduct, validate_barcode
from posapp.domain.errors import (
    DomainError,
    DuplicateBarcode,
    DuplicateSku,
    InvalidBarcode,
    ProductExpired,
    ProductNotSellable,
    UnknownBarcode,
)
from posapp.domain.money import Money
from posapp.domain.scan_codes import DEFAULT_WEIGHT_RULES, WeightRule, read_scan
from posapp.services.shared import (
    CatalogueReader,
    Clock,
    IdFactory,
    NewProduct,
    UnitOfWork,
    queue_master_change,
)

SEARCH_LIMIT = 50


def scan_barcode(
    catalogue: CatalogueReader,
    *,
    code: str,
    rules: tuple[WeightRule, ...] = DEFAULT_WEIGHT_RULES,
    today: date | None = None,
) -> ScannedProduct:
    """The sellable product behind a scanned code, with what its label says (weight, price,
    batch, expiry), or a specific error the till can show."""
    found = identify_product(catalogue, code=code, rules=rules)
    product = found.product
    if not product.state.sellable:
        raise ProductNotSellable(product.name, product.state.value)
    if today is None:
        return found
    if found.expiry is not None and found.expiry < today:
        raise ProductExpired(product.name, found.expiry.isoformat())
    if found.expiry is None and found.batch is not None:
        # The label names its batch but not its expiry: the goods receipt said when it expires.
        known = catalogue.batch_expiry(product.id, found.batch)
        if known is not None and known < today:
            raise ProductExpired(product.name, known.isoformat(), batch=found.batch)
    return found


def identify_product(
    catalogue: CatalogueReader,
    *,
    code: str,
    rules: tuple[WeightRule, ...] = DEFAULT_WEIGHT_RULES,
) -> ScannedProduct:
    """The product behind a scanned code or typed SKU, in whatever state (goods are received
    before they go on sale), with what its label says; UnknownBarcode otherwise."""
    cleaned = code.strip()
    scan = read_scan(cleaned, rules)  # UnreadableCode names a bad label
    found = _first_found(catalogue, scan.lookups) or catalogue.find_by_sku(cleaned)
    if found is None:
        raise UnknownBarcode(cleaned)
    label_price = None
    if scan.price_minor is not None:
        label_price = Money(scan.price_minor, found.product.price.currency)
    return replace(
        found, weight=scan.weight, label_price=label_price, batch=scan.batch, expiry=scan.expiry
    )


def _first_found(catalogue: CatalogueReader, codes: Sequence[str]) -> ScannedProduct | None:
    for candidate in codes:
        try:
            validate_barcode(candidate)
        except InvalidBarcode:
            continue  # garbage is simply not a barcode of ours
        found = catalogue.find_by_barcode(candidate)
        if found is not None:
            return found
    return None


def search_products(
    catalogue: CatalogueReader, *, text: str, limit: int = SEARCH_LIMIT
) -> Sequence[ProductRow]:
    """Products whose name, SKU or barcode starts with every word typed, by name; a product
    whose SKU or barcode is exactly what was typed comes first."""
    typed = text.strip()
    if not typed:
        return ()
    rows = list(catalogue.search(typed, limit))
    exact = None
    if " " not in typed:
        exact = catalogue.find_by_sku(typed) or _found_code(catalogue, typed)
    if exact is None or exact.product.state is LifecycleState.ARCHIVED:
        return rows
    others = [row for row in rows if row.id != exact.product.id]
    return [exact.product, *others][:limit]


def _found_code(catalogue: CatalogueReader, code: str) -> ScannedProduct | None:
    try:
        return catalogue.find_by_barcode(validate_barcode(code))
    except InvalidBarcode:
        return None


def count_matches(catalogue: CatalogueReader, *, text: str, most: int) -> int:
    """How many products match `text`, counted up to `most` (the screen says "1,000+")."""
    return catalogue.count_matches(text.strip(), most) if text.strip() else 0


@dataclass(frozen=True, slots=True)
class ProductRegistered:
    product_id: uuid.UUID
    sku: str


def register_product(
    uow: UnitOfWork, *, product: NewProduct, clock: Clock, new_id: IdFactory
) -> ProductRegistered:
    """Add a product with its barcodes, refusing duplicates and invalid values before writing."""
    if not product.sku.strip():
        raise DomainError("SKU must not be empty")
    if not product.name.strip():
        raise DomainError("name must not be empty")
    if product.price.minor < 0:
        raise DomainError(f"price must not be negative, got {product.price}")
    for code, pack_thousandths in product.barcodes:
        validate_barcode(code)
        if pack_thousandths <= 0:
            raise DomainError(f"pack quantity of barcode {code!r} must be more than 0")
    codes = [code for code, _ in product.barcodes]
    if len(set(codes)) != len(codes):
        raise DomainError(f"the same barcode is listed twice: {codes}")
    with uow:
        if uow.catalogue.sku_exists(product.sku):
            raise DuplicateSku(product.sku)
        if not uow.catalogue.tax_class_exists(product.tax_class_code):
            raise DomainError(f"unknown tax class {product.tax_class_code!r}")
        for code in codes:
            if uow.catalogue.barcode_owner(code) is not None:
                raise DuplicateBarcode(code)
        product_id = new_id()
        uow.catalogue.add_product(product_id, product, clock.now())
        queue_master_change(
            uow,
            entity="product",
            key=str(product_id),
            record=uow.catalogue.master_record(product_id),
            clock=clock,
            new_id=new_id,
        )
        uow.commit()
    return ProductRegistered(product_id=product_id, sku=product.sku)
