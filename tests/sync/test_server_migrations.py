"""Head office's migrations on a database that already holds data."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import create_engine, text

from sync.server.database import sqlalchemy_url
from sync.server.migrate import upgrade
from tests.head_office import fresh_database


def test_movements_left_unfolded_under_0001_reach_the_stock_levels(postgres: str) -> None:
    engine = create_engine(sqlalchemy_url(fresh_database(postgres, revision="0001")))
    product, location, node = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO stock_levels VALUES (:p, :l, 5000)"), {"p": product, "l": location}
        )
        for quantity, projected in ((5000, True), (-1000, False), (-250, False)):
            connection.execute(
                text(
                    "INSERT INTO stock_movements (id, node_id, store_code, product_id, "
                    "location_id, quantity_milli, reason, created_at, projected) "
                    "VALUES (:id, :n, 'S01', :p, :l, :q, 'SALE', :at, :projected)"
                ),
                {
                    "id": uuid.uuid4(),
                    "n": node,
                    "p": product,
                    "l": location,
                    "q": quantity,
                    "at": datetime.now(UTC),
                    "projected": projected,
                },
            )

    upgrade(engine)

    with engine.connect() as connection:
        level = connection.execute(text("SELECT on_hand_milli FROM stock_levels")).scalar_one()
        columns = connection.execute(
            text(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'stock_movements'"
            )
        ).scalars()
        assert level == 3750
        assert "projected" not in set(columns)
    engine.dispose()


def test_receipt_numbers_a_till_sent_twice_before_0005_are_kept_marked_and_flagged(
    postgres: str,
) -> None:
    engine = create_engine(sqlalchemy_url(fresh_database(postgres, revision="0004")))
    node, now = uuid.uuid4(), datetime.now(UTC)
    sales = [uuid.uuid4(), uuid.uuid4(), uuid.uuid4()]
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO nodes (id, store_code, terminal_code, incarnation, token_sha256, "
                "client_version, enrolled_at) VALUES (:n, 'S01', 'T01', 1, 'x', 't', :at)"
            ),
            {"n": node, "at": now},
        )
        for seq, (sale, number) in enumerate(
            zip(sales, ("S01-T01-000001", "S01-T01-000001", "S01-T01-000002"), strict=True), 1
        ):
            connection.execute(
                text(
                    "INSERT INTO sales (id, node_id, store_code, terminal_code, number, kind, "
                    "location_id, cashier_id, currency, subtotal_minor, discount_minor, "
                    "tax_minor, total_minor, rounding_minor, flags, created_at) VALUES (:id, :n, "
                    "'S01', 'T01', :number, 'SALE', :l, :c, 'EUR', 1, 0, 0, 1, 0, '', :at)"
                ),
                {
                    "id": sale,
                    "n": node,
                    "number": number,
                    "l": uuid.uuid4(),
                    "c": uuid.uuid4(),
                    "at": now.replace(microsecond=seq),
                },
            )
            connection.execute(
                text(
                    "INSERT INTO events (id, node_id, seq, kind, aggregate_id, payload, "
                    "created_at, received_at) VALUES (:id, :n, :seq, 'sale.completed', :sale, "
                    "'{}', :at, :at)"
                ),
                {"id": uuid.uuid4(), "n": node, "seq": seq, "sale": sale, "at": now},
            )

    upgrade(engine)

    with engine.connect() as connection:
        numbers = connection.execute(text("SELECT number FROM sales ORDER BY created_at")).all()
        problems = connection.execute(text("SELECT problem FROM review_flags")).scalars().all()
    assert [row[0] for row in numbers] == ["S01-T01-000001", "S01-T01-000001~2", "S01-T01-000002"]
    assert problems == [
        "receipt number S01-T01-000001 was sent twice by this till before head office checked; "
        "this one is kept as S01-T01-000001~2"
    ]
    engine.dispose()
