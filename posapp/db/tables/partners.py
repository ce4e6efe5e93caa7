"""Customers, their account (receivables), suppliers and what each supplies."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
)

from posapp.db.tables.base import metadata, timestamps
from posapp.db.types import UtcDateTime

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
    *timestamps(),
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
    *timestamps(),
)

supplier_products = Table(
    "supplier_products",
    metadata,
    Column("supplier_id", Uuid, ForeignKey("suppliers.id"), primary_key=True),
    Column("product_id", Uuid, ForeignKey("products.id"), primary_key=True),
    Column("supplier_code", String(64), nullable=False),
    Column("cost_minor", Integer, nullable=False),
    # How many units the supplier sells as one (a case of 12: 12,000): ordered in packs.
    Column("pack_milli", Integer, nullable=False, server_default="1000"),
    CheckConstraint("cost_minor >= 0", name="cost_not_negative"),
    sqlite_with_rowid=False,
)
Index("ix_supplier_products_product_id", supplier_products.c.product_id)

# What each supplier is owed: + a posted bill, - a payment or a return of goods; a supplier's
# balance is the sum of its entries. Appended, never changed.
payable_entries = Table(
    "payable_entries",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("supplier_id", Uuid, ForeignKey("suppliers.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("amount_minor", Integer, nullable=False),
    Column("document_id", Uuid, ForeignKey("stock_documents.id")),  # the bill or return
    Column("payment_id", Uuid, ForeignKey("supplier_payments.id")),
    Column("business_at", UtcDateTime, nullable=False),
    Column("due_at", UtcDateTime),  # a bill's; None: no due date
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("kind IN ('BILL', 'RETURN', 'PAYMENT')", name="kind_known"),
)
Index("ix_payable_entries_supplier_id", payable_entries.c.supplier_id)

# A payment to a supplier from one of the shop's accounts, and the bills it pays.
supplier_payments = Table(
    "supplier_payments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("number", String(40), nullable=False, unique=True),
    Column("supplier_id", Uuid, ForeignKey("suppliers.id"), nullable=False),
    Column("account", String(60), nullable=False),
    Column("amount_minor", Integer, nullable=False),
    Column("paid_at", UtcDateTime, nullable=False),
    Column("reference", String(100)),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

payment_allocations = Table(
    "payment_allocations",
    metadata,
    Column("payment_id", Uuid, ForeignKey("supplier_payments.id"), primary_key=True),
    Column("bill_id", Uuid, ForeignKey("stock_documents.id"), primary_key=True),
    Column("amount_minor", Integer, nullable=False),
    sqlite_with_rowid=False,
)
