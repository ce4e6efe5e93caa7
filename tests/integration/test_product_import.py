"""Product files in and out, on a real store: every bad row reported (row, column, value, reason)
and nothing imported; a good file imported in one transaction with its events for head office;
exported to CSV and Excel and read back; a file of SKUs and prices is a price update."""

from pathlib import Path

import pytest
from sqlalchemy import text

from posapp.bootstrap.catalogue import export_products, import_products
from posapp.bootstrap.node import Node
from posapp.db.product_list import price_history
from posapp.reports.table_files import UnreadableFile, open_table
from posapp.services.shared.file_import import ImportRefused
from tests.product_files import product_row, write_products


def counts(node: Node) -> tuple[int, int, int]:
    with node.store.engine.connect() as connection:
        return tuple(  # type: ignore[return-value]
            connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("products", "barcodes", "outbox_events")
        )


def test_a_file_with_five_bad_rows_reports_all_five_and_imports_nothing(
    demo_node: Node, tmp_path: Path
) -> None:
    rows = [product_row(n) for n in range(1, 41)]
    rows[3][9] = "-1.00"  # row 5: negative price
    rows[9][9] = "abc"  # row 11: not an amount
    rows[14][10] = "4006381333932"  # row 16: wrong check digit
    rows[19][0] = rows[2][0]  # row 21: the SKU of row 4 again
    rows[29][4] = "LUXURY"  # row 31: no such tax class
    before = counts(demo_node)
    with pytest.raises(ImportRefused) as refused:
        import_products(demo_node, write_products(tmp_path / "p.csv", rows), by="test")
    found = [(p.row, p.column, p.value) for p in refused.value.problems]
    assert found == [
        (5, "price", "-1.00"),
        (11, "price", "abc"),
        (16, "barcodes", "4006381333932"),
        (21, "sku", "IMP-000003"),
        (31, "tax_class", "LUXURY"),
    ]
    assert "is also on row 4" in refused.value.problems[3].reason
    assert counts(demo_node) == before

    rows[3][9], rows[9][9], rows[14][10] = "1.00", "2.00", ""
    rows[19][0], rows[29][4] = "IMP-FIXED", "STD"
    checked = import_products(demo_node, write_products(tmp_path / "p.csv", rows), by="test")
    assert (checked.checked, checked.new) == (40, 40)
    products, codes, events = counts(demo_node)
    assert products == before[0] + 40
    assert codes == before[1] + 78
    assert events == before[2] + 40 + 1  # a master.product each, and the journal entry


def test_a_barcode_of_another_product_is_refused_by_row(demo_node: Node, tmp_path: Path) -> None:
    with demo_node.store.engine.connect() as connection:
        taken, owner = connection.execute(
            text("SELECT b.code, p.sku FROM barcodes b JOIN products p ON p.id = b.product_id")
        ).first()
    rows = [product_row(1), product_row(2)]
    rows[1][10] = taken
    with pytest.raises(ImportRefused) as refused:
        import_products(demo_node, write_products(tmp_path / "p.csv", rows), by="test")
    [problem] = refused.value.problems
    assert (problem.row, problem.column, problem.value) == (3, "barcodes", taken)
    assert problem.reason == f"already belongs to product {owner}"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_changes_nothing_and_a_price_file_updates_prices(
    demo_node: Node, tmp_path: Path, suffix: str
) -> None:
    exported = tmp_path / f"all{suffix}"
    written = export_products(demo_node, exported)
    assert written == counts(demo_node)[0]
    before = counts(demo_node)
    checked = import_products(demo_node, exported, by="test", check_only=True)
    assert (checked.checked, checked.new, checked.problems) == (written, 0, [])

    with demo_node.store.engine.connect() as connection:
        sku, price = connection.execute(text("SELECT sku, price_minor FROM products")).first()
    prices = tmp_path / "prices.csv"
    prices.write_text(f"sku,price\n{sku},{(price + 11) / 100:.2f}\n", encoding="utf-8")
    import_products(demo_node, prices, by="Price file")
    assert counts(demo_node)[0] == before[0]
    [change] = price_history(demo_node.store.engine, sku, "EUR")
    assert (change.old.minor, change.new.minor, change.by) == (price, price + 11, "Price file")


