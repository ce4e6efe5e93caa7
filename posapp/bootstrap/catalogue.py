"""The catalogue at a node: price changes and archiving, product files in and out, shelf labels,
and the back office's catalogue screens wired to the store."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from posapp.bootstrap.node import Node
from posapp.db.store import (
    StoreError,
)
from posapp.domain.money import Money
from posapp.services import catalogue
from posapp.services.catalogue import CatalogueAdmin
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
    from posapp.db.product_list import price_history, product_page, tax_class_codes

    engine, currency = node.store.engine, node.settings.currency

    def fields(product_id: uuid.UUID) -> dict[str, str]:
        with node.unit_of_work() as uow:
            product = uow.catalogue.editable(product_id)
        if product is None:
            raise StoreError(f"no product {product_id}")
        return catalogue.product_fields(product)

    def edit_args() -> dict[str, Any]:
        return {"by": signed_in_as, "clock": node.clock, "new_id": node.new_id}

    return CatalogueAdmin(
        page=lambda typed, offset, limit: product_page(engine, typed, offset, limit),
        fields=fields,
        save=lambda product_id, typed: catalogue.save_product(
            node.unit_of_work(),
            product_id=product_id,
            fields=typed,
            currency=currency,
            **edit_args(),
        ),
        bulk_edit=lambda ids, change: catalogue.bulk_edit(
            node.unit_of_work(), product_ids=ids, change=change, **edit_args()
        ),
        price_history=lambda sku: price_history(engine, sku, currency),
        tax_classes=lambda: tax_class_codes(engine),
        currency=currency,
        check_file=lambda path, progress: import_products(
            node, path, by=signed_in_as, progress=progress, check_only=True
        ),
        import_file=lambda path, progress: import_products(
            node, path, by=signed_in_as, progress=progress
        ),
        export_file=lambda path: export_products(node, path),
        labels_pdf=lambda ids, layout: shelf_labels(node, product_ids=ids, layout=layout),
    )
