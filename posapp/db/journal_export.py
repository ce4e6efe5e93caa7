"""The journal as JSON lines, for auditors and for archiving off the till: one entry per line
with its hash links and its full payload (a document rebuilt from its rows, or the event)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from posapp.db.documents_json import sale_to_dict
from posapp.db.engine import create_sqlite_engine
from posapp.db.ledger_repositories import SqlAlchemyJournal
from posapp.db.sales_repository import SqlAlchemySales

_BATCH = 500


def journal_lines(path: Path) -> Iterator[str]:
    engine = create_sqlite_engine(path)
    try:
        with engine.connect() as connection:
            entries = SqlAlchemyJournal(connection, terminal_code="").entries()
            sales = SqlAlchemySales(connection)
            for start in range(0, len(entries), _BATCH):
                batch = entries[start : start + _BATCH]
                documents = sales.get_many(
                    [uuid.UUID(str(e.document_id)) for e in batch if e.document_id is not None]
                )
                for entry in batch:
                    payload: Any = None
                    if entry.document_id is not None:
                        doc = documents.get(uuid.UUID(str(entry.document_id)))
                        payload = sale_to_dict(doc) if doc else None
                    elif entry.payload is not None:
                        payload = json.loads(entry.payload)
                    yield json.dumps(
                        {
                            "seq": entry.seq,
                            "kind": entry.kind,
                            "created_at": entry.created_at.isoformat(),
                            "document_id": str(entry.document_id) if entry.document_id else None,
                            "payload": payload,
                            "payload_sha256": entry.payload_sha256,
                            "prev_hash": entry.prev_hash,
                            "hash": entry.hash,
                        },
                        sort_keys=True,
                        ensure_ascii=False,
                    )
    finally:
        engine.dispose()
