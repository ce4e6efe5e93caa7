"""The catalogue at a node: price changes and archiving, product files in and out, shelf labels,
and the back office's catalogue screens wired to the store."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from posapp.bootstrap.node import Node
from posapp.db.store import (
    StoreError,
)
from posapp.domain.money import Money
from posapp.services import catalogue
from posapp.services.catalogue import CatalogueAdmin, PriceChange, ProductListRow
from posapp.services.shared import Progress


def change_price(node: Node, sku: str, text: str, *, by: str) -> catalogue.ProductChanged:
    """A back-office price change: here at once, at every till after its next sync."""
    return catalogue.change_price(
        node.unit_of_work(),
        sku=sku,
        price=Money.parse(text, node.settings.currency),
        by=by,
        clock=node.clock,
        new_id=node.new_id,
    )


def archive_product(node: Node, sku: str, *, by: str) -> None:
    catalogue.archive_product(
        node.unit_of_work(), sku=sku, by=by, clock=node.clock, new_id=node.new_id
    )


def publish_catalogue(node: Node, *, by: str) -> int:
    """Every product's record to head office again (`posapp products publish`)."""
    return catalogue.publish_catalogue(
        node.unit_of_work(), by=by, clock=node.clock, new_id=node.new_id
    )


def import_products(
    node: Node,
    path: Path,
    *,
    by: str,
    progress: Progress | None = None,
    check_only: bool = False,
) -> catalogue.ImportCheck:
    """A product file checked (and, unless `check_only`, imported: all rows or none). Raises
    UnreadableFile, or ImportRefused with every problem found."""
    from posapp.reports.table_files import open_table

    table = open_table(path)
    if check_only:
        with node.unit_of_work() as uow:
            return catalogue.check_products(
                uow,
                table.columns,
                table.read(),
                currency=node.settings.currency,
                progress=progress,
                total=table.rows,
            )
    return catalogue.import_products(
        node.unit_of_work(),
        table.columns,
        table.read(),
        currency=node.settings.currency,
        source=path.name,
        by=by,
        clock=node.clock,
        new_id=node.new_id,
        progress=progress,
        total=table.rows,
    )


def export_products(node: Node, path: Path) -> int:
    """Every product to a CSV or Excel file that `import_products` reads back."""
    from posapp.db.product_list import export_rows
    from posapp.reports.table_files import write_table

    return write_table(path, catalogue.PRODUCT_FIELDS, export_rows(node.store.engine))


def shelf_labels(
    node: Node,
    *,
    skus: Sequence[str] = (),
    product_ids: Sequence[uuid.UUID] = (),
    changed_since: datetime | None = None,
    layout: str = "a4-3x8",
) -> bytes:
    """A PDF of shelf labels for the products named, or all whose price changed since a time."""
    from posapp.db.product_list import label_products, price_changed_since
    from posapp.reports.shelf_labels import LAYOUTS, labels_pdf

    if layout not in LAYOUTS:
        raise StoreError(f"unknown label layout {layout!r}; these exist: {', '.join(LAYOUTS)}")
    engine = node.store.engine
    chosen = list(product_ids)
    if skus:
        with node.unit_of_work() as uow:
            found = uow.catalogue.ids_of_skus(list(skus))
        missing = [sku for sku in skus if sku not in found]
        if missing:
            raise StoreError(f"no product with SKU {missing[0]!r}")
        chosen += [found[sku] for sku in skus]
    if changed_since is not None:
        chosen += price_changed_since(engine, changed_since)
    if not chosen:
        raise StoreError("no products to label")
    return labels_pdf(label_products(engine, chosen), layout)


def catalogue_admin(node: Node, *, signed_in_as: str = "Administrator") -> CatalogueAdmin:
    """The back office's catalogue screens' data, on this node's store."""
    return NodeCatalogue(node, signed_in_as)


class NodeCatalogue:
    """CatalogueAdmin on a node's store: its queries, and its use cases as `by`."""

    def __init__(self, node: Node, by: str) -> None:
        self._node, self._by = node, by
        self._engine = node.store.engine
        self.currency = node.settings.currency

    def page(self, *, typed: str, offset: int, limit: int) -> list[ProductListRow]:
        from posapp.db.product_list import product_page

        return product_page(self._engine, typed, offset, limit)

    def fields(self, product_id: uuid.UUID) -> dict[str, str]:
        with self._node.unit_of_work() as uow:
            product = uow.catalogue.editable(product_id)
        if product is None:
            raise StoreError(f"no product {product_id}")
        return catalogue.product_fields(product)

    def save(
        self, *, product_id: uuid.UUID | None, fields: Mapping[str, str]
    ) -> catalogue.ProductSaved:
        node = self._node
        return catalogue.save_product(
            node.unit_of_work(),
            product_id=product_id,
            fields=fields,
            currency=self.currency,
            by=self._by,
            clock=node.clock,
            new_id=node.new_id,
        )

    def bulk_edit(self, *, product_ids: Sequence[uuid.UUID], change: catalogue.BulkChange) -> int:
        node = self._node
        return catalogue.bulk_edit(
            node.unit_of_work(),
            product_ids=product_ids,
            change=change,
            by=self._by,
            clock=node.clock,
            new_id=node.new_id,
        )

    def price_history(self, sku: str) -> list[PriceChange]:
        from posapp.db.product_list import price_history

        return price_history(self._engine, sku, self.currency)

    def tax_classes(self) -> list[str]:
        from posapp.db.product_list import tax_class_codes

        return tax_class_codes(self._engine)

    def check_file(self, path: Path, progress: Progress) -> catalogue.ImportCheck:
        return import_products(self._node, path, by=self._by, progress=progress, check_only=True)

    def import_file(self, path: Path, progress: Progress) -> catalogue.ImportCheck:
        return import_products(self._node, path, by=self._by, progress=progress)

    def export_file(self, path: Path) -> int:
        return export_products(self._node, path)

    def labels_pdf(self, *, product_ids: Sequence[uuid.UUID], layout: str) -> bytes:
        return shelf_labels(self._node, product_ids=product_ids, layout=layout)
