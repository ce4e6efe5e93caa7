"""Migrations at start-up: an older database upgrades in place, with a backup beside it."""

import sqlite3
import uuid
from collections import Counter
from pathlib import Path

import pytest

from posapp.db import migrate
from posapp.db.engine import create_sqlite_engine
from posapp.db.store import DATABASE_FILENAME, StoreError, open_store
from tests.conftest import NOW


def _database_at_first_revision(data_dir: Path) -> Path:
    """What a node installed with the first release holds: schema 0001 and one product."""
    data_dir.mkdir()
    path = data_dir / DATABASE_FILENAME
    engine = create_sqlite_engine(path)
    migrate.upgrade(engine, "0001")
    engine.dispose()
    tax_class, product = uuid.uuid4().hex, uuid.uuid4().hex
    stamp = "2025-01-01 00:00:00.000000"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute(
            "INSERT INTO tax_classes (id, code, name, created_at, updated_at) "
            "VALUES (?, 'STD', 'Standard', ?, ?)",
            (tax_class, stamp, stamp),
        )
        connection.execute(
            "INSERT INTO products (id, sku, name, unit, weighed, tax_class_id, state, price_minor, "
            "currency, created_at, updated_at) VALUES (?, 'OLD-1', 'Heritage Oat Biscuits', 'pc', "
            "0, ?, 'ACTIVE', 249, 'EUR', ?, ?)",
            (product, tax_class, stamp, stamp),
        )
        connection.execute(
            "INSERT INTO barcodes VALUES ('4006381333931', ?, 1000, ?)", (product, stamp)
        )
    connection.close()
    return path


def test_older_database_upgrades_in_place_with_a_backup_beside_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "till"
    path = _database_at_first_revision(data_dir)

    store = open_store(data_dir, create=False, now=NOW)
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision() != "0001"
        assert store.backup_taken is not None
        assert store.backup_taken.parent == data_dir
        # The upgrade indexed what was already there: the old product is found by search.
        with store.engine.connect() as connection:
            found = (
                connection.exec_driver_sql(
                    'SELECT name FROM products_fts WHERE products_fts MATCH \'"heri"* AND "4006"*\''
                )
                .scalars()
                .all()
            )
        assert found == ["Heritage Oat Biscuits"]
    finally:
        store.engine.dispose()

    backup = sqlite3.connect(store.backup_taken)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert backup.execute("SELECT name FROM products").fetchall() == [("Heritage Oat Biscuits",)]
    backup.close()
    assert path.exists()


def test_up_to_date_database_is_not_backed_up_again(tmp_path: Path) -> None:
    first = open_store(tmp_path / "d", create=True, now=NOW)
    first.engine.dispose()
    second = open_store(tmp_path / "d", create=False, now=NOW)
    second.engine.dispose()
    assert first.backup_taken is None
    assert second.backup_taken is None
    assert sorted(p.name for p in (tmp_path / "d").glob("*backup*")) == []


def test_database_from_a_newer_posapp_is_refused_untouched(tmp_path: Path) -> None:
    store = open_store(tmp_path / "d", create=True, now=NOW)
    store.engine.dispose()
    with sqlite3.connect(store.path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = store.path.read_bytes()
    with pytest.raises(StoreError, match="newer posapp"):
        open_store(tmp_path / "d", create=False, now=NOW)
    assert store.path.read_bytes() == before


def test_every_migration_downgrades_and_upgrades_again(tmp_path: Path) -> None:
    from alembic import command

    from posapp.db.engine import write_connection

    engine = create_sqlite_engine(tmp_path / "x.sqlite3")
    migrate.upgrade(engine)
    config = migrate.alembic_config()
    with write_connection(engine) as connection, connection.begin():
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_the_migrated_schema_is_the_one_the_code_declares(tmp_path: Path) -> None:
    """tables.py and the migrations describe the same tables, columns and indexes: code written
    against tables.py never meets a column a migration forgot (or the other way round)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from posapp.db.tables import metadata

    engine = create_sqlite_engine(tmp_path / DATABASE_FILENAME)
    migrate.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": False, "render_as_batch": True}
        )
        differences = compare_metadata(context, metadata)
    engine.dispose()

    # FTS5's shadow tables are made by SQL in a migration, not declared in tables.py; a unique
    # constraint both "removed" and "added" with the same columns differs only in its name.
    def columns(diff: tuple[object, ...]) -> tuple[str, ...]:
        constraint = diff[1]
        return (constraint.table.name, *sorted(c.name for c in constraint.columns))  # type: ignore[attr-defined]

    constraint_changes = ("add_constraint", "remove_constraint")
    kept = [
        diff
        for diff in differences
        if not (diff[0] == "remove_table" and diff[1].name.startswith("products_fts"))
    ]
    changed = Counter(columns(diff) for diff in kept if diff[0] in constraint_changes)
    left = [
        str(diff)
        for diff in kept
        if not (diff[0] in constraint_changes and changed[columns(diff)] == 2)
    ]
    assert left == []


def test_a_store_from_before_customer_accounts_lets_its_managers_allow_credit(
    tmp_path: Path,
) -> None:
    """Roles were seeded when the store was made; 0011 gives its manager and administrator the
    permission that came later, and leaves a shop's own choices for the role alone."""
    import json

    engine = create_sqlite_engine(tmp_path / DATABASE_FILENAME)
    migrate.upgrade(engine, "0010")
    engine.dispose()
    stamp = "2025-01-01 00:00:00.000000"
    with sqlite3.connect(tmp_path / DATABASE_FILENAME) as connection:
        for code, permissions in (("manager", ["void_sale", "no_sale"]), ("cashier", [])):
            connection.execute(
                "INSERT INTO roles (code, name, permissions, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (code, code.title(), json.dumps(permissions), stamp, stamp),
            )
    connection.close()

    engine = create_sqlite_engine(tmp_path / DATABASE_FILENAME)
    migrate.upgrade(engine, "0011")  # (0017 adds adjust_stock: tested below)
    with engine.connect() as connection:
        roles = dict(connection.exec_driver_sql("SELECT code, permissions FROM roles").all())
    engine.dispose()
    assert json.loads(roles["manager"]) == ["credit_over_limit", "no_sale", "void_sale"]
    assert json.loads(roles["cashier"]) == []

    engine = create_sqlite_engine(tmp_path / DATABASE_FILENAME)
    migrate.upgrade(engine)
    with engine.connect() as connection:
        roles = dict(connection.exec_driver_sql("SELECT code, permissions FROM roles").all())
    engine.dispose()
    assert "adjust_stock" in json.loads(roles["manager"])
    assert json.loads(roles["cashier"]) == []


def test_every_movement_has_a_rising_sequence_and_its_business_time(tmp_path: Path) -> None:
    from posapp.bootstrap.demo import simulator
    from posapp.bootstrap.node import open_node

    node = open_node(tmp_path, create=True)
    try:
        from posapp.bootstrap.demo import load_demo_catalogue

        load_demo_catalogue(node, products=50, seed=3, progress=lambda done, total: None)
        simulator(node, seed=3).run(20, close_shift=False)
    finally:
        node.close()
    engine = create_sqlite_engine(tmp_path / DATABASE_FILENAME)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT seq, rowid, business_at IS NOT NULL FROM stock_movements ORDER BY rowid"
        ).all()
        counter = connection.exec_driver_sql(
            "SELECT value FROM counters WHERE name = 'stock_movements'"
        ).scalar()
    engine.dispose()
    assert rows
    assert [seq for seq, _, _ in rows] == sorted({seq for seq, _, _ in rows})  # rising, no tie
    assert all(has_time for _, _, has_time in rows)
    assert counter == rows[-1][0]


