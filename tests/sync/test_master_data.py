"""Master data: an edit in one back office goes up, head office orders it, and every till gets
it on its next pull."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from posapp.bootstrap.catalogue import archive_product, change_price, import_products
from posapp.bootstrap.node import Node
from sync.client.engine import SyncEngine
from tests.head_office import HeadOfficeUnderTest
from tests.sync.conftest import signed_in


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
    head_office.add_person("maria")  # a chain administrator
    back_office = signed_in(enrolled("back-office", terminal="BO"))
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
        "AND payload->>'sku' = :sku",
        sku=sku,
    ) == str(old + 123)


def test_an_archived_product_disappears_from_till_search(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    head_office.add_person("maria")  # a chain administrator
    back_office = signed_in(enrolled("back-office", terminal="BO"))
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
    head_office.add_person("maria")  # a chain administrator
    back_office = signed_in(enrolled("back-office", terminal="BO"))
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
    # Replayed in order: Maria's own record, then the three prices.
    assert again.applied_changes == 4
    assert _price(till, sku) == 303


def test_a_pruned_change_log_makes_an_old_cursor_refetch(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    from sync.server.changes import prune

    head_office.add_person("maria")  # a chain administrator
    back_office = signed_in(enrolled("back-office", terminal="BO"))
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


def test_staff_roles_and_shop_settings_changed_in_one_back_office_reach_every_till(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    from posapp.bootstrap.people import add_user, back_office_sign_in, set_password
    from posapp.bootstrap.shop import change_setting
    from posapp.services.people import users as user_admin

    head_office.add_person("maria")  # a chain administrator
    back_office = signed_in(enrolled("back-office", terminal="BO"))
    till = enrolled("till", terminal="T01")
    add_user(back_office, username="meg", name="Meg Manager", role="manager", pin="2468")
    set_password(back_office, "meg", "correct horse")
    user_admin.change_role(
        back_office.unit_of_work(),
        role="cashier",
        permissions=frozenset({"close_shift", "no_sale"}),
        by="Meg",
        clock=back_office.clock,
        new_id=back_office.new_id,
    )
    change_setting(back_office, "receipt.footer", '["Thank you", "See you soon"]')

    SyncEngine(back_office.store.engine).run_once()
    SyncEngine(till.store.engine).run_once()

    meg = back_office_sign_in(till)("meg", "correct horse")  # her password works at this till
    assert meg.display_name == "Meg Manager"
    assert meg.role == "manager"
    with till.store.engine.connect() as connection:
        permissions = connection.execute(
            text("SELECT permissions FROM roles WHERE code = 'cashier'")
        ).scalar_one()
        footer = connection.execute(
            text("SELECT value FROM settings WHERE key = 'receipt.footer'")
        ).scalar_one()
    assert sorted(json.loads(permissions)) == ["close_shift", "no_sale"]
    assert json.loads(footer) == ["Thank you", "See you soon"]
    assert (
        head_office.scalar(
            "SELECT count(*) FROM journal WHERE kind IN ('user_added', 'role_changed', "
            "'password_set', 'setting_changed')"
        )
        == 4
    )


def test_a_new_epoch_makes_every_till_refetch_all_master_data(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    import subprocess
    import sys
    from pathlib import Path

    from sync.client import local_store
    from sync.server.changes import ensure_master_format
    from sync.server.migrate import upgrade

    head_office.add_person("maria")  # a chain administrator
    back_office = signed_in(enrolled("back-office", terminal="BO"))
    till = enrolled("till", terminal="T01")
    sku, _ = _some_product(back_office)
    change_price(back_office, sku, "4.44", by="Maria")
    SyncEngine(back_office.store.engine).run_once()
    SyncEngine(till.store.engine).run_once()
    records = head_office.scalar("SELECT count(*) FROM master_records")

    def cursor() -> str:
        identity = local_store.identity(till.store.engine)
        assert identity is not None
        assert identity.cursor is not None
        return identity.cursor

    assert cursor().startswith("1.")
    assert SyncEngine(till.store.engine).run_once().applied_changes == 0  # up to date

    # After a restore, an administrator makes every till fetch again.
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("posapp-server")),
            "--data-dir",
            "unused",
            "--database-url",
            head_office.database_url,
            "refetch",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "epoch is now 2" in done.stdout
    assert SyncEngine(till.store.engine).run_once().applied_changes == records
    assert cursor().startswith("2.")
    assert _price(till, sku) == 444

    # A server whose records changed shape does the same by itself at start.
    upgrade(head_office.engine)  # same format: nothing to refetch
    assert SyncEngine(till.store.engine).run_once().applied_changes == 0
    with head_office.engine.begin() as connection:
        assert ensure_master_format(connection, 2) is True
        assert ensure_master_format(connection, 2) is False
    assert SyncEngine(till.store.engine).run_once().applied_changes == records
    assert cursor().startswith("3.")


def _shelf_of(node: Node, sku: str) -> tuple[list[str], str | None]:
    """The product's category path (from the top) and brand on `node`."""
    with node.store.engine.connect() as connection:
        category, brand = connection.execute(
            text(
                "SELECT p.category_id, b.name FROM products p "
                "LEFT JOIN brands b ON b.id = p.brand_id WHERE p.sku = :sku"
            ),
            {"sku": sku},
        ).one()
        path: list[str] = []
        while category is not None:
            category, name = connection.execute(
                text("SELECT parent_id, name FROM categories WHERE id = :id"), {"id": category}
            ).one()
            path.insert(0, name)
    return path, brand


