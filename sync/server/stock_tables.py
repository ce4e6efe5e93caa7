"""Head office's stock tables: every node's movements (with the transaction that wrote them,
for the store feed), the stock documents and their lines, stock levels, which store each
location belongs to, and payments to suppliers. Declared on `tables.metadata`."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.types import UserDefinedType

from sync.server.tables import _at, metadata


class Xid8(UserDefinedType[int]):
    """PostgreSQL's 64-bit transaction id: what the store feed orders movements by."""

    cache_ok = True

    def get_col_spec(self, **kw: object) -> str:
        return "xid8"


# One movement per document line; its id is the line's id, so it can never be applied twice.
stock_movements = Table(
    "stock_movements",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("node_id", Uuid, nullable=False),
    Column("store_code", String(20), nullable=False),
    Column("product_id", Uuid, nullable=False),
    Column("location_id", Uuid, nullable=False),
    Column("quantity_milli", BigInteger, nullable=False),
    Column("reason", String(20), nullable=False),
    Column("document_id", Uuid),
    _at("created_at"),
    # When it happened for the business; None for sales and returns (their created_at is it).
    _at("business_at", nullable=True),
    # The transaction that wrote it (sync/server/store_feed.py).
    Column("feed_xid", Xid8, nullable=False, server_default=text("pg_current_xact_id()")),
    # The stock document line that made it (None for sales: their line is the movement's id).
    Column("document_line_id", Uuid),
)
# Costing's order (sync/server/costing.py): a product's movements in a store by business time,
# then node, then id.
Index(
    "ix_stock_movements_costing",
    stock_movements.c.store_code,
    stock_movements.c.product_id,
    func.coalesce(stock_movements.c.business_at, stock_movements.c.created_at),
    stock_movements.c.node_id,
    stock_movements.c.id,
)
# Only movements of a document's line (a sale's have none): migration 0029.
Index(
    "ix_stock_movements_document_line_id",
    stock_movements.c.document_line_id,
    postgresql_where=stock_movements.c.document_line_id.isnot(None),
)
# A store's movements in the order their transactions wrote them: the store feed, and costing's
# intake store by store (migration 0029).
Index(
    "ix_stock_movements_store_code_feed_xid_id",
    stock_movements.c.store_code,
    stock_movements.c.feed_xid,
    stock_movements.c.id,
)
# Valuation as of a day: the movements costing placed after it (block ranges: migration 0014).
Index(
    "ix_stock_movements_placed",
    func.coalesce(stock_movements.c.business_at, stock_movements.c.created_at),
    postgresql_using="brin",
    postgresql_with={"autosummarize": "on"},
)
# The stock reports: the goods that came in, per product (migrations 0022, 0025).
Index(
    "ix_stock_movements_came_in",
    stock_movements.c.product_id,
    func.coalesce(stock_movements.c.business_at, stock_movements.c.created_at),
    postgresql_include=["store_code", "quantity_milli", "business_at", "created_at"],
    postgresql_where=text("reason IN ('RECEIPT', 'TRANSFER_IN') AND quantity_milli > 0"),
)
# ... and by the time they came, read from the index alone (migration 0025).
Index(
    "ix_stock_movements_came_in_by_time",
    func.coalesce(stock_movements.c.business_at, stock_movements.c.created_at),
    stock_movements.c.product_id,
    postgresql_include=["store_code", "quantity_milli", "business_at", "created_at"],
    postgresql_where=text("reason IN ('RECEIPT', 'TRANSFER_IN') AND quantity_milli > 0"),
)

