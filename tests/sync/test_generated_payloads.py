"""Generated hostile payloads for every event kind: a valid event of the kind with one field
replaced by something a till should never send (text with control characters, huge or
fractional numbers, deep nesting, the wrong type). Whatever it is, head office answers 200 or
422 — never a server error — and a refused batch changes nothing but its recorded refusal.

Bounded (a few dozen examples per kind) so that `make test` stays within its time."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from posapp.bootstrap import costing, stock
from posapp.bootstrap.demo import simulator
from posapp.bootstrap.node import Node
from posapp.domain.actors import Actor
from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.services.stock import DraftHeader, DraftLine
from sync.client import local_store
from sync.protocol import BATCHES_PATH
from tests.head_office import HeadOfficeUnderTest
from tests.sync.wire import HEADERS, token

EXAMPLES_PER_KIND = 40
TABLES = (
    "sales",
    "sale_lines",
    "stock_movements",
    "stock_documents",
    "stock_document_lines",
    "journal",
    "shifts",
    "cash_movements",
    "master_changes",
    "receipt_charges",
    "receipt_line_charges",
)

hostile_values = st.one_of(
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.none(),
    st.booleans(),
    st.integers(min_value=50, max_value=400).map(lambda depth: "[" * depth + "]" * depth),
    st.lists(st.integers(), max_size=3),
    st.just({"nested": {"deeper": ["x"]}}),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value where another value can be put."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:2]):
            found += _paths(item, (*prefix, index))
    return found


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    changed = copy.deepcopy(value)
    holder = changed
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = new
    return changed


def _counts(head_office: HeadOfficeUnderTest) -> list[int]:
    return [head_office.scalar(f"SELECT count(*) FROM {table}") for table in TABLES]


def _samples(node: Node) -> dict[str, dict[str, Any]]:
    """One event of each kind the till queued, and a master change of each kind it sends."""
    last = local_store.last_seq(node.store.engine)
    queued = local_store.batch_events(
        node.store.engine, local_store.Batch(uuid.uuid4(), 1, last, "sending", 0, None)
    )
    samples = {event["kind"]: event for event in queued}
    product = {
        "id": str(uuid.uuid4()),
        "sku": "G-1",
        "name": "Tea",
        "unit": "pc",
        "weighed": False,
        "tax_class": "STD",
        "state": "ACTIVE",
        "cost": 10,
        "price": 20,
        "currency": "EUR",
        "barcodes": [["4006381333931", 1000]],
    }
    samples["master.product"] = {
        **samples["sale.completed"],
        "kind": "master.product",
        "payload": json.dumps({"entity": "product", "key": product["id"], "record": product}),
    }
    return samples


@pytest.mark.slow
def test_no_generated_payload_gets_a_server_error_or_half_applies(
    enrolled: Callable[..., Node], head_office: HeadOfficeUnderTest
) -> None:
    node = enrolled("till")
    assert simulator(node, seed=3).run(120).returns > 0
    node.actor = Actor(uuid.uuid4(), "Meg", "manager", frozenset(BUILT_IN_ROLES["manager"][1]))
    with node.store.engine.connect() as connection:
        sku = connection.execute(text("SELECT sku FROM products LIMIT 1")).scalar_one()
    receipt = stock.receive(node, DraftHeader(reference="DN-1"), [DraftLine(sku, 6_000, 120, "L1")])
    costing.add_landed_cost(node, receipt.number, "Freight", 90, "value")
    samples = _samples(node)
    families = ("sale", "return", "journal", "master", "stock")
    kinds = sorted(k for k in samples if k.split(".")[0] in families)
    assert {
        "sale.completed",
        "return.completed",
        "journal.z_report",
        "master.product",
        "stock.document_completed",
        "stock.landed_cost",
    } <= set(kinds)
    headers = HEADERS | {"Authorization": f"Bearer {token(node)}"}
    failures: list[str] = []
    answers: list[int] = []

    for kind in kinds:
        _fuzz(head_office, headers, samples[kind], failures, answers)

    assert failures == []
    assert answers.count(422) > len(kinds)
    assert answers.count(200) > 0
    assert requests.get(f"{head_office.url}/health", timeout=10).status_code == 200


def _fuzz(
    head_office: HeadOfficeUnderTest,
    headers: dict[str, str],
    sample: dict[str, Any],
    failures: list[str],
    answers: list[int],
) -> None:
    """EXAMPLES_PER_KIND batches of one event: `sample` with one place replaced."""
    payload = json.loads(sample["payload"])

    @settings(
        max_examples=EXAMPLES_PER_KIND,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(place=st.sampled_from(_paths(payload)), value=hostile_values)
    def send(place: tuple[Any, ...], value: Any) -> None:
        seq = head_office.scalar("SELECT last_seq FROM nodes") + 1
        event = sample | {
            "seq": seq,
            "id": str(uuid.uuid4()),
            "created_at": datetime.now(UTC).isoformat(),
            "payload": json.dumps(_replaced(payload, place, value)),
        }
        before = _counts(head_office)
        answer = requests.post(
            f"{head_office.url}{BATCHES_PATH}",
            data=json.dumps({"batch_id": str(uuid.uuid4()), "events": [event]}),
            headers=headers,
            timeout=60,
        )
        answers.append(answer.status_code)
        what = f"{sample['kind']} {place}={value!r:.60}"
        if answer.status_code not in (200, 422):
            failures.append(f"{what}: {answer.status_code} {answer.text[:200]}")
        elif answer.status_code == 422 and _counts(head_office) != before:
            failures.append(f"{what}: refused but applied")

    send()
