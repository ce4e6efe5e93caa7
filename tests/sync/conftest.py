"""Fixtures for sync: a session PostgreSQL, a head office per test, nodes that can enrol."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from posapp.bootstrap.demo import load_demo_catalogue
from posapp.bootstrap.node import Node, open_node
from posapp.bootstrap.people import sign_in_as_author
from posapp.db.store import DATABASE_FILENAME
from sync.client.engine import SyncEngine
from sync.client.enrolment import enrol
from sync.server.database import EmbeddedDatabase
from tests.head_office import PASSWORD, HeadOfficeUnderTest, fresh_database


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
        data_dir = tmp_path / name
        data_dir.mkdir()
        shutil.copy(node_template / DATABASE_FILENAME, data_dir / DATABASE_FILENAME)
        node = open_node(data_dir, create=False)
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
        node = make_node(name)
        enrol(
            node.store.engine, url=head_office.url, code=head_office.enrolment_code(store, terminal)
        )
        node.close()  # reopened so the till context has the codes head office gave
        return open_node(node.store.data_dir, create=False)

    return make


def signed_in(node: Node, username: str = "maria", password: str = PASSWORD) -> Node:
    """`node` with `username` signed in with their password, holding the author key head office
    gave them: the master-data changes made through it are theirs. The person is pulled first."""
    SyncEngine(node.store.engine).run_once()
    sign_in_as_author(node, username, password)
    assert node.actor is not None, f"{username} is not signed in"
    assert node.actor.author_key is not None, f"head office gave {username} no author key"
    return node
