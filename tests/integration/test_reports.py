"""The report catalogue on a node: every report's rows and totals equal sums worked out here
straight from the documents and the cost ledger, to the minor unit, by the store's local day —
after folds in the middle of trading and a late receipt that changes what goods cost."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text

from posapp import bootstrap
from posapp.bootstrap.demo import load_demo_catalogue
from posapp.bootstrap.node import Node, open_node, till_actions
from posapp.db.tables import (
    categories,
    movement_costs,
    products,
    sale_line_taxes,
    sale_lines,
    sale_tenders,
    sales,
    stock_movements,
)
from posapp.domain.actors import Actor, NotPermitted
from posapp.domain.cash_count import count_of
from posapp.domain.money import Money
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.domain.reporting import CATALOGUE, Dimension, ReportDefinition, Source, week_of
from posapp.services import reporting
from posapp.services.shared import FieldError
from tests.integration.test_costing import receive

ZONE = ZoneInfo("America/New_York")
START = datetime(2026, 3, 1, 3, tzinfo=UTC)  # 22:00 on 28 February in New York
DAYS = 75  # into May
FIRST, LAST = date(2026, 3, 2), date(2026, 3, 8)  # a week: trading goes on beyond it
# Spans asked for: within a month; and whole months (March, April) with days on either side.
SPANS = {"a week": (FIRST, LAST), "months and days": (date(2026, 2, 28), date(2026, 5, 9))}

Facts = list[tuple[dict[Dimension, str], dict[str, int]]]


class _Clock:
    def __init__(self) -> None:
        self.now_at = START

    def now(self) -> datetime:
        return self.now_at


@pytest.fixture
def trading(demo_node: Node) -> Node:
    """75 days of sales and returns at random hours, folded once in the middle; then goods
    received late, dated before most of the sales, and costing run again."""
    return _traded(demo_node)


@pytest.fixture(scope="module")
def traded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    """The same trading, once for the tests that only read it."""
    node = open_node(tmp_path_factory.mktemp("traded") / "data", create=True)
    load_demo_catalogue(node, products=500, seed=7, progress=lambda done, total: None)
    till_actions(node).open_shift(count_of(Money(10000, node.settings.currency)))
    yield _traded(node)
    node.close()


def _traded(node: Node) -> Node:
    clock = _Clock()
    node.clock = clock
    node.settings = replace(node.settings, time_zone="America/New_York")
    simulator = bootstrap.demo.simulator(node, seed=11)
    rng = random.Random(11)
    reports = bootstrap.reporting.NodeReports(node)
    for sold in range(240):
        clock.now_at = START + timedelta(minutes=rng.randint(0, DAYS * 24 * 60))
        simulator.sell_one()
        if rng.random() < 0.08:
            simulator.return_one()
        if sold == 120:
            reports.fold()  # costs the first half, and folds it: the rest comes on top
    with node.store.engine.connect() as connection:
        best_seller = connection.execute(
            select(products.c.sku)
            .join(sale_lines, sale_lines.c.product_id == products.c.id)
            .group_by(products.c.sku)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()
    role = "manager"
    node.actor = Actor(uuid.uuid4(), "Manager", role, frozenset(BUILT_IN_ROLES[role][1]))
    receive(node, best_seller, -3, 50, 1_23)  # three days before START: every sale re-costed
    return node


def _local(moment: datetime) -> datetime:
    return moment.astimezone(ZONE)


def _product_facts(node: Node) -> Facts:
    """Each sale line and each cost, with what every dimension calls it."""
    with node.store.engine.connect() as connection:
        category_of = {
            row.id: (row.category_id, row.brand_id)
            for row in connection.execute(
                select(products.c.id, products.c.category_id, products.c.brand_id)
            )
        }
        parent = dict(connection.execute(select(categories.c.id, categories.c.parent_id)).all())
        lines = connection.execute(
            select(sales.c.created_at, sale_lines).join(sales, sales.c.id == sale_lines.c.sale_id)
        ).all()
        costs = connection.execute(
            select(
                movement_costs.c.value_minor,
                movement_costs.c.true_up_minor,
                stock_movements.c.product_id,
                stock_movements.c.sale_id,
                stock_movements.c.quantity_milli,
                func.coalesce(stock_movements.c.business_at, stock_movements.c.created_at),
            ).join(stock_movements, stock_movements.c.id == movement_costs.c.movement_id)
        ).all()

    def top(category: uuid.UUID | None) -> str:
        while category is not None and parent.get(category) is not None:
            category = parent[category]
        return "" if category is None else str(category)

    def names(at: datetime, product: uuid.UUID) -> dict[Dimension, str]:
        day = _local(at).date()
        category, brand = category_of[product]
        return {
            Dimension.DAY: day.isoformat(),
            Dimension.WEEK: week_of(day).isoformat(),
            Dimension.MONTH: day.replace(day=1).isoformat(),
            Dimension.PRODUCT: str(product),
            Dimension.CATEGORY: top(category),
            Dimension.BRAND: "" if brand is None else str(brand),
            Dimension.REGION: "",  # the store's own sales have no region
            Dimension.STORE: "",  # a node's summaries hold its own store alone
        }

    facts: Facts = []
    for line in lines:
        sums = {
            "quantity_milli": line.quantity_milli,
            "amount_minor": line.amount_minor,
            "discount_minor": line.line_discount_minor + line.basket_discount_minor,
            "net_minor": line.net_minor,
            "tax_minor": line.tax_minor,
            "returned_minor": line.amount_minor if line.quantity_milli < 0 else 0,
        }
        facts.append((names(line.created_at, line.product_id), sums))
    for value, true_up, product, sale, quantity, at in costs:
        cost = true_up - (value if sale is not None else 0)
        costed = -quantity if sale is not None else 0
        facts.append((names(at, product), {"cost_minor": cost, "costed_milli": costed}))
    return facts


def _till_facts(node: Node) -> Facts:
    with node.store.engine.connect() as connection:
        documents = connection.execute(select(sales)).all()
    facts: Facts = []
    for document in documents:
        at = _local(document.created_at)
        is_return = document.kind == "RETURN"
        names = {
            Dimension.DAY: at.date().isoformat(),
            Dimension.WEEK: week_of(at.date()).isoformat(),
            Dimension.MONTH: at.date().replace(day=1).isoformat(),
            Dimension.HOUR: str(at.hour),
            Dimension.WEEKDAY: str(at.isoweekday()),
            Dimension.CASHIER: str(document.cashier_id),
            Dimension.TERMINAL: document.terminal_code,
            Dimension.CUSTOMER: "" if document.customer_id is None else str(document.customer_id),
        }
        sums = {
            "sales": 0 if is_return else 1,
            "returns": 1 if is_return else 0,
            "total_minor": document.total_minor,
            "discount_minor": document.discount_minor,
            "net_minor": document.net_minor,
            "returned_minor": document.total_minor if is_return else 0,
        }
        facts.append((names, sums))
    return facts


def _periods(at: datetime) -> dict[Dimension, str]:
    day = _local(at).date()
    return {
        Dimension.DAY: day.isoformat(),
        Dimension.WEEK: week_of(day).isoformat(),
        Dimension.MONTH: day.replace(day=1).isoformat(),
    }


def _tax_facts(node: Node) -> Facts:
    with node.store.engine.connect() as connection:
        taxes = connection.execute(
            select(sales.c.created_at, sale_lines.c.net_minor, sale_line_taxes)
            .join(sale_lines, sale_lines.c.sale_id == sales.c.id)
            .join(sale_line_taxes, sale_line_taxes.c.line_id == sale_lines.c.id)
        ).all()
    return [
        (
            {**_periods(t.created_at), Dimension.RATE: f"{t.rate_code}:{t.rate_ppm}"},
            {"lines": 1, "base_minor": t.net_minor, "tax_minor": t.tax_minor},
        )
        for t in taxes
    ]


def _tender_facts(node: Node) -> Facts:
    with node.store.engine.connect() as connection:
        tenders = connection.execute(
            select(sales.c.created_at, sale_tenders).join(
                sales, sales.c.id == sale_tenders.c.sale_id
            )
        ).all()
    return [
        (
            {**_periods(t.created_at), Dimension.TENDER: t.kind},
            {
                "payments": 1,
                "paid_minor": max(t.amount_minor, 0),
                "paid_back_minor": min(t.amount_minor, 0),
                "amount_minor": t.amount_minor,
            },
        )
        for t in tenders
    ]


def _discount_facts(node: Node) -> Facts:
    """Each line sold below its list price (or with a price note): worked out here from the
    line, half away from zero as line amounts are rounded."""
    with node.store.engine.connect() as connection:
        lines = connection.execute(
            select(sales.c.created_at, sale_lines).join(sales, sales.c.id == sale_lines.c.sale_id)
        ).all()
    facts: Facts = []
    for line in lines:
        exact = Decimal(line.list_price_minor * line.quantity_milli) / 1000
        listed = int(exact.quantize(Decimal(1), ROUND_HALF_UP))
        discounts = line.line_discount_minor + line.basket_discount_minor
        if listed == line.amount_minor and not line.price_note:
            continue
        reason = line.price_note or (
            "Cashier's discount"
            if line.line_discount_minor
            else "Basket discount"
            if line.basket_discount_minor
            else "Below list price"
        )
        sums = {
            "lines": 1,
            "quantity_milli": line.quantity_milli,
            "list_minor": listed,
            "price_off_minor": listed - line.amount_minor - discounts,
            "line_discount_minor": line.line_discount_minor,
            "basket_discount_minor": line.basket_discount_minor,
            "given_minor": listed - line.amount_minor,
            "amount_minor": line.amount_minor,
        }
        facts.append(({**_periods(line.created_at), Dimension.REASON: reason}, sums))
    return facts


_FACTS = {
    Source.PRODUCTS: _product_facts,
    Source.TILLS: _till_facts,
    Source.CUSTOMERS: _till_facts,
    Source.TAXES: _tax_facts,
    Source.TENDERS: _tender_facts,
    Source.DISCOUNTS: _discount_facts,
}
SUMMARISED = sorted(name for name, report in CATALOGUE.items() if not report.source.is_ledger)


def _expected(
    report: ReportDefinition, facts: Facts, first: date, last: date
) -> dict[str, dict[str, int]]:
    """The report's rows worked out from the facts of the days asked for: key → column sums."""
    rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for names, sums in facts:
        if first.isoformat() <= names[Dimension.DAY] <= last.isoformat():
            row = rows[names[report.dimension]]
            for column, value in sums.items():
                row[column] += value
    return rows


