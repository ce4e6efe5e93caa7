"""Stock: the movement ledger and its projection (stock levels), reorder limits, and the stock
documents (goods receipts, adjustments) with their lines, status history and workflow."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)

from posapp.db.tables.base import metadata, timestamps
from posapp.db.types import UtcDateTime

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
    # The order movements happened in at this node: rises with every one, never ties (from
    # `counters`; VACUUM may renumber rowids, so the rowid is not it).
    Column("seq", Integer),
    Column("business_at", UtcDateTime),  # when it happened for the business (a receipt's date)
    Column("document_id", Uuid, ForeignKey("stock_documents.id")),  # sales name theirs above
    Column("document_line_id", Uuid),
    Column("batch", String(40)),
    Column("expiry", Date),
    # Made at another node of this store (its terminal code) and sent down by head office, with
    # the number of the document that made it there; None for this node's own movements.
    Column("origin", String(20)),
    Column("origin_document", String(40)),
)
Index("ix_stock_movements_seq", stock_movements.c.seq, unique=True)
Index("ix_stock_movements_document_id", stock_movements.c.document_id)
Index("ix_stock_movements_product_id_seq", stock_movements.c.product_id, stock_movements.c.seq)
# Costing's order on a node: business time, then the node's own sequence (services.costing).
Index(
    "ix_stock_movements_product_id_business_at_seq",
    stock_movements.c.product_id,
    stock_movements.c.business_at,
    stock_movements.c.seq,
)
Index(
    "ix_stock_movements_product_id_location_id",
    stock_movements.c.product_id,
    stock_movements.c.location_id,
)
# Valuation counts on from a closed period's snapshot: the movements dated after it.
Index("ix_stock_movements_business_at", stock_movements.c.business_at)
# The products that have batches, and a batch's movements (expiry alerts, FEFO, the till's check
# of a scanned batch): only the few movements that name one are indexed.
Index(
    "ix_stock_movements_batched",
    stock_movements.c.product_id,
    stock_movements.c.batch,
    sqlite_where=stock_movements.c.batch.is_not(None),
)

# The goods that came in, by product and date (stock ageing, dead stock, sell-through): a
# partial index a till's sale movements never touch.
Index(
    "ix_stock_movements_came_in",
    stock_movements.c.product_id,
    stock_movements.c.business_at,
    sqlite_where=text("reason IN ('RECEIPT', 'TRANSFER_IN') AND quantity_milli > 0"),
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

# Stock set aside by a document in a status whose effect reserves it (a transfer picked and
# waiting for the van): one row per line, gone when the document leaves that status.
stock_reservations = Table(
    "stock_reservations",
    metadata,
    Column("document_line_id", Uuid, primary_key=True),
    Column("document_id", Uuid, ForeignKey("stock_documents.id"), nullable=False),
    Column("product_id", Uuid, ForeignKey("products.id"), nullable=False),
    Column("location_id", Uuid, ForeignKey("locations.id"), nullable=False),
    Column("quantity_milli", Integer, nullable=False),
    sqlite_with_rowid=False,
)
Index(
    "ix_stock_reservations_product_id_location_id",
    stock_reservations.c.product_id,
    stock_reservations.c.location_id,
)
Index("ix_stock_reservations_document_id", stock_reservations.c.document_id)

# Named counters that rise by one and never go back: movement sequence, document numbers.
counters = Table(
    "counters",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", Integer, nullable=False),
)

# Reorder point (below it, the product is low here) and level (what to order up to).
stock_limits = Table(
    "stock_limits",
    metadata,
    Column("product_id", Uuid, ForeignKey("products.id"), primary_key=True),
    Column("location_id", Uuid, ForeignKey("locations.id"), primary_key=True),
    Column("reorder_point_milli", Integer, nullable=False),
    Column("reorder_level_milli", Integer, nullable=False),
    sqlite_with_rowid=False,
)

stock_documents = Table(
    "stock_documents",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("doc_type", String(30), nullable=False),  # posapp.domain.stock.DocumentType
    Column("number", String(40), nullable=False, unique=True),
    Column("status", String(30), nullable=False),
    Column("location_id", Uuid, ForeignKey("locations.id"), nullable=False),
    Column("supplier_id", Uuid, ForeignKey("suppliers.id")),
    Column("reason", String(20)),  # an adjustment's AdjustmentReason
    Column("reference", String(100)),  # the supplier's delivery note, an incident number
    Column("business_at", UtcDateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("completed_at", UtcDateTime),
    # The purchase order a goods receipt receives against.
    Column("order_id", Uuid, ForeignKey("stock_documents.id")),
    # The stock count an adjustment settles (its differences, or a later correction of them).
    Column("count_id", Uuid, ForeignKey("stock_documents.id")),
    # A transfer's destination; a transfer in's transit location.
    Column("other_location_id", Uuid, ForeignKey("locations.id")),
    Column("to_store", String(20)),  # a transfer out's receiving store
    Column("due_at", UtcDateTime),  # when a supplier bill falls due
    *timestamps(),
)
Index("ix_stock_documents_count_id", stock_documents.c.count_id)
Index("ix_stock_documents_doc_type_status", stock_documents.c.doc_type, stock_documents.c.status)

stock_document_lines = Table(
    "stock_document_lines",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("document_id", Uuid, ForeignKey("stock_documents.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("product_id", Uuid, ForeignKey("products.id"), nullable=False),
    Column("quantity_milli", Integer, nullable=False),
    Column("unit_cost_minor", Integer),
    Column("batch", String(40)),
    Column("expiry", Date),
    Column("order_line_id", Uuid),  # the purchase order line a receipt line fills
    # A bill line's (or a supplier return line's) receipt line: what was received of it.
    Column("receipt_line_id", Uuid),
    Column("tax_rate_ppm", Integer),  # a bill line's purchase tax rate
    UniqueConstraint("document_id", "line_no"),
)
Index("ix_stock_document_lines_order_line_id", stock_document_lines.c.order_line_id)
Index("ix_stock_document_lines_receipt_line_id", stock_document_lines.c.receipt_line_id)

# A stock count: what it covers and where in the ledger it stands. The book is taken when it
# starts (movement `started_seq`); posting settles what was counted against what the ledger
# held when each line was counted; movements recorded after `corrected_seq` but dated before a
# line was counted are settled again by a correcting adjustment (services.stock.counts).
stock_counts = Table(
    "stock_counts",
    metadata,
    Column("document_id", Uuid, ForeignKey("stock_documents.id"), primary_key=True),
    Column("category_id", Uuid, ForeignKey("categories.id")),  # None: the whole location
    Column("blind", Boolean, nullable=False),  # counters are not shown the book
    Column("started_seq", Integer, nullable=False),
    Column("posted_seq", Integer),
    Column("corrected_seq", Integer),
)

stock_count_lines = Table(
    "stock_count_lines",
    metadata,
    Column("document_id", Uuid, ForeignKey("stock_counts.document_id"), primary_key=True),
    Column("product_id", Uuid, ForeignKey("products.id"), primary_key=True),
    Column("book_milli", Integer, nullable=False),  # on hand when the count started
    Column("counted_milli", Integer),  # None: not counted yet
    Column("counted_at", UtcDateTime),
    Column("expected_milli", Integer),  # what the ledger held when it was counted, at posting
    sqlite_with_rowid=False,
)

# Every status a document entered, who moved it and why: appended, never changed.
stock_document_history = Table(
    "stock_document_history",
    metadata,
    Column("document_id", Uuid, ForeignKey("stock_documents.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("from_status", String(30)),
    Column("to_status", String(30), nullable=False),
    Column("by", String(200), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("note", Text),
    sqlite_with_rowid=False,
)

# The workflow of each document type, as data (posapp.domain.stock.Workflow).
workflow_statuses = Table(
    "workflow_statuses",
    metadata,
    Column("doc_type", String(30), primary_key=True),
    Column("status", String(30), primary_key=True),
    Column("name", String(60), nullable=False),
    Column("effect", String(20), nullable=False),  # none, moves, reverses, reserves
    Column("editable", Boolean, nullable=False),
    Column("final", Boolean, nullable=False),
    Column("first", Boolean, nullable=False),  # a new document's status
    sqlite_with_rowid=False,
)

workflow_transitions = Table(
    "workflow_transitions",
    metadata,
    Column("doc_type", String(30), primary_key=True),
    Column("from_status", String(30), primary_key=True),
    Column("to_status", String(30), primary_key=True),
    Column("permission", String(40), nullable=False),
    Column("name", String(60), nullable=False),
    sqlite_with_rowid=False,
)
