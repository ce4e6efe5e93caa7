"""`posapp report` as a shop manager types it: a report on screen, and every row to CSV, Excel
(typed cells, a frozen header, totals as formulas, names that never run) and PDF (the shop,
the period, page numbers), checked by opening the files."""

from __future__ import annotations

import csv
import json
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pymupdf
import pytest
from sqlalchemy import text

from posapp import bootstrap
from posapp.bootstrap import purchasing
from posapp.bootstrap.demo import load_demo_records, simulator
from posapp.bootstrap.node import Node
from posapp.domain.actors import Actor
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.domain.reporting import CATALOGUE, ReportPage, ReportRow, measured, report_named
from posapp.reports.report_files import ReportFile, write_csv, write_excel
from tests.integration.test_cli import assert_one_line_error, posapp


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("reports")
    assert posapp("--data-dir", str(data), "demo-data", "--products", "60").returncode == 0
    sold = posapp("--data-dir", str(data), "simulate", "--sales", "40", "--seed", "3")
    assert sold.returncode == 0, sold.stderr
    return data


def test_a_report_on_screen_names_its_rows_and_total(shop: Path) -> None:
    shown = posapp("--data-dir", str(shop), "report", "sales-by-category")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("Sales and margin by category, ")
    assert lines[1].split()[:3] == ["Category", "Quantity", "Gross"]
    assert lines[-1].startswith("Total")
    listed = posapp("--data-dir", str(shop), "report", "list")
    assert "sales-by-hour" in listed.stdout
    assert "Sales by weekday" in listed.stdout


