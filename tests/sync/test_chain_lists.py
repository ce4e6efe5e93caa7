"""Head office's chain-wide lists over real HTTP, read by the back office's own client: the
documents behind a report's row, the span's documents page by page, each product's stock in
every store and the flags — each checked against head office's documents and movements, and
each over the stores the reader may see."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime

import pytest

from posapp.domain.discounts_given import given
from sync.client.office import OfficeClient, OfficeRefused
from sync.server.catalogue import category_id
from tests.head_office import PASSWORD, HeadOfficeUnderTest
from tests.sync.traded_chain import FIRST, LAST, shelf


def _client(office: HeadOfficeUnderTest, username: str = "maria") -> OfficeClient:
    client = OfficeClient(office.url)
    client.sign_in(username, PASSWORD)
    return client


def _in_span(at: datetime) -> bool:
    return FIRST <= at.astimezone(UTC).date() <= LAST  # the chain's stores count days in UTC


def _documents(office: HeadOfficeUnderTest) -> dict[str, tuple[int, dict[str, object]]]:
    """Each document of the span: its total, and the document as its till sent it."""
    return {
        document["number"]: (document["total"], document)
        for (payload,) in office.rows(
            "SELECT payload FROM events WHERE kind IN ('sale.completed', 'return.completed')"
        )
        if _in_span(datetime.fromisoformat((document := json.loads(payload))["created_at"]))
    }


def test_the_documents_behind_the_rows_of_a_report_are_the_spans_each_once(
    chain: HeadOfficeUnderTest,
) -> None:
    client = _client(chain)
    documents = _documents(chain)
    for name in (
        "sales-by-day",
        "sales-by-store",
        "sales-by-terminal",
        "sales-by-cashier",
        "sales-by-customer",
        "sales-by-hour",
        "sales-by-weekday",
    ):
        page = client.page(name, FIRST, LAST, limit=1000)
        seen: list[str] = []
        for row in page.rows:
            behind = client.behind_a_row(name, row.key, FIRST, LAST)
            assert not behind.more
            numbers = [document.number for document in behind.rows]
            seen += numbers
            if "sales" in row.values:  # counted by document: the row is its documents
                assert len(numbers) == row.values["sales"] + row.values["returns"], row.label
                totals = sum(document.total_minor for document in behind.rows)
                assert totals == row.values["gross"], (name, row.label)
            at = [document.at for document in behind.rows]
            assert at == sorted(at, reverse=True)  # newest first
        assert sorted(seen) == sorted(documents), name
    shifts = client.page("cash-by-shift", FIRST, LAST).rows
    behind_shifts = [client.behind_a_row("cash-by-shift", row.key, FIRST, LAST) for row in shifts]
    for row, behind in zip(shifts, behind_shifts, strict=True):
        till = row.key.rpartition(" Z")[0].replace(" ", "-")  # "S01 T02" sells "S01-T02-…"
        assert all(document.number.startswith(till + "-") for document in behind.rows)
    assert any(behind.rows for behind in behind_shifts)


def _lines_holding(
    documents: dict[str, tuple[int, dict[str, object]]], name: str
) -> dict[str, set[str]]:
    """Which documents each row of `name` counts, worked out from the documents as sent."""
    holding: dict[str, set[str]] = defaultdict(set)
    for number, (_, document) in documents.items():
        if name == "tenders":
            for tender in document["tenders"]:  # type: ignore[attr-defined]
                holding[tender["kind"]].add(number)
            continue
        for line in document["lines"]:  # type: ignore[attr-defined]
            if name == "sales-by-product":
                holding[line["product_id"]].add(number)
            elif name == "sales-by-category":
                category = shelf(line["sku"])[0]
                holding[category and str(category_id([category]))].add(number)
            elif name == "tax-by-rate":
                for code, ppm, _ in line["taxes"]:
                    holding[f"{code}:{ppm}"].add(number)
            else:
                found = given(
                    list_price_minor=line["list_price"],
                    quantity_milli=line["quantity_milli"],
                    amount_minor=line["amount"],
                    line_discount_minor=line["line_discount"],
                    basket_discount_minor=line["basket_discount"],
                    price_note=line.get("price_note"),
                )
                if found is not None:
                    holding[found.reason].add(number)
    return holding


def test_the_documents_behind_a_row_are_those_holding_its_product_tender_rate_or_reason(
    chain: HeadOfficeUnderTest,
) -> None:
    client = _client(chain)
    documents = _documents(chain)
    for name in ("sales-by-product", "sales-by-category", "tenders", "tax-by-rate", "discounts"):
        holding = _lines_holding(documents, name)
        page = client.page(name, FIRST, LAST, limit=1000)
        assert page.rows
        for row in page.rows[:6]:
            behind = client.behind_a_row(name, row.key, FIRST, LAST)
            numbers = {document.number for document in behind.rows}
            assert numbers == holding[row.key], (name, row.label)
    # a supplier's or a place's row has no sales behind it, at head office as at a store
    for name in ("purchases-by-supplier", "stock-value"):
        with pytest.raises(OfficeRefused, match="has no sales or returns behind its rows"):
            client.behind_a_row(name, "x", FIRST, LAST)


def test_the_spans_documents_page_by_page_newest_first(chain: HeadOfficeUnderTest) -> None:
    client = _client(chain)
    listed = []
    offset = 0
    while True:
        page = client.documents(FIRST, LAST, offset=offset, limit=25)
        listed += page.rows
        offset += 25
        if not page.more:
            break
    assert sorted(document.number for document in listed) == sorted(_documents(chain))
    assert [d.at for d in listed] == sorted((d.at for d in listed), reverse=True)
    assert {d.store for d in listed} == {"S01", "S02"}


def test_each_products_stock_in_every_store_is_what_its_movements_add_up_to(
    chain: HeadOfficeUnderTest,
) -> None:
    moved: dict[str, dict[str, int]] = defaultdict(dict)
    for product, store, quantity in chain.rows(
        "SELECT product_id, store_code, sum(quantity_milli) FROM stock_movements "
        "GROUP BY product_id, store_code"
    ):
        moved[str(product)][store] = int(quantity)
    client = _client(chain)
    listed = []
    while len(listed) < (page := client.stock(offset=len(listed), limit=60)).row_count:
        listed += page.rows
    assert {row.product_id: row.stores for row in listed} == moved
    assert all(row.total_milli == sum(row.stores.values()) for row in listed)
    assert [row.sku for row in listed] == sorted(row.sku for row in listed)
    wanted = listed[7]
    found = client.stock(wanted.sku).rows
    assert [row.product_id for row in found] == [wanted.product_id]
    assert client.stock("no product is called this").rows == []


def test_the_flags_of_the_stores_a_person_may_see(chain: HeadOfficeUnderTest) -> None:
    chain.add_person("sam", role="manager", store="S01")
    with chain.engine.begin() as connection:
        from sqlalchemy import text

        for store, problem, resolved in (
            ("S01", "a return of sale X that head office has not received", None),
            ("S02", "products head office does not know: ZZ-1", None),
            ("S01", "receipt number sent twice", datetime(2026, 5, 2, tzinfo=UTC)),
        ):
            connection.execute(
                text(
                    "INSERT INTO review_flags (event_id, node_id, problem, flagged_at, "
                    "resolved_at) SELECT gen_random_uuid(), id, :problem, now(), :resolved "
                    "FROM nodes WHERE store_code = :store LIMIT 1"
                ),
                {"store": store, "problem": problem, "resolved": resolved},
            )
    everyone = _client(chain).flags()
    assert {(flag.store, flag.problem[:20]) for flag in everyone.rows} == {
        ("S01", "a return of sale X t"),
        ("S02", "products head office"),
    }
    assert _client(chain).flags(open_only=False).row_count == 3
    own = _client(chain, "sam").flags(open_only=False)
    assert {flag.store for flag in own.rows} == {"S01"}
    assert own.row_count == 2
    with pytest.raises(OfficeRefused, match="may not see the reports of store S02"):
        _client(chain, "sam")._call("GET", "/office/v1/flags", params={"store": "S02"})