# Goods receipts and stock adjustments the stores completed, with their lines (what each moved
# is in stock_movements, under the document's id).
stock_documents = Table(
    "stock_documents",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("node_id", Uuid, nullable=False),
    Column("store_code", String(20), nullable=False),
    Column("doc_type", String(30), nullable=False),
    Column("number", String(40), nullable=False),
    Column("status", String(30), nullable=False),
    Column("location_id", Uuid, nullable=False),
    Column("supplier_id", Uuid),
    Column("reason", String(20)),
    Column("reference", String(100)),
    Column("created_by", String(200), nullable=False),
    _at("business_at"),
    _at("completed_at", nullable=True),
    Column("order_id", Uuid),  # the purchase order a receipt received against, at its store
    Column("order_number", String(40)),
    Column("count_id", Uuid),  # the count an adjustment settles, at its store
    Column("count_number", String(40)),
    Column("other_location_id", Uuid),  # a transfer's destination, a transfer in's transit
    Column("to_store", String(20)),  # a transfer out's receiving store
    # Orders, requests and bills (they move no stock): the version kept, a bill's due date and
    # total. Their completed_at is None.
    Column("version", Integer),
    _at("due_at", nullable=True),
    Column("total_minor", BigInteger),
    UniqueConstraint("store_code", "number"),
)

stock_document_lines = Table(
    "stock_document_lines",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("document_id", Uuid, ForeignKey("stock_documents.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("product_id", Uuid, nullable=False),
    Column("quantity_milli", BigInteger, nullable=False),
    Column("unit_cost_minor", BigInteger),
    Column("batch", String(40)),
    Column("expiry", Date),
    Column("order_line_id", Uuid),
    Column("tax_rate_ppm", Integer),  # a bill line's
    Column("receipt_line_id", Uuid),  # a bill line's (or a supplier return line's) receipt line
)
Index("ix_stock_document_lines_receipt_line_id", stock_document_lines.c.receipt_line_id)

# Payments the stores made to suppliers, and the bills each paid.
supplier_payments = Table(
    "supplier_payments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("node_id", Uuid, nullable=False),
    Column("store_code", String(20), nullable=False),
    Column("number", String(40), nullable=False),
    Column("supplier_id", Uuid, nullable=False),
    Column("account", String(60), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    _at("paid_at"),
    Column("reference", String(100)),
    Column("created_by", String(200), nullable=False),
    UniqueConstraint("store_code", "number"),
)

payment_allocations = Table(
    "payment_allocations",
    metadata,
    Column("payment_id", Uuid, ForeignKey("supplier_payments.id"), primary_key=True),
    Column("bill_id", Uuid, primary_key=True),
    Column("amount_minor", BigInteger, nullable=False),
)

# Freight, duty, insurance a store added to one of its goods receipts (contract 7), and each
# receipt line's part of it (what head office's costing adds to that line's goods).
receipt_charges = Table(
    "receipt_charges",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("node_id", Uuid, nullable=False),
    Column("store_code", String(20), nullable=False),
    Column("document_id", Uuid, nullable=False),  # the receipt (it may arrive after its charge)
    Column("description", String(100), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("basis", String(10), nullable=False),
    Column("created_by", String(200), nullable=False),
    _at("created_at"),
)
Index("ix_receipt_charges_document_id", receipt_charges.c.document_id)

receipt_line_charges = Table(
    "receipt_line_charges",
    metadata,
    Column("charge_id", Uuid, ForeignKey("receipt_charges.id"), primary_key=True),
    Column("document_line_id", Uuid, primary_key=True),
    Column("amount_minor", BigInteger, nullable=False),
)
Index("ix_receipt_line_charges_document_line_id", receipt_line_charges.c.document_line_id)

stock_levels = Table(
    "stock_levels",
    metadata,
    Column("product_id", Uuid, primary_key=True),
    Column("location_id", Uuid, primary_key=True),
    Column("on_hand_milli", BigInteger, nullable=False),
)

# A location belongs to the store that first sold from it (migration 0004).
store_locations = Table(
    "store_locations",
    metadata,
    Column("location_id", Uuid, primary_key=True),
    Column("store_code", String(20), nullable=False),
    Column("node_id", Uuid),
    _at("registered_at"),
)
