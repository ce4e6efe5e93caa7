"""What a product import remembers of the rows it has read, so that a second row with the same
SKU or barcode is refused with the row of the first."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from posapp.services.shared import UnitOfWork

if TYPE_CHECKING:  # the import's own row type; the import builds on this module
    from posapp.services.catalogue.product_import import CheckedRow


@dataclass
class FileMemory:
    """Where earlier rows of the file had a SKU or a barcode, so that a second one is refused
    with the row of the first. A row is remembered in one of three places, by how far it got:

    - added to the catalogue as a new product: the catalogue says which of the import's
      additions owns the key, and `added_rows` holds each addition's row (8 bytes a row);
    - passed and waiting for its batch to be written: `pending_skus` and `pending_codes`;
    - passed, and never to be added: a change to an existing product, or any row of a check or
      after the first problem: the catalogue's temporary tables (`remember_rows`), on disk.

    A million new products are so checked without a million rows in memory, and without writing
    each one twice (the temporary tables cost a twentieth of an import)."""

    added_rows: array[int] = field(default_factory=lambda: array("q"))
    pending_skus: dict[str, int] = field(default_factory=dict)
    pending_codes: dict[str, tuple[int, str]] = field(default_factory=dict)
    in_tables: bool = False  # anything remembered in the temporary tables yet

    def earlier(
        self,
        uow: UnitOfWork,
        skus: Sequence[str],
        codes: Sequence[str],
        added_skus: dict[str, int],
        added_codes: dict[str, int],
    ) -> tuple[dict[str, int], dict[str, tuple[int, str]]]:
        """(SKU → row, barcode → (row, SKU)) for the keys an earlier row of the file had."""
        if self.in_tables:
            seen_skus, seen_codes = uow.catalogue.earlier_rows(skus, codes)
        else:
            seen_skus, seen_codes = {}, {}
        for sku in skus:
            if sku in self.pending_skus:
                seen_skus[sku] = self.pending_skus[sku]
        for code in codes:
            if code in self.pending_codes:
                seen_codes[code] = self.pending_codes[code]
        rows = self.added_rows
        seen_skus.update((sku, rows[n]) for sku, n in added_skus.items())
        # An added product's SKU differs from the row's: a row with its SKU is refused first.
        seen_codes.update((code, (rows[n], "")) for code, n in added_codes.items())
        return seen_skus, seen_codes

    def remember(self, uow: UnitOfWork, passed: list[CheckedRow], *, to_be_written: bool) -> None:
        added = [row for row in passed if to_be_written and row.product_id is None]
        for row in added:
            self.pending_skus[row.product.sku] = row.row
            for code, _ in row.product.barcodes:
                self.pending_codes[code] = (row.row, row.product.sku)
        kept = passed if not added else [row for row in passed if row.product_id is not None]
        if kept:
            self.in_tables = True
            codes = [
                (code, row.row, row.product.sku) for row in kept for code, _ in row.product.barcodes
            ]
            uow.catalogue.remember_rows([(row.product.sku, row.row) for row in kept], codes)

    def written(self, batch: list[CheckedRow]) -> None:
        """The batch's new products were added, in its order (as `import_products` adds them)."""
        self.added_rows.extend(row.row for row in batch if row.product_id is None)
        self.pending_skus.clear()
        self.pending_codes.clear()
