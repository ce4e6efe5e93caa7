"""landed costs travel to head office (sync contract 7): the charges added before this version are
queued now, oldest first, as `stock.landed_cost` events, so that head office costs those
receipts' goods as this store does. A store with no charges queues nothing.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-07 06:40:00
"""

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from alembic import op

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHARGES = """
SELECT c.id, c.document_id, d.number, c.description, c.amount_minor, c.basis, c.created_by,
       c.created_at
FROM receipt_charges c JOIN stock_documents d ON d.id = c.document_id
ORDER BY c.created_at, c.id
"""
_SHARES = (
    "SELECT document_line_id, amount_minor FROM receipt_line_charges WHERE charge_id = ? "
    "ORDER BY document_line_id"
)


def upgrade() -> None:
    raw = op.get_bind().connection.driver_connection
    assert raw is not None
    charges = raw.execute(_CHARGES).fetchall()
    if not charges:
        return
    last = raw.execute("SELECT coalesce(max(seq), 0) FROM outbox_events").fetchone()[0]
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    events = []
    for offset, (ident, receipt, number, what, amount, basis, by, at) in enumerate(charges, 1):
        shares = raw.execute(_SHARES, (ident,)).fetchall()
        payload = {
            "id": str(uuid.UUID(hex=ident)),
            "receipt_id": str(uuid.UUID(hex=receipt)),
            "receipt_number": number,
            "description": what,
            "amount_minor": amount,
            "basis": basis,
            "created_by": by,
            "created_at": datetime.fromisoformat(at).replace(tzinfo=UTC).isoformat(),
            "shares": [
                {"receipt_line_id": str(uuid.UUID(hex=line)), "amount_minor": part}
                for line, part in shares
            ],
        }
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        events.append((last + offset, uuid.uuid4().hex, receipt, text, now))
    raw.executemany(
        "INSERT INTO outbox_events (seq, id, kind, aggregate_id, payload, created_at) "
        "VALUES (?, ?, 'stock.landed_cost', ?, ?, ?)",
        events,
    )


def downgrade() -> None:
    """The events queued stay queued: head office may already hold them."""
