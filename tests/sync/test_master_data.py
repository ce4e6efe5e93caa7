"""Master data: an edit in one back office goes up, head office orders it, and every till gets
it on its next pull."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text

from posapp.bootstrap import Node, archive_product, change_price
from sync.client.engine import SyncEngine
from tests.head_office import HeadOfficeUnderTest


def _price(node: Node, sku: str) -> int:
    with node.store.engine.connect() as connection:
        return int(
            connection.execute(
                text("SELECT price_minor FROM products WHERE sku = :sku"), {"sku": sku}
            ).scalar_one()
        )


def _some_product(node: Node) -> tuple[str, str]:
    """(sku, a word of its name) of a product search finds today."""
    with node.store.engine.connect() as connection:
        sku, name = connection.execute(
            text("SELECT sku, name FROM products WHERE state = 'ACTIVE' ORDER BY sku LIMIT 1")
        ).one()
    return sku, name


def test_a_price_changed_in_one_back_office_reaches_every_till_in_one_pull(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    back_office = enrolled("back-office", terminal="BO")
    tills = [enrolled(f"till-{n}", terminal=f"T0{n}") for n in (1, 2, 3)]
    sku, _ = _some_product(back_office)
    old = _price(tills[0], sku)

    change_price(back_office, sku, f"{(old + 123) / 100:.2f}", by="Maria")
    SyncEngine(back_office.store.engine).run_once()  # up
    for till in tills:
        result = SyncEngine(till.store.engine).run_once()  # one pull cycle
        assert result.applied_changes >= 1
        assert _price(till, sku) == old + 123
    assert head_office.scalar(
        "SELECT payload->>'price' FROM master_records WHERE entity = 'product' "
        "AND payload->>'sku' = :sku", sku=sku
    ) == str(old + 123)  # fmt: skip


def test_an_archived_product_disappears_from_till_search(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    back_office = enrolled("back-office", terminal="BO")
    till = enrolled("till", terminal="T01")
    sku, name = _some_product(back_office)
    assert any(row.sku == sku for row in till.catalogue.search(name, 50))

    archive_product(back_office, sku, by="Maria")
    SyncEngine(back_office.store.engine).run_once()
    SyncEngine(till.store.engine).run_once()

    assert not any(row.sku == sku for row in till.catalogue.search(name, 50))


def test_pulling_twice_or_from_the_start_leaves_the_same_catalogue(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    back_office = enrolled("back-office", terminal="BO")
    till = enrolled("till", terminal="T01")
    sku, _ = _some_product(back_office)
    for cents in (101, 202, 303):
        change_price(back_office, sku, f"{cents / 100:.2f}", by="Maria")
    SyncEngine(back_office.store.engine).run_once()
    SyncEngine(till.store.engine).run_once()
    assert _price(till, sku) == 303

    with till.store.engine.begin() as connection:  # as if the cursor had been lost
        connection.execute(text("UPDATE sync_identity SET cursor = NULL"))
    again = SyncEngine(till.store.engine).run_once()
    assert again.applied_changes == 3 and _price(till, sku) == 303  # replayed in order


def test_a_pruned_change_log_makes_an_old_cursor_refetch(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    from sync.server.changes import prune

    back_office = enrolled("back-office", terminal="BO")
    till = enrolled("till", terminal="T01")
    sku, _ = _some_product(back_office)
    change_price(back_office, sku, "1.11", by="Maria")
    SyncEngine(back_office.store.engine).run_once()
    SyncEngine(till.store.engine).run_once()  # the till's cursor is now at that change
    change_price(back_office, sku, "2.22", by="Maria")
    change_price(back_office, sku, "3.33", by="Maria")
    SyncEngine(back_office.store.engine).run_once()
    with head_office.engine.begin() as connection:
        newest = connection.execute(text("SELECT max(seq) FROM master_changes")).scalar_one()
        assert prune(connection, below=newest + 1) == 2  # 1.11 and 2.22 superseded

    SyncEngine(till.store.engine).run_once()  # 410 must refetch → from the start

    assert _price(till, sku) == 333
