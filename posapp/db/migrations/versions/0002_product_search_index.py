"""product search index (FTS5 over name, SKU and barcodes)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21

The index is an FTS5 table keyed by products.local_id with two columns: `name`, and `codes` (the
SKU followed by every barcode of the product). Triggers keep it in step with products and barcodes
on every write path (till, back office, import, sync), so no caller has to remember it.
This is SQLite-only: PostgreSQL (head office) searches with its own indexes.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SKU then barcodes, space separated: the text the `codes` column holds for product `p`.
CODES_OF = (
    "{p}.sku || coalesce((SELECT ' ' || group_concat(b.code, ' ') FROM barcodes b "
    "WHERE b.product_id = {p}.id), '')"
)

STATEMENTS = [
    # unicode61 folds case and diacritics ("creme" finds "Crème"); prefix indexes make the first
    # one to three letters typed cheap to look up.
    """CREATE VIRTUAL TABLE products_fts USING fts5(
        name, codes,
        tokenize = "unicode61 remove_diacritics 2",
        prefix = '1 2 3'
    )""",
    f"""CREATE TRIGGER products_fts_after_insert AFTER INSERT ON products BEGIN
        INSERT INTO products_fts(rowid, name, codes)
        VALUES (new.local_id, new.name, {CODES_OF.format(p="new")});
    END""",
    f"""CREATE TRIGGER products_fts_after_update AFTER UPDATE OF name, sku ON products BEGIN
        UPDATE products_fts SET name = new.name, codes = {CODES_OF.format(p="new")}
        WHERE rowid = new.local_id;
    END""",
    """CREATE TRIGGER products_fts_after_delete AFTER DELETE ON products BEGIN
        DELETE FROM products_fts WHERE rowid = old.local_id;
    END""",
    """CREATE TRIGGER barcodes_fts_after_insert AFTER INSERT ON barcodes BEGIN
        UPDATE products_fts SET codes = codes || ' ' || new.code
        WHERE rowid = (SELECT local_id FROM products WHERE id = new.product_id);
    END""",
    f"""CREATE TRIGGER barcodes_fts_after_delete AFTER DELETE ON barcodes BEGIN
        UPDATE products_fts SET codes = (SELECT {CODES_OF.format(p="p")} FROM products p
                                         WHERE p.id = old.product_id)
        WHERE rowid = (SELECT local_id FROM products WHERE id = old.product_id);
    END""",
    f"""CREATE TRIGGER barcodes_fts_after_update AFTER UPDATE ON barcodes BEGIN
        UPDATE products_fts SET codes = (SELECT {CODES_OF.format(p="p")} FROM products p
                                         WHERE p.local_id = products_fts.rowid)
        WHERE rowid IN (SELECT local_id FROM products WHERE id IN (old.product_id, new.product_id));
    END""",
    # Products that existed before this migration get indexed now.
    f"""INSERT INTO products_fts(rowid, name, codes)
        SELECT p.local_id, p.name, {CODES_OF.format(p="p")} FROM products p""",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for trigger in (
        "products_fts_after_insert",
        "products_fts_after_update",
        "products_fts_after_delete",
        "barcodes_fts_after_insert",
        "barcodes_fts_after_delete",
        "barcodes_fts_after_update",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS products_fts")
