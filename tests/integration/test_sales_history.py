"""Past sales brought in from another system, read as published through a column mapping:
the public Superstore file's revenue by month, region and category and its profit equal what
pandas computes from the same file with the same rounding (half-up to the cent, line by line);
an invoice-style file with credit notes, postage and a code with two names; and a file with
mistakes, refused whole with every problem named."""

from __future__ import annotations

import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from posapp import bootstrap
from posapp.bootstrap.node import Node
from posapp.db.tables import history_documents, history_lines, products, sales_days
from posapp.services import reporting
from posapp.services.shared import ImportRefused

SUPERSTORE = Path(__file__).parents[3] / "shared" / "datasets" / "superstore.csv"
CENT = Decimal("0.01")
SUPERSTORE_MAPPING = {
    "columns": {
        "invoice": "Order ID",
        "date": "Order Date",
        "product_code": "Product ID",
        "name": "Product Name",
        "quantity": "Quantity",
        "line_amount": "Sales",
        "customer": "Customer ID",
        "country": "Country",
        "region": "Region",
        "city": "City",
        "profit": "Profit",
        "category": "Category",
    },
    "date_formats": ["%m/%d/%Y"],
    "create_products": True,
    "tax_class": "STD",
}


def _mapping(tmp_path: Path, mapping: dict[str, object]) -> Path:
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps(mapping), encoding="utf-8")
    return path


def _cents(text: str) -> int:
    return int((Decimal(text).quantize(CENT, ROUND_HALF_UP) * 100).to_integral_value())


@pytest.fixture(scope="module")
def superstore(tmp_path_factory: pytest.TempPathFactory) -> tuple[Node, pd.DataFrame]:
    if not SUPERSTORE.exists():
        pytest.fail(f"the public dataset is not where the tests read it: {SUPERSTORE}")
    node = bootstrap.node.open_node(tmp_path_factory.mktemp("history") / "data", create=True)
    mapping = _mapping(tmp_path_factory.mktemp("mapping"), SUPERSTORE_MAPPING)
    checked = bootstrap.reporting.import_history(node, SUPERSTORE, mapping, by="test")
    assert (checked.lines, checked.documents) == (9_994, 5_009)
    frame = pd.read_csv(SUPERSTORE, dtype=str, encoding="utf-8-sig")
    frame["cents"] = frame["Sales"].map(_cents)
    frame["profit_cents"] = frame["Profit"].map(_cents)
    frame["month"] = pd.to_datetime(frame["Order Date"], format="%m/%d/%Y").dt.strftime("%Y-%m")
    yield node, frame
    node.close()


def _every_row(
    node: Node, name: str, first: str = "2016-01-01", last: str = "2019-12-31"
) -> dict[str, dict[str, object]]:
    """Every row of the report over the days, by label."""
    reports = bootstrap.reporting.NodeReports(node)
    page = reports.open(name, date.fromisoformat(first), date.fromisoformat(last))
    return {row.label: row.values for row in reporting.every_row(reports, page)}


def test_superstore_revenue_by_month_region_and_category_equals_pandas(
    superstore: tuple[Node, pd.DataFrame],
) -> None:
    node, frame = superstore
    for report, column in (
        ("sales-by-month", "month"),
        ("sales-by-region", "Region"),
        ("sales-by-category", "Category"),
    ):
        expected = frame.groupby(column)["cents"].sum().to_dict()
        rows = _every_row(node, report)
        assert {label: values["net"] for label, values in rows.items()} == expected, report
    by_region = _every_row(node, "sales-by-region")
    assert sum(int(v["margin"]) for v in by_region.values()) == frame["profit_cents"].sum()  # type: ignore[call-overload]


def test_a_code_seen_with_several_names_keeps_the_most_frequent_and_each_line_its_own(
    superstore: tuple[Node, pd.DataFrame],
) -> None:
    node, frame = superstore
    names = frame.groupby("Product ID")["Product Name"].nunique()
    several = names[names > 1]
    assert len(several) > 0  # the file has such codes: the rule is exercised
    code = several.index[0]
    with node.store.engine.connect() as connection:
        kept = connection.execute(select(products.c.name).where(products.c.sku == code)).scalar()
        lines = set(
            connection.execute(
                select(history_lines.c.name).where(history_lines.c.code == code)
            ).scalars()
        )
    counts = frame[frame["Product ID"] == code]["Product Name"].value_counts()
    assert kept in counts[counts == counts.max()].index
    assert lines == set(counts.index)


