"""Schemathesis against head office's own OpenAPI schema, over real HTTP to a real PostgreSQL:
whatever a client sends — what the schema allows and what it does not — the answer is never a
5xx, and the server keeps answering.

Each operation is fuzzed twice: as an enrolled till would call it (valid protocol headers and
token, so the generated bodies reach the code behind authentication) and with the headers the
generator makes up."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from posapp.bootstrap.node import Node
from sync.client import local_store
from sync.protocol import CLIENT_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.head_office import HeadOfficeUnderTest

EXAMPLES_PER_OPERATION = 60


def _operations(head_office: HeadOfficeUnderTest) -> list[schemathesis.APIOperation]:
    schema = schemathesis.openapi.from_url(f"{head_office.url}/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("as_a_till", [True, False], ids=["enrolled-till", "made-up-headers"])
@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_no_request_gets_a_server_error(
    head_office: HeadOfficeUnderTest,
    enrolled: Callable[..., Node],
    as_a_till: bool,
    mode: str,
) -> None:
    node = enrolled("fuzzed")
    identity = local_store.identity(node.store.engine)
    assert identity is not None
    headers = (
        {
            PROTOCOL_HEADER: str(PROTOCOL_VERSION),
            CLIENT_HEADER: "fuzz",
            "Authorization": f"Bearer {identity.token}",
        }
        if as_a_till
        else {}
    )
    operations = _operations(head_office)
    labels = {operation.label for operation in operations}
    assert {"POST /sync/v1/batches", "GET /sync/v1/changes", "POST /sync/v1/enrol"} <= labels
    generation = schemathesis.GenerationMode(mode)
    server_errors: list[str] = []
    nothing_to_break: list[str] = []
    session = requests.Session()

    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=generation))
        def call(case: schemathesis.Case) -> None:
            response = case.call(base_url=head_office.url, session=session, headers=headers)
            if response.status_code >= 500:
                server_errors.append(
                    f"{case.operation.label} → {response.status_code}: {response.text[:200]}"
                )

        try:
            call()
        except Unsatisfiable:
            # Negative mode cannot break a request that has nothing in it (GET /health).
            nothing_to_break.append(operation.label)

    # Negative mode cannot break a request with nothing in it: these two take no input.
    assert set(nothing_to_break) <= {"GET /health", "GET /office/v1/reports"}
    assert not server_errors, "\n".join(server_errors[:10])
    health = session.get(f"{head_office.url}/health", timeout=10)
    assert health.status_code == 200, "head office stopped answering after the fuzzing"
