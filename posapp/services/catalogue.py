"""Catalogue use cases: ring up by barcode, search as you type, register a product."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from posapp.domain.catalogue import ProductRow, ScannedProduct, validate_barcode
from posapp.domain.errors import (
    DomainError,
    DuplicateBarcode,
    DuplicateSku,
    InvalidBarcode,
    ProductNotSellable,
    UnknownBarcode,
)
from posapp.services.ports import CatalogueReader, Clock, IdFactory, NewProduct, UnitOfWork

SEARCH_LIMIT = 50


def scan_barcode(catalogue: CatalogueReader, *, code: str) -> ScannedProduct:
    """The sellable product behind a scanned code, or a specific error the till can show."""
    cleaned = code.strip()
    try:
        validate_barcode(cleaned)
    except InvalidBarcode:
        raise UnknownBarcode(cleaned) from None
    found = catalogue.find_by_barcode(cleaned)
    if found is None:
        raise UnknownBarcode(cleaned)
    if not found.product.state.sellable:
        raise ProductNotSellable(found.product.name, found.product.state.value)
    return found


def search_products(
    catalogue: CatalogueReader, *, text: str, limit: int = SEARCH_LIMIT
) -> Sequence[ProductRow]:
    """Sellable products whose name, SKU or barcode starts with every word typed."""
    if not text.strip():
        return ()
    return catalogue.search(text, limit)


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
        uow.commit()
    return ProductRegistered(product_id=product_id, sku=product.sku)