INVOICES = """Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country
489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085,United Kingdom
489434,79323P,PINK CHERRY LIGHTS,12,2009-12-01 07:45:00,6.75,13085,United Kingdom
489434,POST,POSTAGE,1,2009-12-01 07:45:00,18.00,13085,United Kingdom
489435,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,1,2009-12-02 10:00:00,6.95,,United Kingdom
489436,85048,GLASS BALL LIGHTS,2,2009-12-02 11:00:00,0.00,,France
C489437,79323P,PINK CHERRY LIGHTS,-2,2009-12-03 09:30:00,6.75,13085,United Kingdom
A506401,B,Adjust bad debt,1,2009-12-04 14:00:00,-53594.36,,United Kingdom
"""


def test_an_invoice_file_with_credit_notes_postage_and_missing_customers(
    node: Node, tmp_path: Path
) -> None:
    source = tmp_path / "online_retail.csv"
    source.write_text(INVOICES, encoding="utf-8")
    mapping = _mapping(
        tmp_path,
        {
            "columns": {
                "invoice": "Invoice",
                "date": "InvoiceDate",
                "product_code": "StockCode",
                "name": "Description",
                "quantity": "Quantity",
                "unit_price": "Price",
                "customer": "Customer ID",
                "country": "Country",
            },
            "date_formats": ["%Y-%m-%d %H:%M:%S"],
            "cancelled_prefix": "C",
            "not_goods": ["POST", "B"],
            "create_products": True,
            "tax_class": "STD",
        },
    )
    checked = bootstrap.reporting.import_history(node, source, mapping, by="test")
    assert (checked.documents, checked.credit_notes, checked.not_goods) == (5, 1, 2)
    assert checked.new_products == 2  # 85048 and 79323P: postage and the debt are not goods
    with node.store.engine.connect() as connection:
        documents = select(history_documents.c.number, history_documents.c.kind)
        kinds = {number: kind for number, kind in connection.execute(documents)}
        kept = connection.execute(select(products.c.name).where(products.c.sku == "85048")).scalar()
        days = connection.execute(select(func.sum(sales_days.c.net_minor))).scalar()
    assert kinds["C489437"] == "RETURN"
    assert kinds["489434"] == "SALE"
    assert kept == "15CM CHRISTMAS GLASS BALL 20 LIGHTS"  # twice, against once
    every = 8340 + 8100 + 1800 + 695 + 0 - 1350 - 5359436
    assert days == every
    rows = _every_row(node, "sales-by-product", "2009-12-01", "2009-12-31")
    assert rows["(not goods)"]["net"] == 1800 - 5359436
    assert rows["79323P PINK CHERRY LIGHTS"]["returned"] == -1350


def test_a_file_with_mistakes_is_refused_whole_and_each_mistake_named(
    node: Node, tmp_path: Path
) -> None:
    lines = SUPERSTORE.read_text(encoding="utf-8-sig").splitlines()[:30]
    fields = lines[5].split(",", 3)
    lines[5] = ",".join([*fields[:2], "13/45/2017", fields[3]])  # row 6: a date that is none
    source = tmp_path / "broken.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = _mapping(tmp_path, {**SUPERSTORE_MAPPING, "create_products": False})
    with pytest.raises(ImportRefused) as refused:
        bootstrap.reporting.import_history(node, source, mapping, by="test")
    problems = {(p.row, p.column) for p in refused.value.problems}
    assert any(row == 6 and column == "order date" for row, column in problems), problems
    assert any(
        column == "product id" and "no product has this code" in p.reason
        for p in refused.value.problems
        for column in [p.column]
    )
    with node.store.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(history_documents)).scalar() == 0
        assert connection.execute(select(func.count()).select_from(sales_days)).scalar() == 0
