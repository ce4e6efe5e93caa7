"""the changes costing makes to movements' costs queued for the report summaries by summing what
each statement took away and added per movement, not by joining the two: PL/pgSQL keeps the
plan a session first made for a trigger's query, and a join planned for a step of one movement
(a nested loop) took 30 s on a step of 20,000

Revision ID: 0027
Revises: 0026
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FUNCTION = """
CREATE OR REPLACE FUNCTION report_cost_changes_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_cost_changes (movement_id, value_minor, true_up_minor, costed)
    {changes};
    RETURN NULL;
END $$;
"""
# Each movement's new cost less its old one, where either part changed.
_SUMMED = (
    "SELECT movement_id, sum(value_minor), sum(true_up_minor), 0 FROM ("
    "SELECT movement_id, value_minor, true_up_minor FROM added UNION ALL "
    "SELECT movement_id, -value_minor, -true_up_minor FROM taken) AS parts "
    "GROUP BY movement_id HAVING sum(value_minor) <> 0 OR sum(true_up_minor) <> 0"
)
_JOINED = (  # 0016's
    "SELECT a.movement_id, a.value_minor - t.value_minor, a.true_up_minor - t.true_up_minor, 0 "
    "FROM added a JOIN taken t ON t.movement_id = a.movement_id "
    "WHERE a.value_minor <> t.value_minor OR a.true_up_minor <> t.true_up_minor"
)


def upgrade() -> None:
    op.execute(_FUNCTION.format(changes=_SUMMED))


def downgrade() -> None:
    op.execute(_FUNCTION.format(changes=_JOINED))
