"""The composition root: a node (one till or back office) opened on its store file, with its
clock, ids, unit of work, catalogue reader, devices and sync thread wired; the till's actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from posapp.db.catalogue_queries import SqlAlchemyCatalogueReader
from posapp.db.checkpointer import Checkpointer
from posapp.db.damage import StoreDamaged, check_in_background, check_now, mark_damaged
from posapp.db.documents_json import sale_json
from posapp.db.node_creation import ensure_node
from posapp.db.node_setup import NodeSettings, load_till_context
from posapp.db.store import (
    DATABASE_FILENAME,
    LocalStore,
    StoreError,
    backup_database,
    forget_head_office,
    open_store,
)
from posapp.db.unit_of_work import SqlAlchemyUnitOfWork
from posapp.devices.registry import fake_device, open_device
from posapp.devices.urls import UnsupportedDeviceUrl
from posapp.domain.actors import Actor
from posapp.domain.ids import Uuid7Factory
from posapp.domain.shop_setup import Administrator, ShopAnswers, check_setup
from posapp.services.people import HashedAdministrator, hashed
from posapp.services.selling import TillActions
from posapp.services.shared import SystemClock, TillContext
from sync.client.engine import SyncEngine, SyncWorker


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
    training: bool = False  # every device is a fake that records what it was asked
    device_problems: list[str] = field(default_factory=list)
    new_id: Uuid7Factory = field(default_factory=Uuid7Factory)
    # Whoever signed in with a password (the back office, `--as` on the command line): the
    # master-data changes made through this node are checked against their role and signed
    # with their author key.
    actor: Actor | None = None
    codec = staticmethod(sale_json)

    def unit_of_work(self) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(
            self.store.engine,
            terminal_code=self.settings.terminal_code,
            currency=self.settings.currency,
            actor=self.actor,
        )

    def close(self) -> None:
        self.checkpointer.stop()
        self.catalogue.close()
        self.store.engine.dispose()


def training_copy(data_dir: Path) -> Path:
    """The training store: a copy of the real one, made on the first training start, so
    practice sales never mix with the shop's books or reach head office."""
    training_dir = data_dir / "training"
    live = data_dir / DATABASE_FILENAME
    if not (training_dir / DATABASE_FILENAME).exists() and live.exists():
        training_dir.mkdir(parents=True, exist_ok=True)
        copy = backup_database(live, training_dir, reason="training", now=SystemClock().now())
        copy.rename(training_dir / DATABASE_FILENAME)
        forget_head_office(training_dir / DATABASE_FILENAME)
    return training_dir


def open_node(
    data_dir: Path,
    *,
    create: bool,
    training: bool = False,
    shop: ShopAnswers | None = None,
    administrator: HashedAdministrator | None = None,
) -> Node:
    clock = SystemClock()
    new_id = Uuid7Factory()
    store = open_store(data_dir, create=create, now=clock.now())
    settings = ensure_node(
        store.engine, now=clock.now(), new_id=new_id, shop=shop, administrator=administrator
    )
    check_in_background(store.engine, store.path)  # damage found later refuses every write
    till = load_till_context(store.engine, settings)
    return Node(
        store=store,
        settings=settings,
        till=till,
        catalogue=SqlAlchemyCatalogueReader(store.engine),
        checkpointer=Checkpointer(store.path).start(),
        clock=clock,
        new_id=new_id,
        training=training,
    )


def ensure_undamaged(node: Node) -> None:
    """Check the whole file before a long write (a simulation, an import): StoreDamaged if not."""
    check_now(node.store.engine, node.store.path)


def is_first_start(data_dir: Path) -> bool:
    return not (data_dir / DATABASE_FILENAME).exists()


def set_up_shop(
    data_dir: Path,
    shop: ShopAnswers,
    admin: Administrator,
    *,
    pin_repeated: str,
    password_repeated: str,
) -> Node:
    """A new store in `data_dir` from a person's answers (SetupRefused names every problem)."""
    check_setup(shop, admin, pin_repeated=pin_repeated, password_repeated=password_repeated)
    if not is_first_start(data_dir):
        raise StoreError(f"{data_dir} already holds a store; setup is for a new one")
    return open_node(data_dir, create=True, shop=shop, administrator=hashed(admin))


def device(node: Node, kind: str) -> Any:
    """The configured `kind` of device (not yet talked to), a fake in training mode, or None.
    A setting that no longer makes sense is reported in `node.device_problems`, not fatal:
    the till still sells, and the settings screen shows what to fix."""
    if node.training:
        return fake_device(kind)
    url = node.settings.devices.get(kind)
    if not url:
        return None
    try:
        return open_device(kind, url, verify=False)
    except UnsupportedDeviceUrl as problem:
        node.device_problems.append(str(problem))
        return None


Z_BACKUPS_KEPT = 14  # two weeks of daily Z reports; older copies are removed


def z_backup(node: Node, reason: str) -> Path:
    """The backup taken at every Z: DATA_DIR/backups, the newest Z_BACKUPS_KEPT kept."""
    folder = node.store.data_dir / "backups"
    folder.mkdir(exist_ok=True)
    try:
        copy = backup_database(node.store.path, folder, reason=reason, now=node.clock.now())
    except StoreDamaged as damaged:  # the Z is closed; nothing more is written after it
        mark_damaged(node.store.engine, str(damaged))
        raise
    for old in sorted(folder.glob("posapp-backup-*-z*.sqlite3"))[:-Z_BACKUPS_KEPT]:
        old.unlink()
    return copy


def till_actions(node: Node) -> TillActions:
    return TillActions(
        backup=lambda reason: z_backup(node, reason),
        printer=device(node, "printer"),
        scale=device(node, "scale"),
        display=device(node, "display"),
        unit_of_work=node.unit_of_work,
        catalogue=node.catalogue,
        till=node.till,
        clock=node.clock,
        new_id=node.new_id,
        codec=node.codec,
    )


def sync_worker(node: Node) -> SyncWorker | None:
    """The node's sync thread, started; None when this node is not enrolled with head office."""
    sync = SyncEngine(node.store.engine)
    if sync.identity is None:
        return None
    worker = SyncWorker(sync)
    worker.start()
    return worker