def test_every_row_goes_to_csv_and_excel_with_the_same_total(shop: Path, tmp_path: Path) -> None:
    for suffix in ("csv", "xlsx"):
        out = tmp_path / f"products.{suffix}"
        done = posapp("--data-dir", str(shop), "report", "sales-by-product", "--out", str(out))
        assert done.returncode == 0, done.stderr
    with (tmp_path / "products.csv").open(encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    book = openpyxl.load_workbook(tmp_path / "products.xlsx")
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == table[0]
    rows = list(sheet.iter_rows(min_row=2, max_row=sheet.max_row - 1, values_only=True))
    # Wide enough to read: the names of the first page, each figure's title; printed landscape.
    assert sheet.column_dimensions["A"].width >= max(len(str(row[0])) for row in rows[:100])
    assert sheet.column_dimensions["E"].width >= len(table[0][4])
    assert sheet.page_setup.orientation == "landscape"
    assert len(rows) == len(table) - 2 > 5
    net = table[0].index("Net sales")
    assert all(isinstance(row[net], int | float) for row in rows)
    csv_net = sum(Decimal(line[net]) for line in table[1:-1])
    assert Decimal(table[-1][net]) == csv_net
    assert abs(Decimal(str(sum(row[net] for row in rows))) - csv_net) < Decimal("0.005")  # type: ignore[misc]
    total = sheet.cell(sheet.max_row, net + 1).value
    assert (
        total == f"=SUM({openpyxl.utils.get_column_letter(net + 1)}2:"
        f"{openpyxl.utils.get_column_letter(net + 1)}{sheet.max_row - 1})"
    )


def test_the_pdf_carries_the_shop_the_period_and_page_numbers(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "days.pdf"
    done = posapp(
        "--data-dir",
        str(shop),
        "report",
        "sales-by-product",
        "--from",
        "2020-01-01",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    document = pymupdf.open(out)
    first = document[0].get_text()
    assert "Sales and margin by product" in first
    assert "2020-01-01 to" in first
    assert f"page 1 of {document.page_count}" in first
    assert "Total" in document[document.page_count - 1].get_text()


def test_a_wrong_report_day_or_file_is_named_in_one_line(shop: Path, tmp_path: Path) -> None:
    cases = [
        (("report", "sales-by-planet"), "sales-by-day"),
        (("report", "sales-by-day", "--from", "2026-13-01"), "YYYY-MM-DD"),
        (("report", "sales-by-day", "--out", str(tmp_path / "x.doc")), ".csv, .xlsx or .pdf"),
        (("report", "sales-by-day", "--store", "S99"), "holds store S01 only"),
    ]
    for words, says in cases:
        assert_one_line_error(posapp("--data-dir", str(shop), *words), 1, says)


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    report = report_named("sales-by-product")
    sums = dict.fromkeys(
        [
            "quantity_milli",
            "amount_minor",
            "discount_minor",
            "net_minor",
            "tax_minor",
            "returned_minor",
            "cost_minor",
            "costed_milli",
        ],
        100,
    )
    row = ReportRow(str(uuid.uuid4()), '=HYPERLINK("http://x")', measured(report, sums))
    page = ReportPage(report, date(2026, 1, 1), date(2026, 1, 31), (row,), row, 1, 0)
    file = ReportFile("Shop", "EUR", page)
    write_excel(tmp_path / "f.xlsx", file, [row])
    write_csv(tmp_path / "f.csv", file, [row])

    cell = openpyxl.load_workbook(tmp_path / "f.xlsx").worksheets[0]["A2"]
    assert cell.data_type == "s"
    assert cell.value == row.label
    with (tmp_path / "f.csv").open(encoding="utf-8") as handle:
        assert list(csv.reader(handle))[1][0] == f"'{row.label}"


def test_history_is_checked_then_imported_from_the_command_line(shop: Path, tmp_path: Path) -> None:
    from tests.integration.test_sales_history import SUPERSTORE, SUPERSTORE_MAPPING

    mapping = tmp_path / "superstore.json"
    mapping.write_text(json.dumps(SUPERSTORE_MAPPING), encoding="utf-8")
    words = ("import", "history", str(SUPERSTORE), "--mapping", str(mapping))
    checked = posapp("--data-dir", str(shop), *words, "--check")
    assert checked.returncode == 0, checked.stderr
    assert "9,994 lines of 5,009 documents" in checked.stdout
    assert "checked" in checked.stdout

    mapping.write_text(json.dumps({"columns": {"invoice": "Order ID"}}), encoding="utf-8")
    assert_one_line_error(posapp("--data-dir", str(shop), *words), 1, "'date' must name a column")
    mapping.write_text("{not json", encoding="utf-8")
    assert_one_line_error(posapp("--data-dir", str(shop), *words), 1, "not a JSON mapping")


def test_every_report_of_the_catalogue_saves_to_each_kind_of_file(
    demo_node: Node, tmp_path: Path
) -> None:
    load_demo_records(demo_node)  # suppliers, promotions, goods received from them
    demo_node.actor = Actor(
        uuid.uuid4(), "Manager", "manager", frozenset(BUILT_IN_ROLES["manager"][1])
    )
    with demo_node.store.engine.connect() as connection:
        received = connection.execute(
            text("SELECT number FROM stock_documents WHERE doc_type = 'goods_receipt' LIMIT 1")
        ).scalar_one()
    bill = purchasing.bill_receipts(demo_node, "S01", "INV-1", demo_node.clock.now(), [received])
    purchasing.post(demo_node, bill.id)
    simulator(demo_node, seed=2).run(25, close_shift=True)
    reports = bootstrap.reporting.NodeReports(demo_node)
    today = reports.today()
    for name in CATALOGUE:
        page = reports.open(name, today, today)
        # A day of trading shows in every report; nothing is dead on a shop's first day.
        assert bool(page.rows) is (name != "dead-stock"), name
        for kind in ("pdf", "xlsx", "csv"):
            out = tmp_path / f"{name}.{kind}"
            assert reports.export(page, out) == page.row_count, (name, kind)
        pdf = pymupdf.open(tmp_path / f"{name}.pdf")
        assert page.report.title in pdf[0].get_text()
