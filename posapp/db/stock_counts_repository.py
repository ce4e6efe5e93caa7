"""Stock counts on SQLite: the book taken when a count starts, the counted lines, what the
ledger held when each line was counted, and the movements that arrive after a count was
settled but are dated before its lines were counted. Set-based: a count of a whole warehouse
is tens of thousands of lines."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, func, insert, select, update

from posapp.db.tables import counters, stock_count_lines, stock_counts
from posapp.db.types import driver_connection, sqlite_timestamp, sqlite_uuid
from posapp.domain.stock_count import CountHeader, CountLine

_SNAPSHOT = """
INSERT INTO stock_count_lines (document_id, product_id, book_milli)
SELECT ?, s.product_id, s.on_hand_milli FROM stock_levels s
WHERE s.location_id = ? AND s.on_hand_milli != 0
  AND (? IS NULL OR s.product_id IN (
      SELECT p.id FROM products p WHERE p.category_id IN (
          WITH RECURSIVE tree(id) AS (
              SELECT ? UNION SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id)
          SELECT id FROM tree)))
"""
# The book when the count started, for a product outside the snapshot: its level now, less
# what moved since.
_BOOK_AT_START = """
SELECT coalesce((SELECT on_hand_milli FROM stock_levels WHERE product_id = ? AND location_id = ?),
                0)
     - coalesce((SELECT sum(quantity_milli) FROM stock_movements
                 WHERE product_id = ? AND location_id = ? AND seq > ?), 0)
"""
_COUNT = """
UPDATE stock_count_lines
SET counted_milli = CASE WHEN ? THEN coalesce(counted_milli, 0) + ? ELSE ? END, counted_at = ?
WHERE document_id = ? AND product_id = ?
"""
# What the ledger held when each counted line was counted: the book at the start plus every
# movement recorded since that is dated before the line was counted (sales during the count,
# and late ones from an offline till dated before it started).
_EXPECTED = """
UPDATE stock_count_lines SET expected_milli = book_milli + coalesce((
    SELECT sum(m.quantity_milli) FROM stock_movements m
    WHERE m.product_id = stock_count_lines.product_id AND m.location_id = ?
      AND m.seq > ? AND m.business_at < stock_count_lines.counted_at), 0)
WHERE document_id = ? AND counted_milli IS NOT NULL
"""
# Movements recorded after a posted count was last settled, dated before the line they touch
# was counted: the count already saw their effect on the shelf. Driven from the movements newer
# than the oldest settling (a few, after each document), never from every count's lines.
_LATE = """
SELECT c.document_id, m.product_id, sum(m.quantity_milli)
FROM (SELECT * FROM stock_movements WHERE seq > (
        SELECT min(corrected_seq) FROM stock_counts WHERE posted_seq IS NOT NULL)) AS m
CROSS JOIN stock_counts c
CROSS JOIN stock_documents d
CROSS JOIN stock_count_lines l
LEFT JOIN stock_documents own ON own.id = m.document_id
WHERE c.posted_seq IS NOT NULL AND m.seq > c.corrected_seq AND c.corrected_seq < ?
  AND d.id = c.document_id AND m.location_id = d.location_id
  AND l.document_id = c.document_id AND l.product_id = m.product_id
  AND l.counted_milli IS NOT NULL AND m.business_at < l.counted_at
  AND (own.count_id IS NULL OR own.count_id != c.document_id)