def _summed(report: ReportDefinition) -> list[tuple[str, str]]:
    return [(m.name, m.column) for m in report.measures if m.column is not None]


@pytest.mark.parametrize("span", sorted(SPANS))
@pytest.mark.parametrize("name", SUMMARISED)
def test_every_report_adds_up_to_the_documents_by_local_day(
    traded: Node, name: str, span: str
) -> None:
    trading = traded
    reports = bootstrap.reporting.NodeReports(trading)
    report = CATALOGUE[name]
    first, last = SPANS[span]
    first_page = reports.open(name, first, last, limit=7)
    facts = _FACTS[report.source](trading)
    expected = _expected(report, facts, first, last)
    rows = list(reporting.every_row(reports, first_page))

    assert first_page.row_count == len(rows) == len({row.key for row in rows})
    assert {row.key for row in rows} == {
        key for key, sums in expected.items() if any(sums.values())
    }
    for row in rows:
        for measure, column in _summed(report):
            assert row.values[measure] == expected[row.key][column], (row.label, measure)
    for measure, column in _summed(report):
        everything = sum(sums[column] for sums in expected.values())
        assert first_page.total.values[measure] == everything, measure
    if report.source is Source.PRODUCTS:
        total = first_page.total.values
        assert total["margin"] == total["net"] - total["cost"]  # type: ignore[operator]
        assert total["cost"] != 0
        assert not first_page.cost_pending


