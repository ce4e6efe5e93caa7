"""every change costing makes to a movement's cost, queued for the report summaries (the margin
at head office), by statement triggers on movement_costs; the costs already made queued too

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_QUEUE = """
CREATE FUNCTION report_cost_changes_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_cost_changes (movement_id, value_minor, true_up_minor, costed)
    {changes};
    RETURN NULL;
END $$;
CREATE TRIGGER report_cost_changes_{name} AFTER {event} ON movement_costs
REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION report_cost_changes_{name}();
"""
_ADDED = "SELECT movement_id, value_minor, true_up_minor, 1 FROM added"
_TAKEN = "SELECT movement_id, -value_minor, -true_up_minor, -1 FROM taken"
_CHANGED = (
    "SELECT a.movement_id, a.value_minor - t.value_minor, a.true_up_minor - t.true_up_minor, 0 "
    "FROM added a JOIN taken t ON t.movement_id = a.movement_id "
    "WHERE a.value_minor <> t.value_minor OR a.true_up_minor <> t.true_up_minor"
)
_TRIGGERS = {
    "added": ("INSERT", "NEW TABLE AS added", _ADDED),
    "changed": ("UPDATE", "OLD TABLE AS taken NEW TABLE AS added", _CHANGED),
    "taken": ("DELETE", "OLD TABLE AS taken", _TAKEN),
}


def upgrade() -> None:
    op.create_table(
        "report_cost_changes",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("movement_id", sa.Uuid(), nullable=False),
        sa.Column("value_minor", sa.BigInteger(), nullable=False),  # new value − old value
        sa.Column("true_up_minor", sa.BigInteger(), nullable=False),
        sa.Column("costed", sa.SmallInteger(), nullable=False),  # +1 costed now, −1 no more
    )
    op.execute(
        "INSERT INTO report_cost_changes (movement_id, value_minor, true_up_minor, costed) "
        "SELECT movement_id, value_minor, true_up_minor, 1 FROM movement_costs"
    )
    for name, (event, tables, changes) in _TRIGGERS.items():
        op.execute(_QUEUE.format(name=name, event=event, tables=tables, changes=changes))


def downgrade() -> None:
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER report_cost_changes_{name} ON movement_costs")
        op.execute(f"DROP FUNCTION report_cost_changes_{name}()")
    op.drop_table("report_cost_changes")