def test_a_products_category_and_brand_reach_every_till_by_name(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest, tmp_path: Path
) -> None:
    """Each node has its own ids for categories and brands: the record names them, and a till
    that has no category or brand of that name makes one."""
    head_office.add_person("maria")
    back_office = signed_in(enrolled("back-office", terminal="BO"))
    till = enrolled("till", terminal="T01")
    sku, _ = _some_product(back_office)
    path = tmp_path / "shelf.csv"
    path.write_text(f"sku,category,brand\n{sku},Tinned fish,Ocean Pride\n", encoding="utf-8")
    import_products(back_office, path, by="Maria")
    SyncEngine(back_office.store.engine).run_once()
    SyncEngine(till.store.engine).run_once()
    assert _shelf_of(till, sku) == (["Tinned fish"], "Ocean Pride")
    assert head_office.scalar(
        "SELECT c.name FROM catalogue_products p JOIN catalogue_categories c "
        "ON c.id = p.category_id WHERE p.sku = :sku",
        sku=sku,
    ) == ("Tinned fish")


def test_a_record_places_a_product_by_its_category_path_or_leaves_it_where_it_is(
    make_node: Callable[[str], Node],
) -> None:
    """A path makes the categories it names, each under the one before; a record from before
    contract 6 (no category, no brand) leaves the product's as they are; [] and "" clear them."""
    from datetime import UTC, datetime

    from posapp.db.master_records import apply_record, product_records

    node = make_node("shop")
    with node.store.engine.connect() as connection:
        product = uuid.UUID(
            connection.execute(text("SELECT id FROM products LIMIT 1")).scalar_one()
        )
    at = datetime(2026, 12, 7, tzinfo=UTC)
    sku = ""
    for category, brand, expected in (
        (["Larder", "Preserves", "Jams"], "Alpine", (["Larder", "Preserves", "Jams"], "Alpine")),
        (None, None, (["Larder", "Preserves", "Jams"], "Alpine")),
        (["Larder", "Preserves"], "Alpine", (["Larder", "Preserves"], "Alpine")),
        ([], "", ([], None)),
    ):
        with node.store.engine.begin() as connection:
            record = product_records(connection, [product])[product]
            sku = str(record["sku"])
            apply_record(
                connection,
                "product",
                str(product),
                {**record, "category": category, "brand": brand},
                at,
            )
        assert _shelf_of(node, sku) == expected
    with node.store.engine.connect() as connection:
        made = connection.execute(
            text("SELECT count(*) FROM categories WHERE name IN ('Larder', 'Preserves', 'Jams')")
        ).scalar_one()
        assert made == 3  # made once, found again after


def test_publishing_the_catalogue_gives_head_office_every_products_category_and_brand(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """A shop whose products reached head office before records named categories publishes
    them again: head office then groups its sales by them."""
    from posapp.bootstrap.catalogue import publish_catalogue

    head_office.add_person("maria")
    shop = signed_in(enrolled("back-office", terminal="BO"))
    assert head_office.scalar("SELECT count(*) FROM catalogue_products") == 0
    published = publish_catalogue(shop, by="Maria")
    SyncEngine(shop.store.engine).run_once()
    with shop.store.engine.connect() as connection:
        shelves = {
            sku: (category or "", brand or "")
            for sku, category, brand in connection.execute(
                text(
                    "SELECT p.sku, c.name, b.name FROM products p "
                    "LEFT JOIN categories c ON c.id = p.category_id "
                    "LEFT JOIN brands b ON b.id = p.brand_id"
                )
            )
        }
    assert published == len(shelves) == 200
    kept = {
        sku: (category or "", brand or "")
        for sku, category, brand in head_office.rows(
            "SELECT p.sku, c.name, b.name FROM catalogue_products p "
            "LEFT JOIN catalogue_categories c ON c.id = p.category_id "
            "LEFT JOIN catalogue_brands b ON b.id = p.brand_id"
        )
    }
    assert kept == shelves
    assert len({category for category, _ in kept.values()}) > 3