def test_folding_again_changes_nothing_and_a_later_sale_is_in_the_next_report(
    trading: Node,
) -> None:
    reports = bootstrap.reporting.NodeReports(trading)
    before = reports.open("sales-by-day", FIRST, LAST)
    again = reports.open("sales-by-day", FIRST, LAST)
    assert again.rows == before.rows
    assert again.total == before.total

    simulator = bootstrap.demo.simulator(trading, seed=5)
    trading.clock.now_at = datetime(2026, 3, 5, 16, tzinfo=UTC)  # type: ignore[attr-defined]
    while simulator.sell_one() == 0:
        pass
    after = reports.open("sales-by-day", FIRST, LAST)
    assert after.total.values["net"] > before.total.values["net"]  # type: ignore[operator]


def test_a_sale_late_in_the_evening_belongs_to_its_local_day(trading: Node) -> None:
    reports = bootstrap.reporting.NodeReports(trading)
    hours = reports.open("sales-by-hour", date(2026, 2, 28), date(2026, 2, 28))
    by_day = reports.open("sales-by-day", date(2026, 3, 1), date(2026, 3, 1))
    simulator = bootstrap.demo.simulator(trading, seed=6)
    trading.clock.now_at = datetime(2026, 3, 2, 2, 30, tzinfo=UTC)  # type: ignore[attr-defined]
    while simulator.sell_one() == 0:
        pass  # 21:30 on 1 March in New York, though 2 March in UTC

    later = reports.open("sales-by-day", date(2026, 3, 1), date(2026, 3, 1))
    assert later.total.values["net"] > by_day.total.values["net"]  # type: ignore[operator]
    assert reports.open("sales-by-hour", date(2026, 2, 28), date(2026, 2, 28)).total == hours.total


