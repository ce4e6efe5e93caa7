"""Head office's tables (SQLAlchemy Core on PostgreSQL). `migrations/` creates them.

Three groups: who may talk to us (nodes, enrolment codes), what nodes sent (the raw events and
batches, exactly once, and the documents, lines, tenders, movements, journal and shifts built from
them for head-office reports), and master data going the other way (records and their ordered
change log). Ids are the nodes' own UUIDs, so a row is the same row wherever it is.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _at(name: str, *, nullable: bool = False) -> Column[object]:
    return Column(name, DateTime(timezone=True), nullable=nullable)


# -- who may talk to us ----------------------------------------------------------------------

nodes = Table(
    "nodes",
    metadata,
    Column("id", Uuid, primary_key=True),  # the device id
    Column("store_code", String(20), nullable=False),
    Column("terminal_code", String(20), nullable=False),
    # Enrolling the same till again (a new machine, a restored backup) is a new incarnation.
    Column("incarnation", Integer, nullable=False),
    # sha256 of the bearer token: the token is 256 random bits, so a fast hash is enough.
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("last_seq", BigInteger, nullable=False, server_default="0"),
    # The highest receipt number received from this incarnation, and the highest its earlier
    # incarnations sent (sync/server/receipt_numbers).
    Column("last_number", BigInteger, nullable=False, server_default="0"),
    Column("number_floor", BigInteger, nullable=False, server_default="0"),
    Column("client_version", String(40), nullable=False),
    _at("enrolled_at"),
    _at("last_seen_at", nullable=True),
    _at("revoked_at", nullable=True),
    UniqueConstraint("store_code", "terminal_code", "incarnation"),
)

enrolment_codes = Table(
    "enrolment_codes",
    metadata,
    Column("code_sha256", String(64), primary_key=True),
    Column("store_code", String(20), nullable=False),
    Column("terminal_code", String(20), nullable=False),
    _at("created_at"),
    _at("expires_at"),
    _at("used_at", nullable=True),
    Column("node_id", Uuid, ForeignKey("nodes.id")),
)

# -- what nodes sent -------------------------------------------------------------------------

batches = Table(
    "batches",
    metadata,
    Column("id", Uuid, primary_key=True),  # the client's idempotency key
    Column("node_id", Uuid, ForeignKey("nodes.id"), nullable=False),
    Column("first_seq", BigInteger, nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    Column("answer", JSONB, nullable=False),  # what a repeat of this batch is told
    _at("received_at"),
)

events = Table(
    "events",
    metadata,
    Column("id", Uuid, primary_key=True),  # the node's event id: the exactly-once key
    Column("node_id", Uuid, ForeignKey("nodes.id"), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("aggregate_id", Uuid, nullable=False),
    Column("payload", Text, nullable=False),  # the node's canonical JSON, byte for byte
    _at("created_at"),
    _at("received_at"),
)
Index("ix_events_node_id_seq", events.c.node_id, events.c.seq)

# Business-rule problems found while applying events: accepted, shown to head office to review.
review_flags = Table(
    "review_flags",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("event_id", Uuid, nullable=False),
    Column("node_id", Uuid, nullable=False),
    Column("problem", Text, nullable=False),
    _at("flagged_at"),
    _at("resolved_at", nullable=True),
)

sales = Table(
    "sales",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("node_id", Uuid, nullable=False),
    Column("store_code", String(20), nullable=False),
    Column("terminal_code", String(20), nullable=False),
    Column("number", String(40), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("location_id", Uuid, nullable=False),
    Column("cashier_id", Uuid, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("subtotal_minor", BigInteger, nullable=False),
    Column("discount_minor", BigInteger, nullable=False),
    Column("tax_minor", BigInteger, nullable=False),
    Column("total_minor", BigInteger, nullable=False),
    Column("rounding_minor", BigInteger, nullable=False),
    Column("original_id", Uuid),
    Column("flags", Text, nullable=False),
    _at("created_at"),
    Column("customer_id", Uuid),  # migration 0019
)
Index("ix_sales_store_code_created_at", sales.c.store_code, sales.c.created_at)

sale_lines = Table(
    "sale_lines",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("sale_id", Uuid, ForeignKey("sales.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("product_id", Uuid, nullable=False),
    Column("sku", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("quantity_milli", BigInteger, nullable=False),
    Column("unit_price_minor", BigInteger, nullable=False),
    Column("discount_minor", BigInteger, nullable=False),  # line and basket discounts
    Column("amount_minor", BigInteger, nullable=False),
    Column("tax_minor", BigInteger, nullable=False),
    Column("original_line_id", Uuid),
    # Migration 0019: what the discounts report reads, and the net amount the line was taxed on.
    Column("list_price_minor", BigInteger, nullable=False),
    Column("basket_discount_minor", BigInteger, nullable=False),
    Column("net_minor", BigInteger, nullable=False),
    Column("price_note", String(200)),
)
Index("ix_sale_lines_sale_id", sale_lines.c.sale_id)

# Each document's taxes by rate (migration 0019): its lines taxed at the rate, their net amount
# and the tax; a line taxed at two rates counts at both.
sale_taxes = Table(
    "sale_taxes",
    metadata,
    Column("sale_id", Uuid, primary_key=True),
    Column("rate_code", String(20), primary_key=True),
    Column("rate_ppm", Integer, primary_key=True),
    Column("lines", BigInteger, nullable=False),
    Column("base_minor", BigInteger, nullable=False),
    Column("tax_minor", BigInteger, nullable=False),
)

sale_tenders = Table(
    "sale_tenders",
    metadata,
    Column("sale_id", Uuid, ForeignKey("sales.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("reference", String(100)),
)

# Batches the contract refused: the node's sequence moved past them; a retry that passes is
# applied and marked accepted.
refused_batches = Table(
    "refused_batches",
    metadata,
    Column("batch_id", Uuid, primary_key=True),
    Column("node_id", Uuid, ForeignKey("nodes.id"), nullable=False),
    Column("first_seq", BigInteger, nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    Column("reason", Text, nullable=False),
    _at("refused_at"),
    _at("accepted_at", nullable=True),
)
Index("ix_refused_batches_node_id", refused_batches.c.node_id)

journal = Table(
    "journal",
    metadata,
    Column("id", Uuid, primary_key=True),  # the node's journal entry id
    Column("node_id", Uuid, nullable=False),
    Column("store_code", String(20), nullable=False),
    Column("terminal_code", String(20), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("payload", JSONB, nullable=False),
    _at("created_at"),
)

shifts = Table(
    "shifts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("node_id", Uuid, nullable=False),
    Column("store_code", String(20), nullable=False),
    Column("terminal_code", String(20), nullable=False),
    Column("number", Integer, nullable=False),
    Column("cashier", String(200), nullable=False),
    Column("opening_float_minor", BigInteger, nullable=False),
    _at("opened_at"),
    _at("closed_at", nullable=True),
    Column("z_number", Integer),
    Column("expected_minor", BigInteger),
    Column("counted_minor", BigInteger),
)

cash_movements = Table(
    "cash_movements",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("node_id", Uuid, nullable=False),
    Column("store_code", String(20), nullable=False),
    Column("terminal_code", String(20), nullable=False),
    Column("shift_number", Integer, nullable=False),
    Column("kind", String(10), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("reason", String(200), nullable=False),
    _at("created_at"),
)

# -- people: who may author master data, and in which stores ----------------------------------

# A person of the chain. Their author key is derived from head office's secret, their id and
# `key_version` (posapp.domain.authorship): raising the version revokes every copy of it.
people = Table(
    "people",
    metadata,
    Column("id", Uuid, primary_key=True),  # the user's id on every node
    Column("username", String(100), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("password_hash", String(300)),
    Column("pin_hash", String(300)),
    Column("key_version", Integer, nullable=False, server_default="1"),
    Column("archived", Boolean, nullable=False, server_default="false"),
    _at("changed_at"),
    # Wrong passwords in a row at author-key sign-ins, and until when that person is locked.
    Column("failed_sign_ins", Integer, nullable=False, server_default="0"),
    _at("locked_until", nullable=True),
)

# The role a person holds in a store; store "*" is a chain-wide grant, made explicitly.
grants = Table(
    "grants",
    metadata,
    Column("person_id", Uuid, ForeignKey("people.id"), primary_key=True),
    Column("store_code", String(20), primary_key=True),
    Column("role", String(64), nullable=False),
)

# -- master data, flowing down ---------------------------------------------------------------

master_records = Table(
    "master_records",
    metadata,
    Column("entity", String(30), primary_key=True),  # product, role, user, setting
    Column("key", String(100), primary_key=True),
    Column("payload", JSONB),  # None: deleted (the tombstone stays so late nodes learn it)
    Column("change_seq", BigInteger, nullable=False),
)

# Every master-data change in commit order. Writers take one advisory lock before allocating
# `seq` (see changes.py), so seq order is commit order and a cursor can never skip a change
# that commits late.
master_changes = Table(
    "master_changes",
    metadata,
    Column("seq", BigInteger, Identity(), primary_key=True),
    Column("entity", String(30), nullable=False),
    Column("key", String(100), nullable=False),
    Column("payload", JSONB),
    Column("origin_node_id", Uuid),
    _at("changed_at"),
)

# Server-wide facts: the change-log epoch (a cursor from another epoch must refetch) and the
# oldest seq still in the log after pruning.
server_facts = Table(
    "server_facts",
    metadata,
    Column("key", String(50), primary_key=True),
    Column("value", Text, nullable=False),
)

# The stock tables (movements, documents, levels, payments), the costing tables and the report
# summaries are declared in stock_tables.py, cost_tables.py and report_tables.py on this same
# metadata; importing them here keeps `metadata` whole for whoever reads it.
from sync.server import cost_tables, report_tables, stock_tables  # noqa: E402, F401
