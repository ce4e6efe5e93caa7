"""The local store's tables (SQLAlchemy Core). Migrations in `migrations/versions` create them.

Conventions: UUIDv7 `id` on everything that travels; money as integer minor units plus currency;
quantities as integer thousandths; timestamps timezone-aware UTC; master data is archived
(`archived_at`), never deleted, because history points at it.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    false,
)

from posapp.db.types import UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _timestamps() -> list[Column[object]]:
    return [
        Column("created_at", UtcDateTime, nullable=False),
        Column("updated_at", UtcDateTime, nullable=False),
        Column("note", Text),
    ]


settings = Table(
    "settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),  # JSON
    Column("updated_at", UtcDateTime, nullable=False),
)

stores = Table(
    "stores",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(20), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("archived_at", UtcDateTime),
    *_timestamps(),
)

locations = Table(
    "locations",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("store_id", Uuid, ForeignKey("stores.id"), nullable=False),
    Column("code", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("archived_at", UtcDateTime),
    *_timestamps(),
    UniqueConstraint("store_id", "code"),
)

terminals = Table(
    "terminals",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("store_id", Uuid, ForeignKey("stores.id"), nullable=False),
    Column("code", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("archived_at", UtcDateTime),
    *_timestamps(),
    UniqueConstraint("store_id", "code"),
)

# Role codes and what each may do (JSON list of posapp.domain.permissions.Permission values).
roles = Table(
    "roles",
    metadata,
    Column("code", String(50), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("permissions", Text, nullable=False),
    *_timestamps(),
)

# Wrong supervisor PINs typed at a terminal: five within minutes lock the approval for a while.
pin_failures = Table(
    "pin_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("terminal_code", String(20), nullable=False),
    Column("failed_at", UtcDateTime, nullable=False),
)
Index(
    "ix_pin_failures_terminal_code_failed_at",
    pin_failures.c.terminal_code,
    pin_failures.c.failed_at,
)

users = Table(
    "users",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("role", String(50), nullable=False),
    Column("pin_hash", String(300)),
    Column("password_hash", String(300)),
    Column("archived_at", UtcDateTime),
    *_timestamps(),
)

categories = Table(
    "categories",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("parent_id", Uuid, ForeignKey("categories.id")),
    Column("archived_at", UtcDateTime),
    *_timestamps(),
    UniqueConstraint("parent_id", "name"),
)

brands = Table(
    "brands",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("archived_at", UtcDateTime),
    *_timestamps(),
)

tax_classes = Table(
    "tax_classes",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(20), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("archived_at", UtcDateTime),
    *_timestamps(),
)

tax_rates = Table(
    "tax_rates",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tax_class_id", Uuid, ForeignKey("tax_classes.id"), nullable=False),
    Column("code", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("rate_ppm", Integer, nullable=False),
    *_timestamps(),
    UniqueConstraint("tax_class_id", "code"),
    CheckConstraint("rate_ppm BETWEEN 0 AND 1000000", name="rate_range"),
)

LIFECYCLE_STATES = ("NEW", "ACTIVE", "PHASE_OUT", "DISCONTINUED", "ARCHIVED")

products = Table(
    "products",
    metadata,
    # Node-local integer key: the search index (FTS5) addresses rows by it. A real column, not the
    # implicit rowid, so it survives Alembic's batch table rebuilds.
    Column("local_id", Integer, primary_key=True),
    Column("id", Uuid, nullable=False, unique=True),
    Column("sku", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("category_id", Uuid, ForeignKey("categories.id")),
    Column("brand_id", Uuid, ForeignKey("brands.id")),
    Column("unit", String(10), nullable=False),
    Column("weighed", Boolean, nullable=False),
    Column("tax_class_id", Uuid, ForeignKey("tax_classes.id"), nullable=False),
    Column("state", String(20), nullable=False),
    Column("cost_minor", Integer),
    Column("price_minor", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("archived_at", UtcDateTime),
    *_timestamps(),
    CheckConstraint("price_minor >= 0", name="price_not_negative"),
    CheckConstraint("cost_minor IS NULL OR cost_minor >= 0", name="cost_not_negative"),
    CheckConstraint(
        "state IN ('NEW', 'ACTIVE', 'PHASE_OUT', 'DISCONTINUED', 'ARCHIVED')", name="state_known"
    ),
)
Index("ix_products_category_id", products.c.category_id)
Index("ix_products_name_sku", products.c.name, products.c.sku)  # the back office's list order

barcodes = Table(
    "barcodes",
    metadata,
    Column("code", String(48), primary_key=True),
    Column("product_id", Uuid, ForeignKey("products.id"), nullable=False),
    # How many units one scan stands for, in thousandths: a case barcode of 12 is 12000.
    Column("pack_qty_milli", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("pack_qty_milli > 0", name="pack_positive"),
    sqlite_with_rowid=False,
)
Index("ix_barcodes_product_id", barcodes.c.product_id)

# -- documents: sales and returns (immutable once written) -----------------------------------

sales = Table(
    "sales",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("number", String(40), nullable=False, unique=True),  # S01-T01-000123
    Column("kind", String(10), nullable=False),
    Column("store_id", Uuid, ForeignKey("stores.id"), nullable=False),
    Column("terminal_code", String(20), nullable=False),
    Column("location_id", Uuid, ForeignKey("locations.id"), nullable=False),
    Column("cashier_id", Uuid, ForeignKey("users.id"), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("price_mode", String(10), nullable=False),
    Column("subtotal_minor", Integer, nullable=False),
    Column("discount_minor", Integer, nullable=False),
    Column("net_minor", Integer, nullable=False),
    Column("tax_minor", Integer, nullable=False),
    Column("total_minor", Integer, nullable=False),
    Column("rounding_minor", Integer, nullable=False),
    Column("original_id", Uuid, ForeignKey("sales.id")),
    Column("flags", String(200), nullable=False),  # comma separated, e.g. "no_receipt"
    Column("created_at", UtcDateTime, nullable=False),
    Column("shift_id", Uuid),  # the till shift it was rung up in (the Z report sums by it)
    Column("customer_id", Uuid),  # the customer attached at the till, if any
    CheckConstraint("kind IN ('SALE', 'RETURN')", name="kind_known"),
)
# Partial: only returns carry an original, so a sale's commit does not touch this index.
Index("ix_sales_original_id", sales.c.original_id, sqlite_where=sales.c.original_id.isnot(None))
Index("ix_sales_shift_id", sales.c.shift_id, sqlite_where=sales.c.shift_id.isnot(None))

sale_lines = Table(
    "sale_lines",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("sale_id", Uuid, ForeignKey("sales.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("product_id", Uuid, ForeignKey("products.id"), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("unit", String(10), nullable=False),
    Column("quantity_milli", Integer, nullable=False),
    Column("list_price_minor", Integer, nullable=False),
    Column("unit_price_minor", Integer, nullable=False),
    Column("line_discount_minor", Integer, nullable=False),
    Column("basket_discount_minor", Integer, nullable=False),
    Column("amount_minor", Integer, nullable=False),
    Column("net_minor", Integer, nullable=False),
    Column("tax_minor", Integer, nullable=False),
    Column("original_line_id", Uuid, ForeignKey("sale_lines.id")),
    Column("price_note", String(200)),  # why this price: "VIP group", "3 for 2"
    UniqueConstraint("sale_id", "line_no"),
)
Index(
    "ix_sale_lines_original_line_id",
    sale_lines.c.original_line_id,
    sqlite_where=sale_lines.c.original_line_id.isnot(None),
)

sale_line_taxes = Table(
    "sale_line_taxes",
    metadata,
    Column("line_id", Uuid, ForeignKey("sale_lines.id"), primary_key=True),
    Column("rate_code", String(20), primary_key=True),
    Column("rate_ppm", Integer, nullable=False),
    Column("tax_minor", Integer, nullable=False),
    sqlite_with_rowid=False,
)

sale_tenders = Table(
    "sale_tenders",
    metadata,
    Column("sale_id", Uuid, ForeignKey("sales.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("amount_minor", Integer, nullable=False),
    Column("reference", String(100)),
    sqlite_with_rowid=False,
)

# -- stock: the ledger and its projection ----------------------------------------------------
# Tables keyed by their primary key alone are WITHOUT ROWID: one b-tree instead of a table plus
# its key index, so each sale's commit writes fewer pages (and syncs sooner).

stock_movements = Table(
    "stock_movements",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("product_id", Uuid, ForeignKey("products.id"), nullable=False),
    Column("location_id", Uuid, ForeignKey("locations.id"), nullable=False),
    Column("quantity_milli", Integer, nullable=False),  # + in, - out
    Column("reason", String(20), nullable=False),
    Column("sale_id", Uuid, ForeignKey("sales.id")),
    Column("sale_line_id", Uuid, ForeignKey("sale_lines.id")),
    Column("created_at", UtcDateTime, nullable=False),
)
Index(
    "ix_stock_movements_product_id_location_id",
    stock_movements.c.product_id,
    stock_movements.c.location_id,
)

# Σ stock_movements per product and location, kept in the same transaction; `posapp check`
# compares the two.
stock_levels = Table(
    "stock_levels",
    metadata,
    Column("product_id", Uuid, ForeignKey("products.id"), primary_key=True),
    Column("location_id", Uuid, ForeignKey("locations.id"), primary_key=True),
    Column("on_hand_milli", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# -- numbering, journal, outbox, parked baskets ----------------------------------------------

document_series = Table(
    "document_series",
    metadata,
    Column("series", String(40), primary_key=True),  # "S01-T01"
    Column("last_number", Integer, nullable=False),
    sqlite_with_rowid=False,
)

journal_entries = Table(
    "journal_entries",
    metadata,
    Column("seq", Integer, primary_key=True),  # gap-free per terminal
    Column("id", Uuid, nullable=False, unique=True),
    Column("terminal_code", String(20), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("document_id", Uuid),
    Column("payload_sha256", String(64), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    # Events that are not documents (no sale, overrides, shifts) keep their JSON here; a
    # document's entry is checked against the document's own rows instead.
    Column("payload", Text),
)

# A product's price history reads these; partial, so the sales' own entries never touch it.
Index(
    "ix_journal_entries_price_changed",
    journal_entries.c.kind,
    sqlite_where=journal_entries.c.kind == "price_changed",
)

outbox_events = Table(
    "outbox_events",
    metadata,
    Column("seq", Integer, primary_key=True),  # gap-free per node: the sync protocol needs it
    Column("id", Uuid, nullable=False, unique=True),
    Column("kind", String(40), nullable=False),
    Column("aggregate_id", Uuid, nullable=False),
    Column("payload", Text, nullable=False),  # JSON
    Column("created_at", UtcDateTime, nullable=False),
    # A master-data change's author and proof, JSON {"user", "version", "proof"}: see
    # posapp.domain.authorship. NULL for every other event.
    Column("author", Text),
)

# Author keys received at online password sign-ins, each sealed under its user's password.
author_keys = Table(
    "author_keys",
    metadata,
    Column("user_id", Uuid, primary_key=True),
    Column("username", String(100), nullable=False),
    Column("version", Integer, nullable=False),
    Column("sealed", Text, nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
)

# How far head office has acknowledged the outbox: every event up to `through_seq` is sent.
# One number, not a mark on each event: marking rewrote every event's page (the payload is on
# it), megabytes of WAL per batch that the till's next sale had to wait behind.
outbox_sent = Table(
    "outbox_sent",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1
    Column("through_seq", Integer, nullable=False),
    Column("updated_at", UtcDateTime),
    CheckConstraint("id = 1", name="single_row"),
)

# -- sync: who this node is to head office, and the batch in flight -------------------------

sync_identity = Table(
    "sync_identity",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1: one enrolment per node
    Column("server_url", String(500), nullable=False),
    Column("device_id", Uuid, nullable=False),
    Column("incarnation", Integer, nullable=False),
    Column("token", String(200), nullable=False),
    Column("enrolled_at", UtcDateTime, nullable=False),
    Column("cursor", String(100)),  # master data pulled up to here
    Column("pulled_at", UtcDateTime),
    CheckConstraint("id = 1", name="single_row"),
)

sync_batches = Table(
    "sync_batches",
    metadata,
    Column("id", Uuid, primary_key=True),  # the idempotency key: a retry reuses it
    Column("first_seq", Integer, nullable=False),
    Column("last_seq", Integer, nullable=False),
    Column("state", String(12), nullable=False),  # sending | quarantined
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("state IN ('sending', 'quarantined')", name="state_known"),
)

# Master records pulled from head office that this node could not take (migration 0014).
sync_set_aside = Table(
    "sync_set_aside",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity", String(30), nullable=False),
    Column("record_key", String(100), nullable=False),
    Column("reason", Text, nullable=False),
    Column("record", Text),  # the record as received, at most 64 KB of it
    Column("set_aside_at", UtcDateTime, nullable=False),
)

parked_sales = Table(
    "parked_sales",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("terminal_code", String(20), nullable=False),
    Column("label", String(200), nullable=False),
    Column("basket", Text, nullable=False),  # JSON
    Column("parked_at", UtcDateTime, nullable=False),
)


# -- shifts: the drawer from float to Z ------------------------------------------------------

shifts = Table(
    "shifts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("terminal_code", String(20), nullable=False),
    Column("number", Integer, nullable=False),  # per terminal
    Column("cashier_id", Uuid, ForeignKey("users.id"), nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("opening_float_minor", Integer, nullable=False),
    Column("opening_count", Text, nullable=False),  # JSON {denomination: pieces}
    Column("closed_at", UtcDateTime),
    Column("closing_count", Text),
    Column("counted_minor", Integer),
    Column("expected_minor", Integer),
    Column("approved_by", Uuid),  # the manager who accepted an over/short beyond tolerance
    # '' when the cashiers share the till's drawer; a cashier's id when each has their own.
    Column("drawer", String(40), nullable=False, server_default=""),
    UniqueConstraint("terminal_code", "number"),
)
# One open shift per drawer: the database itself refuses a second.
Index(
    "ux_shifts_one_open_per_drawer",
    shifts.c.terminal_code,
    shifts.c.drawer,
    unique=True,
    sqlite_where=shifts.c.closed_at.is_(None),
)

cash_movements = Table(
    "cash_movements",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("shift_id", Uuid, ForeignKey("shifts.id"), nullable=False),
    Column("kind", String(10), nullable=False),  # cash_in, cash_out, drop (to the safe)
    Column("amount_minor", Integer, nullable=False),  # positive; the kind says which way
    Column("reason", String(200), nullable=False),
    Column("user_id", Uuid, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("kind IN ('cash_in', 'cash_out', 'drop')", name="kind_known"),
)
Index("ix_cash_movements_shift_id", cash_movements.c.shift_id)

z_reports = Table(
    "z_reports",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("terminal_code", String(20), nullable=False),
    Column("number", Integer, nullable=False),  # per terminal, never reused
    Column("shift_id", Uuid, ForeignKey("shifts.id"), nullable=False, unique=True),
    Column("payload", Text, nullable=False),  # the report as JSON, as printed and journaled
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("terminal_code", "number"),
)

# -- pricing: price lists and promotions (master data) -----------------------------------------

PRICE_LIST_KINDS = ("customer_group", "quantity_break", "store")
PROMOTION_KINDS = ("percent_off", "amount_off", "fixed_price", "buy_x_get_y", "multi_buy")

price_lists = Table(
    "price_lists",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("name", String(200), nullable=False),  # shown on the till line: "VIP group"
    Column("kind", String(20), nullable=False),
    Column("price_group", String(40)),  # customer_group lists: which customers
    Column("store_code", String(20)),  # store lists: which store
    Column("tax_inclusive", Boolean, nullable=False),
    Column("valid_from", Date),
    Column("valid_to", Date),  # inclusive; none: open
    Column("archived_at", UtcDateTime),
    # A group price that holds even where a quantity break is lower (migration 0015).
    Column("holds_at_volume", Boolean, nullable=False, server_default=false()),
    *_timestamps(),
    CheckConstraint("kind IN ('customer_group', 'quantity_break', 'store')", name="kind_known"),
)

price_list_items = Table(
    "price_list_items",
    metadata,
    Column("price_list_id", Uuid, ForeignKey("price_lists.id"), primary_key=True),
    Column("product_id", Uuid, ForeignKey("products.id"), primary_key=True),
    Column("min_qty_milli", Integer, primary_key=True),  # quantity breaks: from this many up
    Column("price_minor", Integer, nullable=False),
    CheckConstraint("price_minor >= 0", name="price_not_negative"),
    CheckConstraint("min_qty_milli > 0", name="min_qty_positive"),
    sqlite_with_rowid=False,
)
Index("ix_price_list_items_product_id", price_list_items.c.product_id)

promotions = Table(
    "promotions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("name", String(200), nullable=False),  # shown on the till line: "3 for 2"
    Column("kind", String(20), nullable=False),
    Column("percent", String(20)),  # a decimal, as text: never a float
    Column("amount_minor", Integer),
    Column("buy_qty", Integer, nullable=False),
    Column("free_qty", Integer, nullable=False),
    Column("tax_inclusive", Boolean, nullable=False),
    Column("stacks", Boolean, nullable=False),
    Column("stores", String(500), nullable=False),  # comma-separated store codes; "" = all
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("archived_at", UtcDateTime),
    *_timestamps(),
    CheckConstraint(
        "kind IN ('percent_off', 'amount_off', 'fixed_price', 'buy_x_get_y', 'multi_buy')",
        name="kind_known",
    ),
)

# What a promotion covers: products, or whole categories (and the categories below them).
promotion_targets = Table(
    "promotion_targets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("promotion_id", Uuid, ForeignKey("promotions.id"), nullable=False),
    Column("product_id", Uuid, ForeignKey("products.id")),
    Column("category_id", Uuid, ForeignKey("categories.id")),
    CheckConstraint("(product_id IS NULL) != (category_id IS NULL)", name="product_or_category"),
)
Index("ix_promotion_targets_product_id", promotion_targets.c.product_id)
Index("ix_promotion_targets_category_id", promotion_targets.c.category_id)
Index("ix_promotion_targets_promotion_id", promotion_targets.c.promotion_id)

# -- customers, their account, suppliers --------------------------------------------------------

customers = Table(
    "customers",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("tax_id", String(40)),
    Column("price_group", String(40)),
    Column("credit_limit_minor", Integer),  # none: no sales on account
    Column("payment_terms_days", Integer, nullable=False),
    Column("phone", String(50)),
    Column("email", String(200)),
    Column("addresses", Text, nullable=False),  # JSON list of {"site", "address"}
    Column("archived_at", UtcDateTime),
    *_timestamps(),
    CheckConstraint(
        "credit_limit_minor IS NULL OR credit_limit_minor >= 0", name="credit_not_negative"
    ),
)
Index("ix_customers_name", customers.c.name)

# The receivable ledger: + what the customer owes (a sale on account), − what they paid or were
# credited. The balance is the sum; nothing here is ever updated or deleted.
receivable_entries = Table(
    "receivable_entries",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("customer_id", Uuid, ForeignKey("customers.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("amount_minor", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("document_id", Uuid),  # the sale or return, for sale and return entries
    Column("reference", String(100)),
    Column("terminal_code", String(20), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    # A payment taken at a till: the shift whose X/Z report counts it, and how it was paid.
    Column("shift_id", Uuid, ForeignKey("shifts.id")),
    Column("tender", String(20)),
    CheckConstraint("kind IN ('SALE', 'RETURN', 'PAYMENT')", name="kind_known"),
)
Index("ix_receivable_entries_customer_id", receivable_entries.c.customer_id)
Index(
    "ix_receivable_entries_shift_id",
    receivable_entries.c.shift_id,
    sqlite_where=receivable_entries.c.shift_id.is_not(None),
)

suppliers = Table(
    "suppliers",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("contacts", Text, nullable=False),  # JSON list of {"name", "phone", "email"}
    Column("payment_terms_days", Integer, nullable=False),
    Column("lead_time_days", Integer, nullable=False),
    Column("archived_at", UtcDateTime),
    *_timestamps(),
)

supplier_products = Table(
    "supplier_products",
    metadata,
    Column("supplier_id", Uuid, ForeignKey("suppliers.id"), primary_key=True),
    Column("product_id", Uuid, ForeignKey("products.id"), primary_key=True),
    Column("supplier_code", String(64), nullable=False),
    Column("cost_minor", Integer, nullable=False),
    CheckConstraint("cost_minor >= 0", name="cost_not_negative"),
    sqlite_with_rowid=False,
)
Index("ix_supplier_products_product_id", supplier_products.c.product_id)
