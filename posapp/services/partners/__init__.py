"""Partners: customers (accounts, credit limits, payments on account) and suppliers (and what they
supply), their back-office screens, and their import and export files."""

from posapp.services.partners.customer_admin import customer_fields, receive_payment, save_customer
from posapp.services.partners.record_import import (
    CUSTOMERS,
    SUPPLIER_PRODUCT_COLUMNS,
    SUPPLIERS,
    CheckedRecord,
    RecordKind,
    check_records,
    check_supplier_products,
    export_records,
    export_supplier_products,
    import_records,
    import_supplier_products,
)
from posapp.services.partners.records_admin import (
    CustomerRow,
    FileCheck,
    PriceListRow,
    PromotionRow,
    RecordsAdmin,
    SupplierRow,
)
from posapp.services.partners.supplier_admin import save_supplier, supplier_fields

__all__ = [
    "CUSTOMERS",
    "SUPPLIERS",
    "SUPPLIER_PRODUCT_COLUMNS",
    "CheckedRecord",
    "CustomerRow",
    "FileCheck",
    "PriceListRow",
    "PromotionRow",
    "RecordKind",
    "RecordsAdmin",
    "SupplierRow",
    "check_records",
    "check_supplier_products",
    "customer_fields",
    "export_records",
    "export_supplier_products",
    "import_records",
    "import_supplier_products",
    "receive_payment",
    "save_customer",
    "save_supplier",
    "supplier_fields",
]
