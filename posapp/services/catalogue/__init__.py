"""The catalogue: finding products (scan, search), creating and editing them, bulk edits, price
changes and archiving, and importing product files."""

from posapp.services.catalogue.catalogue_admin import (
    CatalogueAdmin,
    LabelProduct,
    PriceChange,
    ProductListRow,
)
from posapp.services.catalogue.catalogue_edits import (
    ProductChanged,
    archive_product,
    change_price,
    publish_catalogue,
)
from posapp.services.catalogue.lookup import (
    SEARCH_LIMIT,
    count_matches,
    identify_product,
    scan_barcode,
    search_products,
)
from posapp.services.catalogue.product_editing import (
    PRODUCT_FIELDS,
    UNITS,
    BulkChange,
    ProductSaved,
    bulk_edit,
    format_barcodes,
    parse_barcodes,
    product_fields,
    save_product,
)
from posapp.services.catalogue.product_import import (
    CheckedRow,
    ImportCheck,
    check_products,
    import_products,
)

__all__ = [
    "PRODUCT_FIELDS",
    "SEARCH_LIMIT",
    "UNITS",
    "BulkChange",
    "CatalogueAdmin",
    "CheckedRow",
    "ImportCheck",
    "LabelProduct",
    "PriceChange",
    "ProductChanged",
    "ProductListRow",
    "ProductSaved",
    "archive_product",
    "bulk_edit",
    "change_price",
    "check_products",
    "count_matches",
    "format_barcodes",
    "identify_product",
    "import_products",
    "parse_barcodes",
    "product_fields",
    "publish_catalogue",
    "save_product",
    "scan_barcode",
    "search_products",
]
