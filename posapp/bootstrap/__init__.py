"""The one place that wires concrete classes together (store, clock, ids, repositories, devices,
sync, windows), and the commands a node offers its front ends — the CLI, the windows, selftest and
the tests — each in the module of what it is about: `node` (the composition root), `people`,
`catalogue`, `records`, `stock`, `shop`, `devices`, `demo`, `start`."""

from posapp.bootstrap import node  # noqa: I001  (first: the others build on it)
from posapp.bootstrap import (
    batches,
    catalogue,
    costing,
    counts,
    demo,
    devices,
    people,
    purchasing,
    records,
    reporting,
    shop,
    start,
    stock,
    transfers,
    workflows,
)

__all__ = [
    "batches",
    "catalogue",
    "costing",
    "counts",
    "demo",
    "devices",
    "node",
    "people",
    "purchasing",
    "records",
    "reporting",
    "shop",
    "start",
    "stock",
    "transfers",
    "workflows",
]
