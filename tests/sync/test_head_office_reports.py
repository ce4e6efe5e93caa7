"""The catalogue's reports at head office, on PostgreSQL: three tills of two stores trade over
several days and sync; every report head office keeps adds up — row by row and in total, for
the chain and for one store — to sums worked out here from the documents head office holds."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text

from posapp.bootstrap.demo import simulator
from posapp.bootstrap.node import Node
from posapp.db.tables.reporting import DISCOUNT_SUMS, NOTHING
from posapp.domain.discounts_given import given
from posapp.domain.reporting import CATALOGUE, Dimension, ReportDefinition, Source, week_of
from posapp.domain.stock_classes import aged
from sync.client.engine import SyncEngine
from sync.server.catalogue import brand_id, category_id
from sync.server.migrate import upgrade
from sync.server.report_sources import BY_DAY
from sync.server.reports import head_office_report
from tests.head_office import HeadOfficeUnderTest
from tests.sync.traded_chain import FIRST, LAST, Clock, shelf

Facts = list[tuple[dict[Dimension, str], dict[str, int]]]


def _periods(at: datetime, store: str) -> dict[Dimension, str]:
    day = at.astimezone(UTC).date()
    return {
        Dimension.DAY: day.isoformat(),
        Dimension.WEEK: week_of(day).isoformat(),
        Dimension.MONTH: day.replace(day=1).isoformat(),
        Dimension.REGION: "",
        Dimension.STORE: store,
        Dimension.TERMINAL: "",  # replaced below where a report has it
        "store": store,  # type: ignore[dict-item]
    }


def _facts(head_office: HeadOfficeUnderTest, source: Source) -> Facts:
    facts: Facts = []
    if source is Source.PRODUCTS:
        for at, store, product, sku, quantity, amount, discount, tax in head_office.rows(
            "SELECT s.created_at, s.store_code, l.product_id, l.sku, l.quantity_milli, "
            "l.amount_minor, l.discount_minor, l.tax_minor FROM sales s "
            "JOIN sale_lines l ON l.sale_id = s.id"
        ):
            category, brand = shelf(sku)
            names = {
                **_periods(at, store),
                Dimension.PRODUCT: str(product),
                Dimension.CATEGORY: category and str(category_id([category])),
                Dimension.BRAND: brand and str(brand_id(brand)),
            }
            facts.append(
                (
                    names,
                    {
                        "quantity_milli": quantity,
                        "amount_minor": amount,
                        "discount_minor": discount,
                        "net_minor": amount - tax,
                        "tax_minor": tax,
                        "returned_minor": amount if quantity < 0 else 0,
                        "cost_minor": 0,
                        "costed_milli": 0,
                    },
                )
            )
    elif source is Source.TILLS:
        for at, store, kind, cashier, terminal, total, discount, tax in head_office.rows(
            "SELECT created_at, store_code, kind, cashier_id, terminal_code, total_minor, "
            "discount_minor, tax_minor FROM sales"
        ):
            local = at.astimezone(UTC)
            names = {
                **_periods(at, store),
                Dimension.HOUR: str(local.hour),
                Dimension.WEEKDAY: str(local.isoweekday()),
                Dimension.CASHIER: str(cashier),
                Dimension.TERMINAL: f"{store} {terminal}",
            }
            is_return = kind == "RETURN"
            facts.append(
                (
                    names,
                    {
                        "sales": 0 if is_return else 1,
                        "returns": 1 if is_return else 0,
                        "total_minor": total,
                        "discount_minor": discount,
                        "net_minor": total - tax,
                        "returned_minor": total if is_return else 0,
                    },
                )
            )
    elif source is Source.TENDERS:
        for at, store, kind, amount in head_office.rows(
            "SELECT s.created_at, s.store_code, t.kind, t.amount_minor FROM sales s "
            "JOIN sale_tenders t ON t.sale_id = s.id"
        ):
            facts.append(
                (
                    {**_periods(at, store), Dimension.TENDER: kind},
                    {
                        "payments": 1,
                        "paid_minor": max(amount, 0),
                        "paid_back_minor": min(amount, 0),
                        "amount_minor": amount,
                    },
                )
            )
    elif source is Source.SHIFTS:
        facts = _drawers(head_office)
    else:
        facts = _from_payloads(head_office, source)
    return facts


def _drawers(head_office: HeadOfficeUnderTest) -> Facts:
    """Each Z report the tills sent, as printed: by its shift, on the day it closed."""
    facts: Facts = []
    for store, terminal, z in head_office.rows(
        "SELECT store_code, terminal_code, payload FROM journal WHERE kind = 'z_report'"
    ):
        cash = z["cash"]
        names = {
            **_periods(datetime.fromisoformat(z["at"]), store),
            Dimension.SHIFT: f"{store} {terminal} Z{z['z_number']}",
        }
        sums = {
            "shifts": 1,
            "float": cash["float"],
            "cash_taken": cash["tendered"] + cash.get("account_payments", 0),
            "paid_in": cash["cash_in"],
            "paid_out": -cash["cash_out"],
            "drops": -cash["drops"],
            "expected": cash["expected"],
            "counted": cash["counted"],
            "over_short": cash["over_short"],
        }
        facts.append((names, sums))
    return facts


def _from_payloads(head_office: HeadOfficeUnderTest, source: Source) -> Facts:
    """Taxes by rate, customers and discounts given, from the documents as the tills sent them
    (the events' payloads), what was given worked out by the domain's own rule."""
    facts: Facts = []
    for store, payload in head_office.rows(
        "SELECT n.store_code, e.payload FROM events e JOIN nodes n ON n.id = e.node_id "
        "WHERE e.kind IN ('sale.completed', 'return.completed')"
    ):
        document = json.loads(payload)
        periods = _periods(datetime.fromisoformat(document["created_at"]), store)
        if source is Source.CUSTOMERS:
            is_return = document["kind"] == "RETURN"
            total, tax = document["total"], document["tax"]
            customer = document.get("customer_id") or ""  # walk-ins: the nothing-id
            sums = {
                "sales": 0 if is_return else 1,
                "returns": 1 if is_return else 0,
                "total_minor": total,
                "discount_minor": document["discount"],
                "net_minor": total - tax,
                "returned_minor": total if is_return else 0,
            }
            facts.append(({**periods, Dimension.CUSTOMER: customer}, sums))
            continue
        for line in document["lines"]:
            if source is Source.TAXES:
                for code, ppm, tax in line["taxes"]:
                    sums = {"lines": 1, "base_minor": line["net"], "tax_minor": tax}
                    facts.append(({**periods, Dimension.RATE: f"{code}:{ppm}"}, sums))
                continue
            found = given(
                list_price_minor=line["list_price"],
                quantity_milli=line["quantity_milli"],
                amount_minor=line["amount"],
                line_discount_minor=line["line_discount"],
                basket_discount_minor=line["basket_discount"],
                price_note=line.get("price_note"),
            )
            if found is not None:
                sums = dict(zip(DISCOUNT_SUMS, found.sums, strict=True))
                facts.append(({**periods, Dimension.REASON: found.reason}, sums))
    return facts


def _expected(
    report: ReportDefinition, facts: Facts, stores: tuple[str, ...] | None
) -> dict[str, dict[str, int]]:
    rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for names, sums in facts:
        in_stores = stores is None or names["store"] in stores  # type: ignore[index]
        if in_stores and FIRST.isoformat() <= names[Dimension.DAY] <= LAST.isoformat():
            for column, value in sums.items():
                rows[names[report.dimension]][column] += value
    return rows


@pytest.mark.parametrize("stores", [None, ("S01",)], ids=["the chain", "one store"])
def test_every_report_head_office_keeps_adds_up_to_its_documents(
    chain: HeadOfficeUnderTest, stores: tuple[str, ...] | None
) -> None:
    engine = create_engine(chain.database_url)
    # the summaries, and the Z reports; the stock reports have tests of their own below (they
    # follow the movements and costing, not the documents alone)
    summed = {*BY_DAY, Source.SHIFTS}
    kept = [r for r in CATALOGUE.values() if r.source in summed]
    assert {Source.TAXES, Source.CUSTOMERS, Source.DISCOUNTS} <= summed
    try:
        for report in kept:
            page = head_office_report(engine, report.name, FIRST, LAST, stores=stores, limit=10_000)
            expected = _expected(report, _facts(chain, report.source), stores)
            keys = {"" if k == str(NOTHING) else k for k in expected if any(expected[k].values())}
            assert {row.key for row in page.rows} == keys, report.name
            assert page.row_count == len(page.rows)
            summed = [(m.name, m.column) for m in report.measures if m.column is not None]
            for row in page.rows:
                for measure, column in summed:
                    assert row.values[measure] == expected[row.key][column], (
                        report.name,
                        row.label,
                    )
            for measure, column in summed:
                whole = sum(sums[column] for sums in expected.values())
                assert page.total.values[measure] == whole, (report.name, measure)
        for report in CATALOGUE.values():  # every other report opens too
            page = head_office_report(engine, report.name, FIRST, LAST, stores=stores)
            assert page.report is report
    finally:
        engine.dispose()


def test_a_product_is_named_as_its_lines_said_when_the_chain_has_no_record_of_it(
    chain: HeadOfficeUnderTest,
) -> None:
    engine = create_engine(chain.database_url)
    try:
        products = head_office_report(engine, "sales-by-product", FIRST, LAST)
    finally:
        engine.dispose()
    lines = {
        str(product): f"{sku} {name}"
        for product, sku, name in chain.rows("SELECT product_id, sku, name FROM sale_lines")
    }
    assert products.rows
    assert all(row.label == lines[row.key] for row in products.rows)


def test_the_server_command_prints_a_report_for_the_chain_or_a_store(
    chain: HeadOfficeUnderTest, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sync.server.cli import main as server_main

    words = ["--data-dir", str(tmp_path), "report", "--database-url", chain.database_url]
    span = ["--from", FIRST.isoformat(), "--to", LAST.isoformat()]
    assert server_main([*words, "sales-by-terminal", *span]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[0].startswith(f"Sales by terminal, {FIRST} to {LAST} (")
    assert shown[-1].startswith("Total")
    tills = {" ".join(line.split()[:2]) for line in shown[2:-2]}
    assert tills == {"S01 T01", "S01 T02", "S02 T01"}  # a till is its store's
    assert server_main([*words, "sales-by-terminal", *span, "--store", "S02"]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert [" ".join(line.split()[:2]) for line in shown[2:-2]] == ["S02 T01"]
    assert server_main([*words, "purchases-by-supplier", *span]) == 0
    assert capsys.readouterr().out.startswith("Purchases by supplier")
    backwards = ["--from", LAST.isoformat(), "--to", FIRST.isoformat()]
    assert server_main([*words, "sales-by-day", *backwards]) == 1
    assert "is before the first day" in capsys.readouterr().out
    assert server_main([*words, "sales-by-planet", *span]) == 1
    assert "no report is called 'sales-by-planet'" in capsys.readouterr().out


def test_a_stores_days_at_head_office_are_its_own_local_days(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    """A New York store's sale at 22:00 local time (02:00 UTC the next day) is its evening's at
    head office too: the node sends its time zone with every call."""

    node = enrolled("ny", store="S03", terminal="T01")
    with node.store.engine.begin() as connection:
        connection.execute(
            text("UPDATE settings SET value = :zone WHERE key = 'store.time_zone'"),
            {"zone": json.dumps("America/New_York")},
        )
        if not connection.execute(
            text("SELECT 1 FROM settings WHERE key = 'store.time_zone'")
        ).first():
            connection.execute(
                text(
                    "INSERT INTO settings (key, value, updated_at) "
                    "VALUES ('store.time_zone', :zone, '2026-04-01 00:00:00')"
                ),
                {"zone": json.dumps("America/New_York")},
            )
    clock = Clock()
    clock.now_at = datetime(2026, 4, 28, 2, tzinfo=UTC)
    node.clock = clock
    selling = simulator(node, seed=5)
    selling.open_shift_if_needed()
    selling.sell_one()
    SyncEngine(node.store.engine).run_once()
    assert head_office.scalar("SELECT time_zone FROM store_zones WHERE store_code = 'S03'") == (
        "America/New_York"
    )
    page = head_office_report(
        head_office.engine, "sales-by-day", date(2026, 4, 26), date(2026, 4, 29), stores=("S03",)
    )
    assert [row.key for row in page.rows] == ["2026-04-27"]
    hours = head_office_report(
        head_office.engine, "sales-by-hour", date(2026, 4, 27), date(2026, 4, 27), stores=("S03",)
    )
    assert [row.key for row in hours.rows] == ["22"]


def _pages(engine: Engine, names: tuple[str, ...]) -> dict[str, list[tuple[str, object]]]:
    return {
        name: [
            (row.label, row.values)
            for row in head_office_report(engine, name, FIRST, LAST, limit=10_000).rows
        ]
        for name in names
    }


def test_head_office_names_categories_brands_customers_promotions_and_each_tills_z(
    chain: HeadOfficeUnderTest,
) -> None:
    pages = _pages(
        chain.engine,
        (
            "sales-by-customer",
            "discounts",
            "tax-by-rate",
            "sales-by-category",
            "sales-by-brand",
            "cash-by-shift",
        ),
    )
    tills = {" ".join(label.split()[:2]) for label, _ in pages["cash-by-shift"]}
    assert tills == {"S01 T01", "S01 T02", "S02 T01"}  # every till's Z reports, by its store
    categories = {label for label, _ in pages["sales-by-category"]}
    assert categories == {"Aisle 0", "Aisle 1", "Aisle 2", "Aisle 3", "(no category)"}
    brands = {label for label, _ in pages["sales-by-brand"]}
    assert brands == {"Maker 0", "Maker 1", "Maker 2", "(no brand)"}
    customers = {label for label, _ in pages["sales-by-customer"]}
    assert {"C001 Walk-in Café", "C003 Ada Lovelace", "(no customer)"} <= customers
    reasons = {label for label, _ in pages["discounts"]}
    assert "Cashier's discount" in reasons
    offers = ("3 for 2", "Trade price", "This week −10 %")  # the demo's promotions and prices
    assert any(offer in reason for reason in reasons for offer in offers)
    assert len(pages["tax-by-rate"]) == 2  # the demo's two rates


def test_documents_head_office_held_before_0019_are_filled_from_their_payloads(
    chain: HeadOfficeUnderTest,
) -> None:
    """Down to 0018 (the detail dropped, as it was) and up again: the sales' customers, the
    lines' list prices and notes and the documents' taxes come back from the events' payloads,
    and the new summaries fold the documents in once, beside the ones that had them."""
    from alembic import command

    from sync.server.migrate import alembic_config

    names = ("sales-by-customer", "discounts", "tax-by-rate", "sales-by-day")
    before = _pages(chain.engine, names)
    config = alembic_config()
    with chain.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0018")
    assert chain.scalar("SELECT count(*) FROM report_queue") == 0
    upgrade(chain.engine)
    assert chain.scalar("SELECT count(*) FROM report_catch_up") == chain.scalar(
        "SELECT count(*) FROM sales"
    )
    assert _pages(chain.engine, names) == before
    assert chain.scalar("SELECT count(*) FROM report_catch_up") == 0


@pytest.mark.parametrize("stores", [None, ("S01",)], ids=["the chain", "one store"])
def test_the_stock_value_at_head_office_is_what_its_costing_holds(
    chain: HeadOfficeUnderTest, stores: tuple[str, ...] | None
) -> None:
    """As of today nothing moved after the day: the value is the sum of the values costing
    keeps, and the places are the stock levels holding or owing stock."""
    from sync.server.costing import run_costing

    run_costing(chain.engine)
    today = datetime.now(UTC).date()
    page = head_office_report(chain.engine, "stock-value", FIRST, today, stores=stores, limit=50)
    only = "" if stores is None else "WHERE store_code = 'S01'"
    worth = chain.scalar(f"SELECT coalesce(sum(value_minor), 0) FROM product_values {only}")
    assert page.total.values["value"] == int(worth) != 0
    places = chain.scalar(
        "SELECT count(*) FROM stock_levels s JOIN store_locations l USING (location_id) "
        f"WHERE s.on_hand_milli <> 0 {only.replace('WHERE', 'AND')}"
    )
    assert page.row_count == places
    assert len(page.rows) == min(50, places)
    assert all(row.label.split(" @ ")[1][:3] in (stores or ("S01", "S02")) for row in page.rows)


def _moved(chain: HeadOfficeUnderTest, stores: tuple[str, ...] | None) -> list[Any]:
    only = "" if stores is None else "WHERE store_code = 'S01'"
    return chain.rows(
        "SELECT product_id, reason, quantity_milli, coalesce(business_at, created_at) "
        f"FROM stock_movements {only}"
    )


@pytest.mark.parametrize("stores", [None, ("S01",)], ids=["the chain", "one store"])
def test_stock_ageing_dead_stock_and_sell_through_at_head_office_follow_its_movements(
    chain: HeadOfficeUnderTest, stores: tuple[str, ...] | None
) -> None:
    """The goods received are dated before the trading (as a store open a while would have
    them) and dead stock is what has not sold for 5 days: each report's rows are the products
    and quantities worked out here from head office's movements and sale lines."""
    with chain.engine.begin() as connection:
        connection.execute(
            text("UPDATE stock_movements SET business_at = '2026-04-20' WHERE reason = 'RECEIPT'")
        )
        connection.execute(
            text(
                "INSERT INTO master_records (entity, key, payload, change_seq) VALUES "
                "('setting', 'reports.dead_stock_days', '{\"value\": 5}', 0)"
            )
        )
    ends = datetime.combine(LAST + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    starts = datetime.combine(FIRST, datetime.min.time(), tzinfo=UTC)
    held: dict[str, int] = defaultdict(int)
    came: dict[str, datetime] = {}
    received: dict[str, int] = defaultdict(int)
    for product, reason, quantity, at in _moved(chain, stores):
        if at < ends:
            held[str(product)] += quantity
            if reason in ("RECEIPT", "TRANSFER_IN") and quantity > 0:
                came[str(product)] = max(came.get(str(product), at), at)
                if at >= starts:
                    received[str(product)] += quantity
    only = "" if stores is None else "AND s.store_code = 'S01'"
    sold: dict[str, int] = defaultdict(int)
    by_day: dict[tuple[str, date], int] = defaultdict(int)
    for product, quantity, at in chain.rows(
        "SELECT l.product_id, l.quantity_milli, s.created_at FROM sales s "
        f"JOIN sale_lines l ON l.sale_id = s.id WHERE true {only}"
    ):
        day = at.astimezone(UTC).date()
        if FIRST <= day <= LAST:
            sold[str(product)] += quantity
        by_day[str(product), day] += quantity
    last_sold: dict[str, date] = {}  # its last day with more sold than returned, as on a node
    for (product, day), quantity in by_day.items():
        if quantity > 0 and day <= LAST:
            last_sold[product] = max(last_sold.get(product, day), day)

    def page(name: str) -> dict[str, dict[str, object]]:
        found = head_office_report(chain.engine, name, FIRST, LAST, stores=stores, limit=1000)
        assert found.row_count == len(found.rows)
        return {row.key: row.values for row in found.rows}

    kept = {product: quantity for product, quantity in held.items() if quantity > 0}
    ageing = page("stock-ageing")
    assert {k: v["on_hand"] for k, v in ageing.items()} == kept
    since = LAST - timedelta(days=5)
    dead = {
        product: quantity
        for product, quantity in kept.items()
        if last_sold.get(product, since) <= since and came[product].date() <= since
    }
    assert dead, "the test's trading leaves some stock unsold"
    assert {k: v["on_hand"] for k, v in page("dead-stock").items()} == dead
    through = page("sell-through")
    moving = set(sold) | set(received)
    assert set(through) == moving
    for product in moving:
        assert through[product]["sold"] == sold[product]
        assert through[product]["received"] == received[product]
        assert through[product]["on_hand"] == held.get(product, 0)


@pytest.mark.parametrize("stores", [None, ("S01",)], ids=["the chain", "one store"])
def test_stock_ageing_at_head_office_spreads_the_stock_over_the_newest_goods_in(
    chain: HeadOfficeUnderTest, stores: tuple[str, ...] | None
) -> None:
    """The goods received are spread over the last 250 days (by the movement's id): each held
    product's stock by age is what posapp.domain.stock_classes.aged makes of its inflows."""
    with chain.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE stock_movements SET business_at = CAST(:last AS date) "
                "- get_byte(uuid_send(id), 15) * interval '1 day' WHERE reason = 'RECEIPT'"
            ),
            {"last": LAST},
        )
    ends = datetime.combine(LAST + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    held: dict[str, int] = defaultdict(int)
    inflows: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for product, reason, quantity, at in _moved(chain, stores):
        if at < ends:
            held[str(product)] += quantity
            if reason in ("RECEIPT", "TRANSFER_IN") and quantity > 0:
                inflows[str(product)].append((at.astimezone(UTC).date(), quantity))
    expected = {
        product: aged(quantity, sorted(inflows[product], reverse=True), LAST)
        for product, quantity in held.items()
        if quantity > 0
    }
    found = head_office_report(chain.engine, "stock-ageing", FIRST, LAST, stores=stores, limit=1000)
    shown = {row.key: {k: row.values[k] for k in expected[row.key]} for row in found.rows}
    assert shown == expected
    assert len({age for ages in expected.values() for age, q in ages.items() if q}) >= 3


@pytest.mark.parametrize("stores", [None, ("S01",)], ids=["the chain", "one store"])
@pytest.mark.parametrize(
    "span",
    [(FIRST, LAST), (date(2026, 4, 27), date(2026, 5, 10))],
    ids=["days of two weeks", "two whole weeks"],
)
def test_abc_and_xyz_at_head_office_class_the_weekly_demand_of_its_sale_lines(
    chain: HeadOfficeUnderTest, stores: tuple[str, ...] | None, span: tuple[date, date]
) -> None:
    """Each product's weekly quantities and net sales, summed here from the sale lines, classed
    by the domain's rules with the default thresholds: the report's classes and figures."""
    from posapp.domain.stock_classes import abc_classes, variation_of, xyz_class

    first, last = span
    only = "" if stores is None else "AND s.store_code = 'S01'"
    weekly: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    net: dict[str, int] = defaultdict(int)
    for product, quantity, amount, tax, at in chain.rows(
        "SELECT l.product_id, l.quantity_milli, l.amount_minor, l.tax_minor, s.created_at "
        f"FROM sales s JOIN sale_lines l ON l.sale_id = s.id WHERE true {only}"
    ):
        day = at.astimezone(UTC).date()
        if first <= day <= last:
            weekly[str(product)][week_of(day)] += quantity
            net[str(product)] += amount - tax
    weeks = (week_of(last) - week_of(first)).days // 7 + 1
    ranked = abc_classes(list(net.items()), 80, 15)
    page = head_office_report(chain.engine, "abc-xyz", first, last, stores=stores, limit=1000)
    assert {row.key for row in page.rows} == set(net)
    for row in page.rows:
        demand = weekly[row.key]
        spread = variation_of(sum(demand.values()), sum(q * q for q in demand.values()), weeks)
        assert row.values["net"] == net[row.key]
        assert row.values["quantity"] == sum(demand.values())
        assert row.values["abc"] == ranked[row.key].abc
        assert row.values["variation"] == spread
        assert row.values["xyz"] == xyz_class(spread, 50, 100)


@pytest.mark.parametrize("stores", [None, ("S01",)], ids=["the chain", "one store"])
def test_abc_and_xyz_at_head_office_square_a_week_past_a_bigint_exactly(
    chain: HeadOfficeUnderTest, stores: tuple[str, ...] | None
) -> None:
    """A product selling four billion units in a week: its week squared is past a bigint, so
    the sums are worked out again in numeric; the report's quantity and variation are exact."""
    from posapp.domain.stock_classes import variation_of

    first, last = date(2026, 4, 27), date(2026, 5, 10)  # two whole weeks
    head_office_report(chain.engine, "abc-xyz", first, last, stores=stores)  # folded
    table, only = (
        ("chain_week_products", "")
        if stores is None
        else ("sales_week_products", "AND store_code = 'S01'")
    )
    with chain.engine.begin() as connection:
        product = connection.execute(
            text(
                f"SELECT product_id FROM {table} "
                f"WHERE week = :week AND product_id <> :nothing {only} LIMIT 1"
            ),
            {"week": first, "nothing": NOTHING},
        ).scalar_one()
        connection.execute(
            text(
                f"UPDATE {table} SET quantity_milli = quantity_milli + 4000000000000 "
                f"WHERE product_id = :product AND week = :week {only}"
            ),
            {"product": product, "week": first},
        )
    weekly = [
        quantity
        for (quantity,) in chain.rows(
            f"SELECT quantity_milli FROM {table} WHERE product_id = '{product}' "
            f"AND week BETWEEN '{first}' AND '{last}' {only}"
        )
    ]
    assert max(weekly) ** 2 > 2**63
    page = head_office_report(chain.engine, "abc-xyz", first, last, stores=stores, limit=1000)
    (row,) = [row for row in page.rows if row.key == str(product)]
    assert row.values["quantity"] == sum(weekly)
    squares = sum(q * q for q in weekly)
    assert row.values["variation"] == variation_of(sum(weekly), squares, 2)
