"""the Z reports in head office's journal by when they closed: the cash reports read a span's

Revision ID: 0021
Revises: 0020
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_journal_z_reports ON journal (created_at) WHERE kind = 'z_report'")


def downgrade() -> None:
    op.execute("DROP INDEX ix_journal_z_reports")
