"""The one place that wires concrete classes together: store, clock, ids, repositories, UI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from posapp.db.catalogue_repository import SqlAlchemyCatalogueReader, sample_barcodes
from posapp.db.checkpointer import Checkpointer
from posapp.db.demo_data import load_demo_data
from posapp.db.documents_json import sale_json
from posapp.db.node_setup import NodeSettings, ensure_node, load_till_context, save_setting
from posapp.db.store import DATABASE_FILENAME, LocalStore, StoreError, open_store
from posapp.db.unit_of_work import SqlAlchemyUnitOfWork
from posapp.devices.receipt_printer import printer_from_url
from posapp.domain.ids import Uuid7Factory
from posapp.services.clock import SystemClock
from posapp.services.simulation import Simulator
from posapp.services.till import TillContext
from posapp.services.till_actions import TillActions


def default_data_dir() -> Path:
    """Per-user data directory (~/.local/share/posapp, %LOCALAPPDATA%\\posapp, …)."""
    return platformdirs.user_data_path("posapp", appauthor=False)


@dataclass
class Node:
    """One till or back office: its store file and what the use cases need, wired."""

    store: LocalStore
    settings: NodeSettings
    till: TillContext
    catalogue: SqlAlchemyCatalogueReader
    checkpointer: Checkpointer
    clock: SystemClock = field(default_factory=SystemClock)
    new_id: Uuid7Factory = field(default_factory=Uuid7Factory)
    codec = staticmethod(sale_json)

    def unit_of_work(self) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self.store.engine, terminal_code=self.settings.terminal_code)

    def close(self) -> None:
        self.checkpointer.stop()
        self.catalogue.close()
        self.store.engine.dispose()


def open_node(data_dir: Path, *, create: bool) -> Node:
    clock = SystemClock()
    new_id = Uuid7Factory()
    store = open_store(data_dir, create=create, now=clock.now())
    settings = ensure_node(store.engine, now=clock.now(), new_id=new_id)
    till = load_till_context(store.engine, settings)
    return Node(
        store=store,
        settings=settings,
        till=till,
        catalogue=SqlAlchemyCatalogueReader(store.engine),
        checkpointer=Checkpointer(store.path).start(),
        clock=clock,
        new_id=new_id,
    )


def is_first_start(data_dir: Path) -> bool:
    return not (data_dir / DATABASE_FILENAME).exists()


def load_demo_catalogue(
    node: Node, *, products: int, seed: int, progress: Callable[[int, int], None]
) -> int:
    return load_demo_data(
        node.store.engine,
        product_count=products,
        seed=seed,
        currency=node.settings.currency,
        now=node.clock.now(),
        new_id=node.new_id,
        progress=progress,
    )


def simulator(node: Node, *, seed: int) -> Simulator:
    codes = sample_barcodes(node.store.engine, 2000, seed)
    if not codes:
        raise StoreError("the catalogue has no sellable products; load some with demo-data")
    return Simulator(actions=till_actions(node), barcodes=codes, seed=seed)


def set_printer(node: Node, url: str | None) -> None:
    """Configure the receipt printer (checked before it is saved); None removes it."""
    if url is not None:
        printer_from_url(url)  # raises UnsupportedPrinterUrl naming what is wrong
    save_setting(node.store.engine, "devices.printer", url, now=node.clock.now())


def till_actions(node: Node) -> TillActions:
    url = node.settings.printer_url
    return TillActions(
        printer=printer_from_url(url) if url else None,
        unit_of_work=node.unit_of_work,
        catalogue=node.catalogue,
        till=node.till,
        clock=node.clock,
        new_id=node.new_id,
        codec=node.codec,
    )


def run_gui(node: Node) -> int:
    """Start the desktop application on `node`; returns the process exit code."""
    from posapp.ui.app import run_application  # Qt loads only when a window opens

    return run_application(till_actions(node))