def test_reports_are_for_those_who_may_see_them_and_a_wrong_request_is_named(
    trading: Node,
) -> None:
    reports = bootstrap.reporting.NodeReports(trading)
    role = "cashier"
    trading.actor = Actor(uuid.uuid4(), "Cass", role, frozenset(BUILT_IN_ROLES[role][1]))
    with pytest.raises(NotPermitted, match="may not see reports"):
        reports.open("sales-by-day", FIRST, LAST)
    trading.actor = None

    refusals: list[tuple[Callable[[], object], str]] = [
        (lambda: reports.open("sales-by-planet", FIRST, LAST), "sales-by-day"),
        (lambda: reports.open("sales-by-day", LAST, FIRST), "before the first day"),
        (lambda: reports.open("sales-by-day", date(2000, 1, 1), LAST), "ten years"),
    ]
    for attempt, words in refusals:
        with pytest.raises(FieldError, match=words):
            attempt()


def test_posapp_check_finds_a_summary_that_drifted_from_the_documents(trading: Node) -> None:
    from posapp.db.integrity import run_checks

    def summary_check() -> list[str]:
        found = [r for r in run_checks(trading.store.path) if r.name.startswith("report summar")]
        return list(found[0].problems)

    bootstrap.reporting.NodeReports(trading).fold()
    simulator = bootstrap.demo.simulator(trading, seed=7)
    while simulator.sell_one() == 0:  # recorded, not yet folded: the check knows the difference
        pass
    assert summary_check() == []
    with trading.store.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE sales_month_products SET cost_minor = cost_minor + 1 "
                "WHERE month = (SELECT min(month) FROM sales_month_products)"
            )
        )
    assert summary_check() == [
        "sales_month_products holds cost_minor "
        f"{_held(trading)[0]:,} but the documents folded into it hold {_held(trading)[1]:,}"
    ]


def test_posapp_check_finds_discounts_that_drifted_from_the_lines(traded: Node) -> None:
    from posapp.db.integrity import run_checks

    def discount_check() -> list[str]:
        found = [r for r in run_checks(traded.store.path) if r.name.startswith("discounts given")]
        return list(found[0].problems)

    bootstrap.reporting.NodeReports(traded).fold()
    assert discount_check() == []
    with traded.store.engine.begin() as connection:
        held = connection.execute(text("SELECT sum(lines) FROM sales_day_discounts")).scalar_one()
        assert held > 0
        connection.execute(
            text(
                "UPDATE sales_day_discounts SET lines = lines + 1 "
                "WHERE day = (SELECT min(day) FROM sales_day_discounts)"
            )
        )
    try:
        assert discount_check() == [
            f"sales_day_discounts holds lines {held + 1:,} but the lines folded into it hold "
            f"{held:,}"
        ]
    finally:
        with traded.store.engine.begin() as connection:
            connection.execute(
                text(
                    "UPDATE sales_day_discounts SET lines = lines - 1 "
                    "WHERE day = (SELECT min(day) FROM sales_day_discounts)"
                )
            )


def test_a_node_upgraded_to_the_discounts_summary_folds_its_past_sales_into_it(
    traded: Node,
) -> None:
    """Migration 0030 adds the summary empty, with no cursor of its own: the next fold brings
    in every sale the other summaries already hold, once."""
    reports = bootstrap.reporting.NodeReports(traded)
    reports.fold()
    query = text("SELECT * FROM sales_day_discounts ORDER BY day, reason")
    with traded.store.engine.begin() as connection:
        before = connection.execute(query).all()
        connection.execute(text("DELETE FROM sales_day_discounts"))
        connection.execute(text("DELETE FROM report_cursors WHERE name = 'discounts'"))
    reports.fold()
    reports.fold()
    with traded.store.engine.connect() as connection:
        assert connection.execute(query).all() == before != []


def test_migration_0031_fills_the_weekly_summary_from_the_daily_one(traded: Node) -> None:
    """Upgraded, a node's weeks hold what its days held: as if it had folded them all along."""
    from alembic import command

    from posapp.db import migrate
    from posapp.db.engine import write_connection

    bootstrap.reporting.NodeReports(traded).fold()
    query = text("SELECT * FROM sales_week_products ORDER BY 1, 2, 3, 4")
    with traded.store.engine.connect() as connection:
        folded = connection.execute(query).all()
    config = migrate.alembic_config()
    with write_connection(traded.store.engine) as connection, connection.begin():
        config.attributes["connection"] = connection
        command.downgrade(config, "0030")
    migrate.upgrade(traded.store.engine)
    with traded.store.engine.connect() as connection:
        assert connection.execute(query).all() == folded != []


