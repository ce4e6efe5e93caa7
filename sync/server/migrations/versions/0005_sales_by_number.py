"""a receipt number is used once by a till's incarnation

Revision ID: 0005
Revises: 0004

Within one incarnation of a till, a receipt number sent twice is refused (the insert conflicts).
A till restored from a backup goes on as a new incarnation and may number again from where its
backup stopped until head office tells it: those are accepted and flagged, found through this
index. Numbers a till sent twice before this check existed are kept, marked `~2`, `~3`…, and
flagged for review.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE TEMPORARY TABLE reused ON COMMIT DROP AS "
        "SELECT id, number, rn FROM (SELECT id, number, row_number() OVER "
        "(PARTITION BY node_id, number ORDER BY created_at, id) AS rn FROM sales) AS ranked "
        "WHERE rn > 1"
    )
    op.execute(
        "INSERT INTO review_flags (event_id, node_id, problem, flagged_at) "
        "SELECT e.id, e.node_id, 'receipt number ' || r.number || ' was sent twice by this till "
        "before head office checked; this one is kept as ' || r.number || '~' || r.rn, now() "
        "FROM reused r JOIN events e ON e.aggregate_id = r.id"
    )
    op.execute(
        "UPDATE sales s SET number = s.number || '~' || r.rn FROM reused r WHERE r.id = s.id"
    )
    op.create_index("uq_sales_node_id_number", "sales", ["node_id", "number"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_sales_node_id_number", table_name="sales")