GROUP BY c.document_id, m.product_id
HAVING sum(m.quantity_milli) != 0
ORDER BY c.document_id, m.product_id
"""


class SqlAlchemyStockCounts:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def last_seq(self) -> int:
        """The sequence number of the last movement recorded here."""
        value = self._connection.execute(
            select(counters.c.value).where(counters.c.name == "stock_movements")
        ).scalar()
        return int(value or 0)

    def start(
        self,
        document_id: uuid.UUID,
        *,
        location_id: uuid.UUID,
        category_id: uuid.UUID | None,
        blind: bool,
    ) -> int:
        """The count's header and its book (every product of its scope with stock here);
        how many lines the book has."""
        self._connection.execute(
            insert(stock_counts).values(
                document_id=document_id,
                category_id=category_id,
                blind=blind,
                started_seq=self.last_seq(),
            )
        )
        category = sqlite_uuid(category_id)
        raw = driver_connection(self._connection)
        return raw.execute(
            _SNAPSHOT, (sqlite_uuid(document_id), sqlite_uuid(location_id), category, category)
        ).rowcount

    def header(self, document_id: uuid.UUID) -> CountHeader | None:
        row = self._connection.execute(
            select(stock_counts).where(stock_counts.c.document_id == document_id)
        ).first()
        if row is None:
            return None
        return CountHeader(
            row.document_id, row.category_id, row.blind, row.started_seq, row.posted_seq
        )

    def lines(self, document_id: uuid.UUID) -> list[CountLine]:
        rows = self._connection.execute(
            select(stock_count_lines)
            .where(stock_count_lines.c.document_id == document_id)
            .order_by(stock_count_lines.c.product_id)
        )
        return [
            CountLine(r.product_id, r.book_milli, r.counted_milli, r.expected_milli) for r in rows
        ]

    def tally(self, document_id: uuid.UUID) -> tuple[int, int]:
        row = self._connection.execute(
            select(func.count(), func.count(stock_count_lines.c.counted_milli)).where(
                stock_count_lines.c.document_id == document_id
            )
        ).one()
        return int(row[0]), int(row[1])

    def record_counted(
        self,
        document_id: uuid.UUID,
        location_id: uuid.UUID,
        counted: Sequence[tuple[uuid.UUID, int]],
        *,
        add: bool,
        at: datetime,
    ) -> None:
        """Each (product, quantity) counted at `at`: added to what was counted before (a scan)
        or replacing it (a typed total). A product outside the book joins it first."""
        header = self.header(document_id)
        assert header is not None
        raw = driver_connection(self._connection)
        document = sqlite_uuid(document_id)
        known = {line.product_id for line in self.lines(document_id)}
        location = sqlite_uuid(location_id)
        for product_id, _ in counted:
            if product_id in known:
                continue
            product = sqlite_uuid(product_id)
            (book,) = raw.execute(
                _BOOK_AT_START, (product, location, product, location, header.started_seq)
            ).fetchone()
            raw.execute(
                "INSERT INTO stock_count_lines (document_id, product_id, book_milli) "
                "VALUES (?, ?, ?)",
                (document, product, book),
            )
            known.add(product_id)
        stamp = sqlite_timestamp(at)
        raw.executemany(
            _COUNT,
            [
                (add, quantity, quantity, stamp, document, sqlite_uuid(product_id))
                for product_id, quantity in counted
            ],
        )

    def settle(
        self, document_id: uuid.UUID, location_id: uuid.UUID, *, uncounted_zero: bool, at: datetime
    ) -> list[tuple[uuid.UUID, int]]:
        """What the ledger held when each line was counted; (product, counted − held) of every
        line that differs. Uncounted lines count as none at `at` when `uncounted_zero`, and are
        left as they are otherwise."""
        header = self.header(document_id)
        assert header is not None
        if uncounted_zero:
            self._connection.execute(
                update(stock_count_lines)
                .where(
                    stock_count_lines.c.document_id == document_id,
                    stock_count_lines.c.counted_milli.is_(None),
                )
                .values(counted_milli=0, counted_at=at)
            )
        driver_connection(self._connection).execute(
            _EXPECTED,
            (sqlite_uuid(location_id), header.started_seq, sqlite_uuid(document_id)),
        )
        return [
            (line.product_id, line.counted_milli - line.expected_milli)
            for line in self.lines(document_id)
            if line.counted_milli is not None
            and line.expected_milli is not None
            and line.counted_milli != line.expected_milli
        ]

    def mark_posted(self, document_id: uuid.UUID) -> None:
        """The count is posted: it has settled every movement recorded so far."""
        seq = self.last_seq()
        self._connection.execute(
            update(stock_counts)
            .where(stock_counts.c.document_id == document_id)
            .values(posted_seq=seq, corrected_seq=seq)
        )

    def late_movements(self) -> list[tuple[uuid.UUID, uuid.UUID, int]]:
        """(count, product, Σ quantity) of movements recorded after each posted count was last
        settled and dated before the product was counted."""
        raw = driver_connection(self._connection)
        rows = raw.execute(_LATE, (self.last_seq(),)).fetchall()
        return [
            (uuid.UUID(count), uuid.UUID(product), int(total)) for count, product, total in rows
        ]

    def all_settled(self) -> None:
        """Every posted count has settled every movement recorded so far."""
        seq = self.last_seq()
        self._connection.execute(
            update(stock_counts)
            .where(stock_counts.c.posted_seq.is_not(None), stock_counts.c.corrected_seq < seq)
            .values(corrected_seq=seq)
        )
