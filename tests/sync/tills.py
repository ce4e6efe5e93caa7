"""Tills for sync tests: a node copied from the template store, enrolled with a head office, a
person of the chain signed in at it."""

from __future__ import annotations

import shutil
from pathlib import Path

from posapp.bootstrap.node import Node, open_node
from posapp.bootstrap.people import sign_in_as_author
from posapp.db.store import DATABASE_FILENAME
from sync.client.engine import SyncEngine
from sync.client.enrolment import enrol
from tests.head_office import PASSWORD, HeadOfficeUnderTest


def copied_node(node_template: Path, data_dir: Path) -> Node:
    """A node whose store is a copy of the template's, in `data_dir`."""
    data_dir.mkdir()
    shutil.copy(node_template / DATABASE_FILENAME, data_dir / DATABASE_FILENAME)
    return open_node(data_dir, create=False)


def enrolled_node(node: Node, head_office: HeadOfficeUnderTest, store: str, terminal: str) -> Node:
    """`node` enrolled with `head_office` as till `terminal` of `store`, and opened again so
    the till context has the codes head office gave (`node` is closed)."""
    enrol(node.store.engine, url=head_office.url, code=head_office.enrolment_code(store, terminal))
    node.close()
    return open_node(node.store.data_dir, create=False)


def signed_in(node: Node, username: str = "maria", password: str = PASSWORD) -> Node:
    """`node` with `username` signed in with their password, holding the author key head office
    gave them: the master-data changes made through it are theirs. The person is pulled first."""
    SyncEngine(node.store.engine).run_once()
    sign_in_as_author(node, username, password)
    assert node.actor is not None, f"{username} is not signed in"
    assert node.actor.author_key is not None, f"head office gave {username} no author key"
    return node
