"""Head office's back office API over real HTTP on PostgreSQL: a person signs in with their
password and reads reports of the stores their roles let them see — the same pages head office
answers in process, page by page; a node's token, a wrong password, another store, a report
head office does not keep and a wrong span are each refused with a reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import requests

from posapp.bootstrap.demo import simulator
from posapp.bootstrap.node import Node
from posapp.domain.reporting import CATALOGUE
from sync.client.engine import SyncEngine
from sync.protocol import OFFICE_REPORTS_PATH, OFFICE_SESSION_PATH, OFFICE_STOCK_VALUE_PATH
from sync.server.people import grant, revoke_keys
from sync.server.reports import head_office_report
from tests.head_office import PASSWORD, HeadOfficeUnderTest

TODAY = datetime.now(UTC).date()
SPAN = {"from": (TODAY - timedelta(days=2)).isoformat(), "to": TODAY.isoformat()}


@pytest.fixture
def chain(enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest) -> HeadOfficeUnderTest:
    for seed, (name, store) in enumerate([("a", "S01"), ("b", "S02")], start=1):
        node = enrolled(name, store=store, terminal="T01")
        selling = simulator(node, seed=seed)
        selling.open_shift_if_needed()
        for _ in range(12):
            selling.sell_one()
        SyncEngine(node.store.engine).run_once()
    head_office.add_person("olga", role="administrator", store="*")
    head_office.add_person("sam", role="manager", store="S01")
    head_office.add_person("cid", role="cashier", store="S02")
    return head_office


def _session(
    office: HeadOfficeUnderTest, username: str, password: str = PASSWORD
) -> requests.Response:
    return requests.post(
        office.url + OFFICE_SESSION_PATH,
        json={"username": username, "password": password},
        timeout=10,
    )


def _bearer(office: HeadOfficeUnderTest, username: str) -> dict[str, str]:
    answer = _session(office, username)
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def _get(
    office: HeadOfficeUnderTest, path: str, headers: dict[str, str], **params: object
) -> requests.Response:
    return requests.get(office.url + path, headers=headers, params=params, timeout=20)


def test_a_person_reads_the_chains_reports_page_by_page(chain: HeadOfficeUnderTest) -> None:
    session = _session(chain, "olga").json()
    assert session["reporting_stores"] is None  # chain-wide: every store
    assert session["display_name"] == "Olga"
    olga = {"Authorization": f"Bearer {session['token']}"}
    listed = _get(chain, OFFICE_REPORTS_PATH, olga).json()["reports"]
    assert [entry["name"] for entry in listed] == list(CATALOGUE)

    first = _get(chain, f"{OFFICE_REPORTS_PATH}/sales-by-product", olga, limit=5, **SPAN)
    assert first.status_code == 200, first.text
    page = first.json()
    direct = head_office_report(
        chain.engine, "sales-by-product", TODAY - timedelta(days=2), TODAY, limit=1000
    )
    assert page["row_count"] == direct.row_count > 5
    assert [row["key"] for row in page["rows"]] == [row.key for row in direct.rows[:5]]
    assert page["total"]["values"]["net"] == direct.total.values["net"] != 0
    keys = []
    for offset in range(0, page["row_count"], 7):
        more = _get(
            chain, f"{OFFICE_REPORTS_PATH}/sales-by-product", olga, offset=offset, limit=7, **SPAN
        )
        keys += [row["key"] for row in more.json()["rows"]]
    assert keys == [row.key for row in direct.rows]
    margin = page["total"]["values"]["margin_percent"]
    assert margin is None or isinstance(margin, str)  # a percentage travels as text


def test_a_store_manager_sees_their_store_only(chain: HeadOfficeUnderTest) -> None:
    sam = _bearer(chain, "sam")
    own = _get(chain, f"{OFFICE_REPORTS_PATH}/sales-by-day", sam, **SPAN).json()
    assert own["stores"] == ["S01"]
    alone = head_office_report(
        chain.engine, "sales-by-day", TODAY - timedelta(days=2), TODAY, stores=("S01",)
    )
    assert own["total"]["values"]["net"] == alone.total.values["net"]
    other = _get(chain, f"{OFFICE_REPORTS_PATH}/sales-by-day", sam, store="S02", **SPAN)
    assert (other.status_code, other.json()["detail"]) == (
        403,
        "sam may not see the reports of store S02",
    )
    cashier = _bearer(chain, "cid")  # signs in, but a cashier's role sees no reports
    refused = _get(chain, f"{OFFICE_REPORTS_PATH}/sales-by-day", cashier, **SPAN)
    assert (refused.status_code, refused.json()["detail"]) == (
        403,
        "cid may see no store's reports",
    )


def test_what_is_refused_says_why(chain: HeadOfficeUnderTest) -> None:
    assert _session(chain, "olga", "wrong").status_code == 403
    olga = _bearer(chain, "olga")
    answers = {
        "no token": _get(chain, OFFICE_REPORTS_PATH, {}),
        "a node's token": _get(chain, OFFICE_REPORTS_PATH, {"Authorization": "Bearer " + "x" * 40}),
        "backwards": _get(
            chain,
            f"{OFFICE_REPORTS_PATH}/sales-by-day",
            olga,
            **{"from": SPAN["to"], "to": SPAN["from"]},
        ),
        "unknown": _get(chain, f"{OFFICE_REPORTS_PATH}/sales-by-moon", olga, **SPAN),
        "too many": _get(chain, f"{OFFICE_REPORTS_PATH}/sales-by-day", olga, limit=5000, **SPAN),
    }
    status = {why: answer.status_code for why, answer in answers.items()}
    assert status == {
        "no token": 401,
        "a node's token": 401,
        "backwards": 400,
        "unknown": 400,
        "too many": 422,
    }
    assert "is before the first day" in answers["backwards"].json()["detail"]
    assert "no report is called 'sales-by-moon'" in answers["unknown"].json()["detail"]


def test_revoking_a_persons_keys_or_their_grant_ends_what_they_see(
    chain: HeadOfficeUnderTest,
) -> None:
    sam = _bearer(chain, "sam")
    assert _get(chain, OFFICE_REPORTS_PATH, sam).status_code == 200
    revoke_keys(chain.engine, username="sam")
    assert _get(chain, OFFICE_REPORTS_PATH, sam).status_code == 401
    sam = _bearer(chain, "sam")
    grant(chain.engine, username="sam", store="S01", role=None, now=datetime.now(UTC))
    refused = _get(chain, f"{OFFICE_REPORTS_PATH}/sales-by-day", sam, **SPAN)
    assert refused.status_code == 403


def test_the_back_office_api_is_in_the_openapi_schema(chain: HeadOfficeUnderTest) -> None:
    schema = requests.get(chain.url + "/openapi.json", timeout=10).json()
    paths = schema["paths"]
    assert OFFICE_SESSION_PATH in paths
    page = paths[OFFICE_REPORTS_PATH + "/{name}"]["get"]
    assert {p["name"] for p in page["parameters"]} >= {"from", "to", "store", "offset", "limit"}
    assert "Page" in schema["components"]["schemas"]


def test_the_stock_value_now_is_what_costing_holds_of_the_stores_one_may_see(
    chain: HeadOfficeUnderTest, enrolled: Callable[..., Node]
) -> None:
    import uuid

    from sqlalchemy import text

    from posapp.bootstrap import stock
    from posapp.domain.actors import Actor
    from posapp.domain.permissions import BUILT_IN_ROLES
    from posapp.services.stock import DraftHeader, DraftLine
    from sync.server.costing import run_costing

    for store, units in (("S01", 10), ("S02", 3)):  # goods in at each store's back office
        office = enrolled(f"office-{store}", store=store, terminal="BO")
        manager = frozenset(BUILT_IN_ROLES["manager"][1])
        office.actor = Actor(uuid.uuid4(), "Meg", "manager", manager)
        with office.store.engine.connect() as connection:
            sku = connection.execute(text("SELECT sku FROM products LIMIT 1")).scalar_one()
        stock.receive(office, DraftHeader(), [DraftLine(sku, units * 1000, 2_50)])
        SyncEngine(office.store.engine).run_once()
    run_costing(chain.engine)
    worth = {
        store: int(
            chain.scalar(
                "SELECT coalesce(sum(value_minor), 0) FROM product_values WHERE store_code = :s",
                s=store,
            )
        )
        for store in ("S01", "S02")
    }
    assert worth["S01"] != 0 != worth["S02"]
    olga = _get(chain, OFFICE_STOCK_VALUE_PATH, _bearer(chain, "olga")).json()
    assert olga == {"value_minor": worth["S01"] + worth["S02"], "stores": None}
    sam = _bearer(chain, "sam")
    assert _get(chain, OFFICE_STOCK_VALUE_PATH, sam).json()["value_minor"] == worth["S01"]
    refused = _get(chain, OFFICE_STOCK_VALUE_PATH, sam, store="S02")
    assert refused.status_code == 403
