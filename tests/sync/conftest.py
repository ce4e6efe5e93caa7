"""Fixtures for sync: a session PostgreSQL, a head office per test, nodes that can enrol, and
the traded chain (built once per test process, copied for each test)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from posapp.bootstrap.demo import load_demo_catalogue
from posapp.bootstrap.node import Node, open_node
from sync.server.database import EmbeddedDatabase
from tests.head_office import HeadOfficeUnderTest, fresh_database
from tests.sync.tills import copied_node, enrolled_node, signed_in
from tests.sync.traded_chain import chain, traded_chain

__all__ = ["chain", "signed_in", "traded_chain"]  # the chain's fixtures; a helper tests import


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    database = EmbeddedDatabase(tmp_path_factory.mktemp("postgres"))
    yield database.url
    database.stop()


@pytest.fixture
def head_office(postgres: str) -> Iterator[HeadOfficeUnderTest]:
    server = HeadOfficeUnderTest(fresh_database(postgres))
    server.start()
    yield server
    server.close()


@pytest.fixture(scope="session")
def node_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A node store with 200 demo products, made once and copied for each node."""
    data_dir = tmp_path_factory.mktemp("node-template")
    node = open_node(data_dir, create=True)
    load_demo_catalogue(node, products=200, seed=3, progress=lambda done, total: None)
    node.close()
    return data_dir


@pytest.fixture
def make_node(node_template: Path, tmp_path: Path) -> Iterator[Callable[[str], Node]]:
    opened: list[Node] = []

    def make(name: str) -> Node:
        node = copied_node(node_template, tmp_path / name)
        opened.append(node)
        return node

    yield make
    for node in opened:
        node.close()


@pytest.fixture
def enrolled(
    make_node: Callable[[str], Node], head_office: HeadOfficeUnderTest
) -> Callable[..., Node]:
    """A new node enrolled with the test's head office as till `terminal` of `store`."""

    def make(name: str, *, store: str = "S01", terminal: str = "T01") -> Node:
        return enrolled_node(make_node(name), head_office, store, terminal)

    return make