def test_unreadable_files_are_named(demo_node: Node, tmp_path: Path) -> None:
    bad = tmp_path / "products.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(UnreadableFile, match=r"products\.xlsx"):
        import_products(demo_node, bad, by="test")
    unknown = tmp_path / "wrong.csv"
    unknown.write_text("sku,colour\nA,red\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match="colour"):
        import_products(demo_node, unknown, by="test")


def test_each_problem_is_reported_once_across_chunks(demo_node: Node, tmp_path: Path) -> None:
    """The last row of one 500-row chunk takes another product's barcode; the next chunk has a
    row refused for its price. Each problem once, by its own row."""
    with demo_node.store.engine.connect() as connection:
        taken = connection.execute(text("SELECT code FROM barcodes LIMIT 1")).scalar_one()
    rows = [product_row(n) for n in range(1, 503)]
    rows[499][10] = taken  # spreadsheet row 501, the last of the first chunk
    rows[500][9] = "-1"  # row 502
    with pytest.raises(ImportRefused) as refused:
        import_products(demo_node, write_products(tmp_path / "p.csv", rows), by="test")
    assert [(p.row, p.column) for p in refused.value.problems] == [
        (501, "barcodes"),
        (502, "price"),
    ]


def test_bad_input_from_issue_18_is_named_with_every_field_and_nothing_is_written(
    demo_node: Node, tmp_path: Path
) -> None:
    """Items 14, 15, 16, 21: a 20-digit price, a NUL in a name, several bad fields in one row,
    a duplicate header, extra fields, an unclosed quote, PHASE_OUT → NEW."""
    rows = [product_row(n) for n in range(1, 6)]
    rows[0][9] = "12345678901234567890"  # row 2: passed --check, then OverflowError
    rows[1][1] = "Bad\x00name"  # row 3
    rows[2][2], rows[2][3], rows[2][9] = "bucket", "maybe", "x"  # row 4: three bad fields
    before = counts(demo_node)
    checked = import_products(
        demo_node, write_products(tmp_path / "p.csv", rows), by="t", check_only=True
    )
    found = [(p.row, p.column) for p in checked.problems]
    assert found == [(2, "price"), (3, "name"), (4, "unit"), (4, "weighed"), (4, "price")]
    assert "more than 10,000,000,000.00 EUR" in checked.problems[0].reason
    assert "U+0000" in checked.problems[1].reason
    assert counts(demo_node) == before

    doubled = tmp_path / "doubled.csv"
    doubled.write_text("sku,sku,price\nA,B,1.00\n", encoding="utf-8")
    checked = import_products(demo_node, doubled, by="t", check_only=True)
    assert [(p.row, p.column) for p in checked.problems] == [(1, "sku")]
    assert "names two columns" in checked.problems[0].reason

    extra = tmp_path / "extra.csv"
    extra.write_text("sku,name,price\nA,Milk, whole,1.00\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="row 2: 4 fields, but the first row names 3"):
        import_products(demo_node, extra, by="t", check_only=True)

    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text('sku,name,price\nA,"Milk,1.00\nB,Bread,2.00\n', encoding="utf-8")
    with pytest.raises(UnreadableFile, match="a quote opens a field and is never closed"):
        import_products(demo_node, unclosed, by="t", check_only=True)

    with demo_node.store.engine.connect() as connection:
        sku = connection.execute(text("SELECT sku FROM products LIMIT 1")).scalar_one()
    lifecycle = tmp_path / "state.csv"
    lifecycle.write_text(f"sku,state\n{sku},PHASE_OUT\n", encoding="utf-8")
    import_products(demo_node, lifecycle, by="t")
    lifecycle.write_text(f"sku,state\n{sku},NEW\n", encoding="utf-8")
    checked = import_products(demo_node, lifecycle, by="t", check_only=True)
    assert [(p.row, p.column, p.value) for p in checked.problems] == [(2, "state", "NEW")]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_exports_neutralise_formulas_and_write_numbers_as_numbers(
    demo_node: Node, tmp_path: Path, suffix: str
) -> None:
    """Item 15: names such as =HYPERLINK(…) were written as live formulas; prices as text."""
    names = [
        '=HYPERLINK("http://x")',
        "=cmd|' /C calc'!A0",
        "+1 offer",
        "-20% bin",
        "@sum",
        "\tTab",
    ]
    rows = [product_row(n) for n in range(1, len(names) + 1)]
    for row, name in zip(rows, names, strict=True):
        row[1] = name
    import_products(demo_node, write_products(tmp_path / "p.csv", rows), by="t")
    exported = tmp_path / f"out{suffix}"
    export_products(demo_node, exported)
    if suffix == ".csv":
        lines = exported.read_text(encoding="utf-8").splitlines()
        written = {line.split(",")[0]: line for line in lines}
        assert ",'=HYPERLINK" in written["IMP-000001"].replace('"', "")
        assert all(
            not field.startswith(("=", "+", "@")) for line in lines for field in line.split(",")
        )
    else:
        import openpyxl

        sheet = openpyxl.load_workbook(exported).worksheets[0]
        header = [cell.value for cell in sheet[1]]
        name_at, price_at = header.index("name"), header.index("price")
        cells = list(sheet.iter_rows(min_row=2))
        assert all(cell[name_at].data_type == "s" for cell in cells)  # never a formula
        assert all(isinstance(cell[price_at].value, int | float) for cell in cells)
        by_name = {str(cell[name_at].value) for cell in cells}
        assert '\'=HYPERLINK("http://x")' in by_name
    # and it reads back as what was exported
    before = counts(demo_node)
    checked = import_products(demo_node, exported, by="t", check_only=True)
    assert checked.problems == []
    assert counts(demo_node) == before
    read_back = {row["sku"]: row["name"] for row in open_table(exported).read()}
    assert [read_back[f"IMP-{n:06d}"] for n in range(1, len(names))] == names[:-1]


def test_a_large_import_is_searchable_and_the_index_agrees(demo_node: Node, tmp_path: Path) -> None:
    """The search index is built in one pass after the last batch, inside the transaction."""
    import sqlite3

    from posapp.db.search_index import index_problems
    from posapp.services.catalogue.lookup import search_products

    rows = [product_row(n, prefix="BIG") for n in range(1, 12_001)]  # more than two batches
    import_products(demo_node, write_products(tmp_path / "big.csv", rows), by="test")
    found = search_products(demo_node.catalogue, text="BIG-012000")
    assert [p.sku for p in found] == ["BIG-012000"]
    connection = sqlite3.connect(demo_node.store.path)
    try:
        assert index_problems(connection) == []
        triggers = {
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
        assert {"products_fts_after_insert", "barcodes_fts_after_insert"} <= triggers
    finally:
        connection.close()


@pytest.mark.parametrize("check_only", [False, True], ids=["import", "check"])
def test_a_key_repeated_anywhere_in_the_file_names_the_row_that_had_it_first(
    demo_node: Node, tmp_path: Path, check_only: bool
) -> None:
    """An import remembers a row's SKU and barcodes in one of three places, by how far the row
    got: added to the catalogue (a batch written), passed and waiting for its batch, or, for a
    change to an existing product and every row of a check or after the first problem, a
    temporary table. A repeat is found in each, and named by the first row alike."""
    with demo_node.store.engine.connect() as connection:
        existing = connection.execute(text("SELECT sku FROM products LIMIT 1")).scalar_one()
    rows = [product_row(n, prefix="TIER") for n in range(1, 7_001)]  # rows[i] is row i + 2
    rows[100][0] = existing  # row 102 changes a product the store has
    rows[6_000][0] = rows[0][0]  # row 6,002: the SKU of row 2, written in the first batch
    rows[6_001][10] = rows[1][10].split(";")[0]  # row 6,003: a barcode of row 3, written
    rows[6_500][0] = rows[5_200][0]  # row 6,502: the SKU of row 5,202, waiting, never written
    rows[6_800][0] = rows[6_100][0]  # row 6,802: of row 6,102, passed after the first problem
    rows[6_900][0] = existing  # row 6,902: the existing product again
    before = counts(demo_node)
    source = write_products(tmp_path / "tiers.csv", rows)
    if check_only:
        problems = import_products(demo_node, source, by="t", check_only=True).problems
    else:
        with pytest.raises(ImportRefused) as refused:
            import_products(demo_node, source, by="t")
        problems = refused.value.problems
    assert [(p.row, p.column, p.reason) for p in problems] == [
        (6_002, "sku", "is also on row 2"),
        (6_003, "barcodes", "is also on row 3"),
        (6_502, "sku", "is also on row 5202"),
        (6_802, "sku", "is also on row 6102"),
        (6_902, "sku", "is also on row 102"),
    ]
    assert counts(demo_node) == before


def test_a_bad_row_after_batches_were_written_rolls_every_batch_back(
    demo_node: Node, tmp_path: Path
) -> None:
    """All or nothing, streamed: rows are written in batches of 5,000 as they pass, and a bad
    row at 7,000 must take the 5,000 already written back with it."""
    rows = [product_row(n, prefix="ZQXROLL") for n in range(1, 8_001)]
    rows[6_998][9] = "not a price"  # row 7,000
    before = counts(demo_node)
    with pytest.raises(ImportRefused) as refused:
        import_products(demo_node, write_products(tmp_path / "roll.csv", rows), by="test")
    assert [(p.row, p.column) for p in refused.value.problems] == [(7_000, "price")]
    assert counts(demo_node) == before
    with demo_node.store.engine.connect() as connection:
        written = connection.execute(
            text("SELECT count(*) FROM products WHERE sku LIKE 'ZQXROLL-%'")
        ).scalar_one()
        indexed = connection.execute(
            text("SELECT count(*) FROM products_fts WHERE products_fts MATCH '\"ZQXROLL\"*'")
        ).scalar_one()
    assert (written, indexed) == (0, 0)


def test_the_master_events_an_import_queues_carry_the_products_as_stored(
    demo_node: Node, tmp_path: Path
) -> None:
    """An import makes each product's record from the row it wrote, without reading it back: the
    record head office receives is the one the stored product gives (new and changed alike)."""
    import json
    import uuid

    from posapp.db.master_records import product_records

    with demo_node.store.engine.connect() as connection:
        sku = connection.execute(text("SELECT sku FROM products ORDER BY sku LIMIT 1")).scalar()
    source = tmp_path / "mixed.csv"
    source.write_text(
        "sku,name,price,cost,barcodes,unit,state\n"
        f"{sku},Renamed,1.05,0.50,4006381333931;4006381333948:12,kg,PHASE_OUT\n"
        "NEW-1,New thing,2.00,,96385074,pc,ACTIVE\n",
        encoding="utf-8",
    )
    import_products(demo_node, source, by="test")

    with demo_node.store.engine.connect() as connection:
        queued = [
            json.loads(payload)
            for (payload,) in connection.execute(
                text(
                    "SELECT payload FROM outbox_events WHERE kind = 'master.product' "
                    "ORDER BY seq DESC LIMIT 2"
                )
            )
        ]
        stored = product_records(connection, [uuid.UUID(event["key"]) for event in queued])
    assert {event["record"]["sku"] for event in queued} == {sku, "NEW-1"}
    for event in queued:
        assert event["record"] == stored[uuid.UUID(event["key"])]
