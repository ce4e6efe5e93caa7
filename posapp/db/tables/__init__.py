"""The local store's tables (SQLAlchemy Core), one module per part of the business. Migrations in
`migrations/versions` create them.

Conventions: UUIDv7 `id` on everything that travels; money as integer minor units plus currency;
quantities as integer thousandths; timestamps timezone-aware UTC; master data is archived
(`archived_at`), never deleted, because history points at it.
"""

from posapp.db.tables.base import metadata
from posapp.db.tables.cash import cash_movements, shifts, z_reports
from posapp.db.tables.catalogue import (
    LIFECYCLE_STATES,
    barcodes,
    brands,
    categories,
    products,
    tax_classes,
    tax_rates,
)
from posapp.db.tables.costing import (
    cost_marks,
    cost_periods,
    cost_states,
    movement_costs,
    period_stock,
    period_values,
    product_values,
    receipt_charges,
    receipt_line_charges,
)
from posapp.db.tables.partners import (
    customers,
    payable_entries,
    payment_allocations,
    receivable_entries,
    supplier_payments,
    supplier_products,
    suppliers,
)
from posapp.db.tables.pricing import (
    PRICE_LIST_KINDS,
    PROMOTION_KINDS,
    price_list_items,
    price_lists,
    promotion_targets,
    promotions,
)
from posapp.db.tables.records import (
    author_keys,
    document_series,
    journal_entries,
    outbox_events,
    outbox_sent,
    parked_sales,
)
from posapp.db.tables.reporting import (
    report_cost_changes,
    report_cursors,
    sales_day_products,
    sales_day_tills,
    sales_days,
    sales_month_products,
)
from posapp.db.tables.sales import sale_line_taxes, sale_lines, sale_tenders, sales
from posapp.db.tables.shop import locations, pin_failures, roles, settings, stores, terminals, users
from posapp.db.tables.stock import (
    counters,
    stock_count_lines,
    stock_counts,
    stock_document_history,
    stock_document_lines,
    stock_documents,
    stock_levels,
    stock_limits,
    stock_movements,
    stock_reservations,
    workflow_statuses,
    workflow_transitions,
)
from posapp.db.tables.sync import sync_batches, sync_identity, sync_set_aside

__all__ = [
    "LIFECYCLE_STATES",
    "PRICE_LIST_KINDS",
    "PROMOTION_KINDS",
    "author_keys",
    "barcodes",
    "brands",
    "cash_movements",
    "categories",
    "cost_marks",
    "cost_periods",
    "cost_states",
    "counters",
    "customers",
    "document_series",
    "journal_entries",
    "locations",
    "metadata",
    "movement_costs",
    "outbox_events",
    "outbox_sent",
    "parked_sales",
    "payable_entries",
    "payment_allocations",
    "period_stock",
    "period_values",
    "pin_failures",
    "price_list_items",
    "price_lists",
    "product_values",
    "products",
    "promotion_targets",
    "promotions",
    "receipt_charges",
    "receipt_line_charges",
    "receivable_entries",
    "report_cost_changes",
    "report_cursors",
    "roles",
    "sale_line_taxes",
    "sale_lines",
    "sale_tenders",
    "sales",
    "sales_day_products",
    "sales_day_tills",
    "sales_days",
    "sales_month_products",
    "settings",
    "shifts",
    "stock_count_lines",
    "stock_counts",
    "stock_document_history",
    "stock_document_lines",
    "stock_documents",
    "stock_levels",
    "stock_limits",
    "stock_movements",
    "stock_reservations",
    "stores",
    "supplier_payments",
    "supplier_products",
    "suppliers",
    "sync_batches",
    "sync_identity",
    "sync_set_aside",
    "tax_classes",
    "tax_rates",
    "terminals",
    "users",
    "workflow_statuses",
    "workflow_transitions",
    "z_reports",
]