def _held(node: Node) -> tuple[int, int]:
    with node.store.engine.connect() as connection:
        month = connection.execute(text("SELECT sum(cost_minor) FROM sales_month_products"))
        day = connection.execute(text("SELECT sum(cost_minor) FROM sales_days"))
        return int(month.scalar_one()), int(day.scalar_one())


def test_a_customers_sales_on_account_are_theirs_in_the_report_by_customer(
    demo_node: Node,
) -> None:
    from tests.integration.test_customer_accounts import ACME, save, sell_on_account

    acme = save(demo_node, ACME)
    sell_on_account(demo_node, acme, 40_00)
    sell_on_account(demo_node, acme, 25_50)
    bootstrap.demo.simulator(demo_node, seed=3).run(5)  # walk-in customers beside them
    reports = bootstrap.reporting.NodeReports(demo_node)
    today = reports.today()
    rows = {row.label: row.values for row in reports.open("sales-by-customer", today, today).rows}
    assert rows["C001 Acme Ltd"]["sales"] == 2
    assert rows["C001 Acme Ltd"]["gross"] == 65_50
    assert rows["(no customer)"]["sales"] == 5


@pytest.mark.parametrize(
    "name", ["sales-by-cashier", "sales-by-hour", "sales-by-weekday", "transactions-by-day"]
)
def test_the_documents_behind_a_row_add_up_to_it(traded: Node, name: str) -> None:
    trading = traded
    reports = bootstrap.reporting.NodeReports(trading)
    page = reports.open(name, FIRST, LAST)
    for row in page.rows:
        found = reports.drill_down(name, row.key, FIRST, LAST)
        assert len(found) == row.values["sales"] + row.values["returns"]  # type: ignore[operator]
        assert sum(d.total_minor for d in found) == row.values["gross"], (name, row.label)
        assert all(FIRST <= d.at.date() <= LAST for d in found)


def test_the_documents_behind_a_product_are_those_with_a_line_of_it(traded: Node) -> None:
    trading = traded
    reports = bootstrap.reporting.NodeReports(trading)
    top = reports.open("sales-by-product", FIRST, LAST).rows[0]
    found = {d.number for d in reports.drill_down("sales-by-product", top.key, FIRST, LAST)}
    with trading.store.engine.connect() as connection:
        rows = connection.execute(
            select(sales.c.number, sales.c.created_at)
            .join(sale_lines, sale_lines.c.sale_id == sales.c.id)
            .where(sale_lines.c.product_id == uuid.UUID(top.key))
        ).all()
    expected = {number for number, at in rows if FIRST <= _local(at).date() <= LAST}
    assert found == expected
    assert len(found) >= 2  # the best seller of a week sells more than once


def test_the_documents_behind_a_category_and_a_tender(traded: Node) -> None:
    trading = traded
    reports = bootstrap.reporting.NodeReports(trading)
    facts = _product_facts(trading)
    category = reports.open("sales-by-category", FIRST, LAST).rows[0]
    with trading.store.engine.connect() as connection:
        lines = connection.execute(
            select(sales.c.number, sales.c.created_at, sale_lines.c.product_id).join(
                sale_lines, sale_lines.c.sale_id == sales.c.id
            )
        ).all()
        paid = connection.execute(
            select(sales.c.number, sales.c.created_at, sale_tenders.c.kind).join(
                sale_tenders, sale_tenders.c.sale_id == sales.c.id
            )
        ).all()
    in_category = {
        names[Dimension.PRODUCT] for names, _ in facts if names[Dimension.CATEGORY] == category.key
    }
    expected = {
        number
        for number, at, product in lines
        if str(product) in in_category and FIRST <= _local(at).date() <= LAST
    }
    found = reports.drill_down("sales-by-category", category.key, FIRST, LAST)
    assert {d.number for d in found} == expected

    cash = {n for n, at, kind in paid if kind == "cash" and FIRST <= _local(at).date() <= LAST}
    assert {d.number for d in reports.drill_down("tenders", "cash", FIRST, LAST)} == cash


def test_a_page_past_the_last_row_is_empty_and_still_counts_them(traded: Node) -> None:
    reports = bootstrap.reporting.NodeReports(traded)
    first = reports.open("sales-by-product", FIRST, LAST, limit=5)
    past = reports.open("sales-by-product", FIRST, LAST, offset=first.row_count + 10, limit=5)
    assert past.rows == ()
    assert past.row_count == first.row_count > 5
    assert past.total == first.total
