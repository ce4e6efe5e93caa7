"""Shared fixtures. Qt runs offscreen in every test (set before any Qt import)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from posapp.bootstrap.demo import load_demo_catalogue
from posapp.bootstrap.node import Node, open_node, till_actions
from posapp.domain.cash_count import count_of
from posapp.domain.money import Money

NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)


@pytest.fixture
def node(tmp_path: Path) -> Iterator[Node]:
    """A freshly set-up node (store, terminal, tax classes) on a real SQLite file, no products."""
    created = open_node(tmp_path / "data", create=True)
    yield created
    created.close()


@pytest.fixture
def demo_node(node: Node) -> Node:
    """A node with 500 demo products and an open shift (100.00 float), ready to sell."""
    load_demo_catalogue(node, products=500, seed=7, progress=lambda done, total: None)
    till_actions(node).open_shift(count_of(Money(10000, node.settings.currency)))
    return node


@pytest.hookimpl(trylast=True)  # after pytest-randomly has shuffled the files
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with a slow test first. `make test` hands whole files to its two workers in
    collection order (`--dist loadfile --no-loadscope-reorder`): a two-minute file started
    last keeps one worker busy alone at the end, started first it runs beside the rest."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)  # stable: the rest keep their order
