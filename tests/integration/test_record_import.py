"""Customer, supplier and supplier-product files in and out, on a real store: every bad row
named (row, column, value, reason) and nothing imported; a good file imported in one
transaction, each record with its event for head office; exported to CSV and Excel and read back
unchanged; a file of codes and one column changes only that column."""

import csv
from pathlib import Path

import pytest
from sqlalchemy import text

from posapp.bootstrap.node import Node
from posapp.bootstrap.records import export_records, import_records
from posapp.services.shared.file_import import ImportRefused
from tests.integration.test_cli import posapp

CUSTOMER_COLUMNS = [
    "code",
    "name",
    "tax_id",
    "price_group",
    "credit_limit",
    "payment_terms_days",
    "phone",
    "email",
    "addresses",
    "note",
]


def customer_row(number: int) -> list[str]:
    return [
        f"C{number:04d}",
        f"Customer {number} Ltd",
        f"GB{number:09d}",
        "TRADE",
        f"{number * 100}.00",
        "30",
        f"+44 20 7946 {number:04d}",
        f"buyer{number}@example.com",
        f"Head office: {number} High St\nDepot: {number} Dock Rd",
        "",
    ]


def write(path: Path, columns: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def rows_of(node: Node, sql: str) -> list[tuple[object, ...]]:
    with node.store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def count(node: Node, table: str, where: str = "1") -> int:
    return int(rows_of(node, f"SELECT count(*) FROM {table} WHERE {where}")[0][0])  # type: ignore[call-overload]


CUSTOMERS_QUERY = (
    "SELECT code, name, tax_id, price_group, credit_limit_minor, payment_terms_days, phone, "
    "email, addresses, note FROM customers ORDER BY code"
)


def test_a_customer_file_with_bad_rows_names_each_and_imports_nothing(
    demo_node: Node, tmp_path: Path
) -> None:
    rows = [customer_row(n) for n in range(1, 21)]
    rows[2][4] = "abc"  # row 4
    rows[6][7] = "not-an-address"  # row 8
    rows[11][0] = rows[1][0]  # row 13: the code of row 3 again
    rows[15][5] = "ninety"  # row 17
    events = count(demo_node, "outbox_events")
    with pytest.raises(ImportRefused) as refused:
        import_records(
            demo_node, "customers", write(tmp_path / "c.csv", CUSTOMER_COLUMNS, rows), by="test"
        )
    found = [(p.row, p.column, p.value) for p in refused.value.problems]
    assert found == [
        (4, "credit_limit", "abc"),
        (8, "email", "not-an-address"),
        (13, "code", "C0002"),
        (17, "payment_terms_days", "ninety"),
    ]
    assert "is also on row 3" in refused.value.problems[2].reason
    assert count(demo_node, "customers") == 0
    assert count(demo_node, "outbox_events") == events

    rows[2][4], rows[6][7], rows[11][0], rows[15][5] = "", "ap@example.com", "C9999", "60"
    checked = import_records(
        demo_node, "customers", write(tmp_path / "c.csv", CUSTOMER_COLUMNS, rows), by="test"
    )
    assert (len(checked.rows), checked.new) == (20, 20)
    assert count(demo_node, "customers") == 20
    assert count(demo_node, "outbox_events", "kind = 'master.customer'") == 20
    assert rows_of(
        demo_node, "SELECT credit_limit_minor, addresses FROM customers WHERE code = 'C0001'"
    ) == [
        (
            10000,
            '[{"address": "1 High St", "site": "Head office"}, '
            '{"address": "1 Dock Rd", "site": "Depot"}]',
        )
    ]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_customers_exported_and_imported_again_are_unchanged(
    demo_node: Node, tmp_path: Path, suffix: str
) -> None:
    rows = [customer_row(n) for n in range(1, 6)]
    import_records(
        demo_node, "customers", write(tmp_path / "c.csv", CUSTOMER_COLUMNS, rows), by="test"
    )
    before = rows_of(demo_node, CUSTOMERS_QUERY)
    assert export_records(demo_node, "customers", tmp_path / f"out.{suffix}") == 5
    checked = import_records(demo_node, "customers", tmp_path / f"out.{suffix}", by="test")
    assert (len(checked.rows), checked.new) == (5, 0)
    assert rows_of(demo_node, CUSTOMERS_QUERY) == before


def test_a_file_of_codes_and_limits_changes_only_the_limits(
    demo_node: Node, tmp_path: Path
) -> None:
    rows = [customer_row(n) for n in range(1, 4)]
    import_records(
        demo_node, "customers", write(tmp_path / "c.csv", CUSTOMER_COLUMNS, rows), by="test"
    )
    before = rows_of(demo_node, CUSTOMERS_QUERY)
    limits = write(tmp_path / "limits.csv", ["code", "credit_limit"], [["C0002", "750"]])
    import_records(demo_node, "customers", limits, by="test")
    after = rows_of(demo_node, CUSTOMERS_QUERY)
    assert after[1][4] == 75000
    assert [row[:4] + row[5:] for row in after] == [row[:4] + row[5:] for row in before]
    assert [after[0], after[2]] == [before[0], before[2]]


def test_suppliers_and_what_they_supply_in_and_out(demo_node: Node, tmp_path: Path) -> None:
    skus = [str(s) for (s,) in rows_of(demo_node, "SELECT sku FROM products ORDER BY sku LIMIT 3")]
    columns = ["code", "name", "contacts", "payment_terms_days", "lead_time_days"]
    suppliers = write(
        tmp_path / "s.csv",
        columns,
        [
            [
                "S01",
                "Dockside Wholesale",
                "Ann Baker; 020 7946 0000; ann@dockside.example",
                "30",
                "3",
            ],
            ["S02", "Hill Farm Dairy", "", "14", "1"],
        ],
    )
    assert import_records(demo_node, "suppliers", suppliers, by="test").new == 2

    lines = ["supplier", "sku", "supplier_code", "cost"]
    bad = write(
        tmp_path / "sp.csv",
        lines,
        [
            ["S01", skus[0], "DW-1", "1.10"],
            ["S03", skus[1], "X", "1.00"],  # row 3: no such supplier
            ["S01", "NOPE-1", "X", "1.00"],  # row 4: no such product
            ["S02", skus[2], "HF-9", "-2"],  # row 5: negative cost
        ],
    )
    with pytest.raises(ImportRefused) as refused:
        import_records(demo_node, "supplier-products", bad, by="test")
    assert [(p.row, p.column) for p in refused.value.problems] == [
        (3, "supplier"),
        (4, "sku"),
        (5, "cost"),
    ]
    assert count(demo_node, "supplier_products") == 0

    good = write(
        tmp_path / "sp.csv",
        lines,
        [
            ["S01", skus[0], "DW-1", "1.10"],
            ["S01", skus[1], "", "0.95"],
            ["S02", skus[2], "HF-9", "2.00"],
        ],
    )
    import_records(demo_node, "supplier-products", good, by="test")
    assert count(demo_node, "supplier_products") == 3

    # A suppliers file again (new lead time): each keeps the products it supplies.
    again = write(tmp_path / "s2.csv", ["code", "lead_time_days"], [["S01", "5"]])
    import_records(demo_node, "suppliers", again, by="test")
    assert rows_of(demo_node, "SELECT lead_time_days FROM suppliers WHERE code = 'S01'") == [(5,)]
    assert count(demo_node, "supplier_products") == 3

    # One line changed by a later price list: the supplier's other line stays.
    update = write(tmp_path / "sp3.csv", lines, [["S01", skus[1], "DW-2", "0.99"]])
    import_records(demo_node, "supplier-products", update, by="test")
    query = (
        "SELECT s.code, p.sku, sp.supplier_code, sp.cost_minor FROM supplier_products sp "
        "JOIN suppliers s ON s.id = sp.supplier_id JOIN products p ON p.id = sp.product_id "
        "ORDER BY 1, 2"
    )
    assert rows_of(demo_node, query) == [
        ("S01", skus[0], "DW-1", 110),
        ("S01", skus[1], "DW-2", 99),
        ("S02", skus[2], "HF-9", 200),
    ]

    before = rows_of(demo_node, query), rows_of(demo_node, "SELECT * FROM suppliers ORDER BY code")
    export_records(demo_node, "suppliers", tmp_path / "s.xlsx")
    export_records(demo_node, "supplier-products", tmp_path / "sp.xlsx")
    import_records(demo_node, "suppliers", tmp_path / "s.xlsx", by="test")
    import_records(demo_node, "supplier-products", tmp_path / "sp.xlsx", by="test")
    after = rows_of(demo_node, query), rows_of(demo_node, "SELECT * FROM suppliers ORDER BY code")
    assert after[0] == before[0]
    drop_updated = lambda rows: [row[:-3] + row[-1:] for row in rows]  # noqa: E731
    assert drop_updated(after[1]) == drop_updated(before[1])


def test_the_command_line_imports_and_exports_customers(demo_node: Node, tmp_path: Path) -> None:
    data_dir = str(demo_node.store.data_dir)
    demo_node.close()
    rows = [customer_row(n) for n in range(1, 4)]
    rows[1][4] = "lots"
    file = write(tmp_path / "c.csv", CUSTOMER_COLUMNS, rows)
    refused = posapp("--data-dir", data_dir, "import", "customers", str(file))
    assert refused.returncode == 1
    assert "c.csv: row 3, credit_limit 'lots': is not an amount in EUR" in refused.stdout
    rows[1][4] = "900"
    write(tmp_path / "c.csv", CUSTOMER_COLUMNS, rows)
    done = posapp("--data-dir", data_dir, "import", "customers", str(file))
    assert done.returncode == 0
    assert "3 rows imported (3 new, 0 changed)" in done.stdout
    out = posapp("--data-dir", data_dir, "export", "customers", str(tmp_path / "out.csv"))
    assert out.returncode == 0
    assert "3 rows of customers written" in out.stdout
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        assert [row["credit_limit"] for row in csv.DictReader(handle)] == [
            "100.00",
            "900.00",
            "300.00",
        ]