def test_an_outbox_partly_sent_keeps_what_was_acknowledged_across_0012(tmp_path: Path) -> None:
    """Events marked sent one by one become a single mark: events 1–3 were acknowledged, 4 and 5
    were not, and only 4 and 5 are still to send afterwards."""
    from posapp.db.tables import outbox_sent

    engine = create_sqlite_engine(tmp_path / DATABASE_FILENAME)
    migrate.upgrade(engine, "0011")
    engine.dispose()
    stamp = "2025-01-01 00:00:00.000000"
    with sqlite3.connect(tmp_path / DATABASE_FILENAME) as connection:
        for seq in range(1, 6):
            connection.execute(
                "INSERT INTO outbox_events (seq, id, kind, aggregate_id, payload, created_at, "
                "sent_at) VALUES (?, ?, 'sale.completed', ?, '{}', ?, ?)",
                (seq, uuid.uuid4().hex, uuid.uuid4().hex, stamp, stamp if seq <= 3 else None),
            )
    connection.close()

    engine = create_sqlite_engine(tmp_path / DATABASE_FILENAME)
    migrate.upgrade(engine)
    with engine.connect() as connection:
        (through,) = connection.execute(
            outbox_sent.select().with_only_columns(outbox_sent.c.through_seq)
        ).one()
    from sync.client.local_store import backlog

    assert through == 3
    assert backlog(engine).pending == 2
    engine.dispose()


def test_the_migrated_workflows_and_roles_are_the_shipped_ones(tmp_path: Path) -> None:
    """The workflows the migrations write are DEFAULT_WORKFLOWS, status for status and
    transition for transition; the built-in roles hold the permissions the domain gives them."""
    import json

    from posapp.domain.permissions import BUILT_IN_ROLES
    from posapp.domain.stock_workflows import DEFAULT_WORKFLOWS

    store = open_store(tmp_path / "data", create=True, now=NOW)
    path = store.path
    store.engine.dispose()
    with sqlite3.connect(path) as connection:
        statuses = set(
            connection.execute(
                "SELECT doc_type, status, name, effect, editable, final, first "
                "FROM workflow_statuses"
            )
        )
        transitions = set(
            connection.execute(
                "SELECT doc_type, from_status, to_status, permission, name "
                "FROM workflow_transitions"
            )
        )
    connection.close()
    assert statuses == {
        (
            t.value,
            s.code,
            s.name,
            s.effect.value,
            int(s.editable),
            int(s.final),
            int(s.code == w.first),
        )
        for t, w in DEFAULT_WORKFLOWS.items()
        for s in w.statuses.values()
    }
    assert transitions == {
        (t.value, x.from_status, x.to_status, x.permission.value, x.name)
        for t, w in DEFAULT_WORKFLOWS.items()
        for x in w.transitions
    }
    # Roles are seeded by node creation, then changed by migrations for permissions added later.
    from posapp.bootstrap.node import open_node

    node = open_node(tmp_path / "node", create=True)
    with sqlite3.connect(node.store.path) as connection:
        roles = {
            code: set(json.loads(p))
            for code, p in connection.execute("SELECT code, permissions FROM roles")
        }
    connection.close()
    node.close()
    for code, (_, permissions) in BUILT_IN_ROLES.items():
        assert roles[code] == {p.value for p in permissions}, code
