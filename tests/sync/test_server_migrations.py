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
                {"id": uuid.uuid4(), "n": node, "p": product, "l": location, "q": quantity,
                 "at": datetime.now(UTC), "projected": projected},
            )  # fmt: skip

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
