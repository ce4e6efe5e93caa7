"""The one place that wires concrete classes together: store, clock, ids, repositories, UI."""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import select, text

from posapp.db import node_setup
from posapp.db.back_office_queries import journal_rows, list_shifts, write_journal, z_payload
from posapp.db.catalogue_repository import SqlAlchemyCatalogueReader, sample_barcodes
from posapp.db.checkpointer import Checkpointer
from posapp.db.damage import StoreDamaged, check_in_background, check_now, mark_damaged
from posapp.db.demo_data import load_demo_data
from posapp.db.documents_json import sale_json
from posapp.db.journal_export import journal_lines
from posapp.db.ledger_checks import journal_chain, journaled_rows
from posapp.db.node_setup import (
    NodeSettings,
    ensure_node,
    load_till_context,
    read_settings,
    save_setting,
)
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
from posapp.domain.errors import DomainError
from posapp.domain.ids import Uuid7Factory
from posapp.domain.money import Money
from posapp.domain.shop_setup import Administrator, ShopAnswers, check_setup
from posapp.services import catalogue, people
from posapp.services.cash import ShiftReport
from posapp.services.catalogue import CatalogueAdmin
from posapp.services.devices import CodeSource, DeviceError, DeviceSetup
from posapp.services.partners import RecordsAdmin
from posapp.services.people import HashedAdministrator, hashed
from posapp.services.selling import Simulator, TillActions
from posapp.services.shared import FieldError, Progress, SystemClock, TillContext, UserRecord
from posapp.services.shop import BackOffice, RoleRecord, change_shop_setting
from sync.client import local_store
from sync.client import manager as outbox_manager
from sync.client.engine import SyncEngine, SyncWorker

log = logging.getLogger(__name__)


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


def open_for_people(data_dir: Path, *, demo_products: int, training: bool) -> Node | None:
    """The node a person works on. The very first start sets the shop up in the setup window; an
    administrator without password or PIN (installs made before setup existed) is given both
    before anything else opens. None when the person quits: then nothing was written."""
    from posapp.ui.app import ask_for_setup  # Qt loads only when a window opens

    demo_wanted = False
    node: Node | None = None
    if is_first_start(data_dir):

        def create(
            shop: ShopAnswers | None, admin: Administrator, pin: str, password: str, demo: bool
        ) -> None:
            nonlocal node, demo_wanted
            assert shop is not None
            node = set_up_shop(data_dir, shop, admin, pin_repeated=pin, password_repeated=password)
            demo_wanted = demo

        if not ask_for_setup(create, demo_products=demo_products) or node is None:
            return None
        node.training = training
    else:
        node = open_node(data_dir, create=False, training=training)
    opened = node

    def secure(
        _shop: ShopAnswers | None, admin: Administrator, pin: str, password: str, _demo: bool
    ) -> None:
        give_credentials(opened, admin, pin_repeated=pin, password_repeated=password)

    for user in administrators_without_credentials(node):
        if not ask_for_setup(secure, administrator=user.username):
            node.close()
            return None
    if demo_wanted:
        load_demo_catalogue(node, products=max(demo_products, 500), seed=1, progress=_no_progress)
        load_demo_records(node)
    return node


def _no_progress(done: int, total: int) -> None:
    pass


def administrators_without_credentials(node: Node) -> list[UserRecord]:
    return people.without_credentials(node.unit_of_work())


def give_credentials(
    node: Node, admin: Administrator, *, pin_repeated: str, password_repeated: str
) -> None:
    """The password and PIN an administrator of an older install was made without."""
    check_setup(None, admin, pin_repeated=pin_repeated, password_repeated=password_repeated)
    people.give_credentials(node.unit_of_work(), admin=admin, clock=node.clock, new_id=node.new_id)


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


def load_demo_records(node: Node) -> None:
    """What a first start shows beside the demo catalogue, made through the back office's own
    services: customers (cash, trade on credit, a VIP group), a trade price list, two
    promotions and two suppliers with what they supply."""
    from posapp.services import partners, pricing

    with node.store.engine.connect() as connection:
        skus = list(connection.execute(
            text("SELECT sku FROM products WHERE NOT weighed AND state = 'ACTIVE' ORDER BY sku "
                 "LIMIT 12")).scalars())  # fmt: skip
    if len(skus) < 12:
        raise StoreError("load the demo catalogue first: the demo records price its products")
    edit = {"currency": node.settings.currency, "by": "demo", "clock": node.clock,
            "new_id": node.new_id}  # fmt: skip
    for fields in (
        {"code": "C001", "name": "Walk-in Café", "phone": "+44 20 7946 0101"},
        {"code": "C002", "name": "Harbour Hotel Ltd", "tax_id": "GB123456789",
         "price_group": "TRADE", "credit_limit": "2500.00", "payment_terms_days": "30",
         "email": "accounts@harbourhotel.example",
         "addresses": "Head office: 1 Quay St\nKitchen: 3 Quay St"},
        {"code": "C003", "name": "Ada Lovelace", "price_group": "VIP", "credit_limit": "200.00",
         "payment_terms_days": "14"},
    ):  # fmt: skip
        partners.save_customer(node.unit_of_work(), customer_id=None, fields=fields, **edit)
    pricing.save_price_list(
        node.unit_of_work(), list_id=None,
        header={"code": "TRADE", "name": "Trade price", "kind": "customer_group",
                "price_group": "TRADE", "tax_inclusive": "yes"},
        items=[{"sku": sku, "min_qty": "1", "price": "0.99"} for sku in skus[:6]], **edit,
    )  # fmt: skip
    pricing.save_promotion(
        node.unit_of_work(), promotion_id=None,
        fields={"code": "BAKERY32", "name": "3 for 2", "kind": "buy_x_get_y", "buy_qty": "2",
                "free_qty": "1", "categories": "Bakery"}, **edit,
    )  # fmt: skip
    pricing.save_promotion(
        node.unit_of_work(), promotion_id=None,
        fields={"code": "WEEK10", "name": "This week −10 %", "kind": "percent_off",
                "percent": "10", "skus": "\n".join(skus[6:9])}, **edit,
    )  # fmt: skip
    for code, name, lead, lines in (
        ("S01", "Dockside Wholesale", "3", skus[:8]),
        ("S02", "Hill Farm Dairy", "1", skus[8:12]),
    ):
        partners.save_supplier(
            node.unit_of_work(), supplier_id=None,
            fields={"code": code, "name": name, "payment_terms_days": "30",
                    "lead_time_days": lead, "contacts": "Orders desk; +44 20 7946 0000"},
            items=[{"sku": sku, "supplier_code": f"{code}-{n:04d}", "cost": "0.60"}
                   for n, sku in enumerate(lines, 1)], **edit,
        )  # fmt: skip


def simulator(node: Node, *, seed: int, print_receipts: bool = False) -> Simulator:
    codes = sample_barcodes(node.store.engine, 2000, seed)
    if not codes:
        raise StoreError("the catalogue has no sellable products; load some with demo-data")
    actions = till_actions(node)
    if print_receipts and actions.printer is None:
        raise DeviceError("--print needs a printer: posapp devices set printer URL")
    return Simulator(actions=actions, barcodes=codes, seed=seed, print_receipts=print_receipts)


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


def add_user(node: Node, *, username: str, name: str, role: str, pin: str) -> None:
    people.add_user(
        node.unit_of_work(),
        username=username,
        display_name=name,
        role=role,
        pin=pin,
        clock=node.clock,
        new_id=node.new_id,
    )


def add_role(
    node: Node, *, code: str, name: str, permissions: frozenset[str] = frozenset(), by: str
) -> None:
    people.add_role(
        node.unit_of_work(),
        code=code,
        name=name,
        permissions=permissions,
        by=by,
        clock=node.clock,
        new_id=node.new_id,
    )


def change_price(node: Node, sku: str, text: str, *, by: str) -> catalogue.ProductChanged:
    """A back-office price change: here at once, at every till after its next sync."""
    return catalogue.change_price(
        node.unit_of_work(),
        sku=sku,
        price=Money.parse(text, node.settings.currency),
        by=by,
        clock=node.clock,
        new_id=node.new_id,
    )


def archive_product(node: Node, sku: str, *, by: str) -> None:
    catalogue.archive_product(
        node.unit_of_work(), sku=sku, by=by, clock=node.clock, new_id=node.new_id
    )


def settings(node: Node) -> dict[str, object]:
    with node.store.engine.connect() as connection:
        return read_settings(connection)


def users(node: Node) -> list[UserRecord]:
    return people.list_users(node.unit_of_work())


def change_currency(node: Node, currency: str) -> None:
    """Only while the store holds nothing priced; takes effect from the next start."""
    node_setup.change_currency(node.store.engine, currency.strip().upper(), now=node.clock.now())


def change_setting(node: Node, key: str, text: str, *, by: str = "command line") -> object:
    """Set one of the settings a shop may change, from its JSON text (a bare word is a string);
    the use case checks it."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = text
    change_shop_setting(
        node.unit_of_work(), key=key, value=value, by=by, clock=node.clock, new_id=node.new_id
    )
    return value


def back_office(
    node: Node, *, signed_in_as: str = "Administrator", sync: SyncWorker | None = None
) -> BackOffice:
    """The back-office screens' data, on this node's store; `sync` is this process's sync
    worker, if it runs one."""
    engine, path = node.store.engine, node.store.path

    def roles() -> list[RoleRecord]:
        with node.unit_of_work() as uow:
            return [RoleRecord(*role) for role in uow.users.roles()]

    def z_pdf(number: int) -> bytes:
        from posapp.reports.shift_report_pdf import shift_report_pdf

        return shift_report_pdf(ShiftReport("Z", number, z_payload(engine, number)))

    return BackOffice(
        users=lambda: users(node),
        add_user=lambda username, name, role, pin: add_user(
            node, username=username, name=name, role=role, pin=pin
        ),
        roles=roles,
        set_role_permissions=lambda role, permissions: people.change_role(
            node.unit_of_work(),
            role=role,
            permissions=permissions,
            by=signed_in_as,
            clock=node.clock,
            new_id=node.new_id,
        ),
        add_role=lambda code, name: add_role(node, code=code, name=name, by=signed_in_as),
        shifts=lambda: list_shifts(engine, node.settings.currency),
        z_pdf=z_pdf,
        journal=lambda: journal_rows(engine, node.settings.currency),
        verify_journal=lambda: journal_chain(path) or journaled_rows(path),
        export_journal=lambda target: write_journal(journal_lines(path), target),
        outbox=lambda: outbox_manager.outbox_view(engine),
        retry_quarantined=lambda: local_store.release_quarantine(engine),
        export_outbox=lambda target: local_store.export_unsent(engine, target),
        sync_now=lambda: outbox_manager.sync_now(engine, sync),
        head_office_flags=lambda: outbox_manager.head_office_flags(engine),
        catalogue=catalogue_admin(node, signed_in_as=signed_in_as),
        records=records_admin(node, signed_in_as=signed_in_as),
    )


def back_office_as(node: Node, person: uuid.UUID, *, sync: SyncWorker | None = None) -> BackOffice:
    """The back office opened at the till by `person` (the cashier, or the supervisor who
    approved): the master-data changes made there are theirs, checked against their role. A PIN
    opens no author key, so on a node enrolled with head office such changes are refused with
    how to sign in with a password instead."""
    with node.unit_of_work() as uow:
        user = next((u for u in uow.users.all() if u.id == person), None)
    if user is None:
        raise StoreError(f"no user {person} on this till")
    actor = Actor(user.id, user.display_name, user.role, user.permissions)
    return back_office(replace(node, actor=actor), signed_in_as=user.display_name, sync=sync)


def set_device(node: Node, kind: str, url: str | None) -> None:
    """Configure a device (checked before it is saved); None removes it."""
    if url is not None:
        open_device(kind, url)  # raises UnsupportedDeviceUrl naming what is wrong
    save_setting(node.store.engine, f"devices.{kind}", url, now=node.clock.now())
    devices = dict(node.settings.devices)
    if url is None:
        devices.pop(kind, None)
    else:
        devices[kind] = url
    node.settings = replace(node.settings, devices=devices)


def test_device(node: Node, kind: str, url: str, *, wait_seconds: float = 10.0) -> str:
    """Talk to the device at `url` the way the till will, and say what happened. Raises
    DeviceError (the device did not do it) or UnsupportedDeviceUrl (the URL is wrong)."""
    found = open_device(kind, url)
    actions = replace(
        till_actions(node),
        printer=found if kind == "printer" else None,
        scale=found if kind == "scale" else None,
        display=found if kind == "display" else None,
    )
    if kind == "printer":
        actions.print_test_page()
        return f"printed a test page on {url}"
    if kind == "scale":
        return f"the scale reads {actions.weigh().value} kg"
    if kind == "display":
        actions.show_customer("posapp display test", f"{node.settings.store_name}")
        return "the customer display shows 'posapp display test'"
    return _wait_for_a_scan(found, wait_seconds)


def _wait_for_a_scan(scanner: CodeSource, wait_seconds: float) -> str:
    codes: list[str] = []
    errors: list[str] = []
    arrived = threading.Event()
    scanner.start(lambda code: (codes.append(code), arrived.set()), errors.append)
    try:
        arrived.wait(wait_seconds)
    finally:
        scanner.stop()
    if codes:
        return f"the scanner read {codes[0]}"
    raise DeviceError(errors[0] if errors else f"no scan arrived in {wait_seconds:g} s")


def device_setup(node: Node) -> DeviceSetup:
    return DeviceSetup(
        configured=lambda: dict(node.settings.devices),
        test=lambda kind, url: test_device(node, kind, url),
        save=lambda kind, url: set_device(node, kind, url),
    )


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


def set_password(node: Node, username: str, password: str) -> None:
    people.set_password(
        node.unit_of_work(),
        username=username,
        password=password,
        clock=node.clock,
        new_id=node.new_id,
    )


def back_office_sign_in(node: Node) -> Callable[[str, str], UserRecord]:
    return lambda username, password: sign_in_as_author(node, username, password)


def sign_changes_made_before_enrolling(node: Node) -> int:
    """The signed-in person vouches for the unsigned master-data changes waiting to be sent."""
    assert node.actor is not None and node.actor.author_key is not None
    return local_store.sign_unsigned_master_changes(node.store.engine, node.actor.author_key)


def sign_in_as_author(node: Node, username: str, password: str) -> UserRecord:
    """A person signs in with their password (refused as the back office refuses a wrong one);
    from then on the master-data changes made through `node` are theirs, signed with their
    author key when head office gave them one (see sync.client.authorship)."""
    from sync.client.authorship import AuthorKeyRefused, author_key_at_sign_in

    user = people.back_office_sign_in(
        node.unit_of_work(), username=username, password=password, clock=node.clock
    )
    key, refused_because = None, None
    try:
        key = author_key_at_sign_in(node.store.engine, user.username, password)
    except AuthorKeyRefused as refused:
        # Still signed in for what stays in this store; master-data changes are refused with
        # NoAuthorKey, which passes on head office's words.
        log.warning("head office gave %s no author key: %s", user.username, refused)
        refused_because = str(refused)
    node.actor = Actor(
        user.id, user.display_name, user.role, user.permissions, key, refused_because
    )
    return user


def import_products(
    node: Node,
    path: Path,
    *,
    by: str,
    progress: Progress | None = None,
    check_only: bool = False,
) -> catalogue.ImportCheck:
    """A product file checked (and, unless `check_only`, imported: all rows or none). Raises
    UnreadableFile, or ImportRefused with every problem found."""
    from posapp.reports.table_files import open_table

    table = open_table(path)
    if check_only:
        with node.unit_of_work() as uow:
            return catalogue.check_products(
                uow, table.columns, table.read(), currency=node.settings.currency,
                progress=progress, total=table.rows,
            )  # fmt: skip
    return catalogue.import_products(
        node.unit_of_work(), table.columns, table.read(), currency=node.settings.currency,
        source=path.name, by=by, clock=node.clock, new_id=node.new_id, progress=progress,
        total=table.rows,
    )  # fmt: skip


# What `posapp import` / `export` and the back office's Import… buttons take.
RECORD_FILES = ("products", "customers", "suppliers", "supplier-products")


def import_records(
    node: Node,
    what: str,
    path: Path,
    *,
    by: str,
    progress: Progress | None = None,
    check_only: bool = False,
) -> Any:
    """A file of `what` (one of RECORD_FILES) checked and, unless `check_only`, imported: all
    rows or none. Returns the check (rows, problems, new); raises UnreadableFile, or
    ImportRefused with every problem found."""
    from posapp.reports.table_files import open_table
    from posapp.services import partners

    if what == "products":
        return import_products(node, path, by=by, progress=progress, check_only=check_only)
    table = open_table(path)
    currency = node.settings.currency
    edit = {"source": path.name, "by": by, "clock": node.clock, "new_id": node.new_id}
    if what == "supplier-products":
        if check_only:
            with node.unit_of_work() as uow:
                return partners.check_supplier_products(
                    uow, table.columns, table.read(), currency=currency
                )
        return partners.import_supplier_products(
            node.unit_of_work(), table.columns, table.read(), currency=currency,
            progress=progress, **edit,
        )  # fmt: skip
    kind = _record_kind(what)
    if check_only:
        with node.unit_of_work() as uow:
            return partners.check_records(
                uow, kind, table.columns, table.read(), currency=currency, progress=progress,
                total=table.rows,
            )  # fmt: skip
    return partners.import_records(
        node.unit_of_work(), kind, table.columns, table.read(), currency=currency,
        progress=progress, total=table.rows, **edit,
    )  # fmt: skip


def _record_kind(what: str) -> Any:
    from posapp.services import partners

    kinds = {"customers": partners.CUSTOMERS, "suppliers": partners.SUPPLIERS}
    if what not in kinds:
        raise StoreError(f"cannot import or export {what!r}; these: {', '.join(RECORD_FILES)}")
    return kinds[what]


def export_records(node: Node, what: str, path: Path) -> int:
    """Every record of `what` to a CSV or Excel file that `import_records` reads back."""
    from posapp.db.customers_repository import SqlAlchemyCustomers
    from posapp.db.suppliers_repository import SqlAlchemySuppliers
    from posapp.reports.table_files import write_table
    from posapp.services import partners

    if what == "products":
        return export_products(node, path)
    currency = node.settings.currency
    with node.store.engine.connect() as connection:
        if what == "supplier-products":
            rows = partners.export_supplier_products(
                SqlAlchemySuppliers(connection), currency=currency
            )
            return write_table(path, partners.SUPPLIER_PRODUCT_COLUMNS, rows)
        kind = _record_kind(what)
        repository = (
            SqlAlchemyCustomers(connection, currency)
            if kind is partners.CUSTOMERS
            else SqlAlchemySuppliers(connection)
        )
        rows = partners.export_records(repository, kind, currency=currency)
        return write_table(path, kind.columns, rows)


def export_products(node: Node, path: Path) -> int:
    """Every product to a CSV or Excel file that `import_products` reads back."""
    from posapp.db.product_list import export_rows
    from posapp.reports.table_files import write_table

    return write_table(path, catalogue.PRODUCT_FIELDS, export_rows(node.store.engine))


def shelf_labels(
    node: Node,
    *,
    skus: Sequence[str] = (),
    product_ids: Sequence[uuid.UUID] = (),
    changed_since: datetime | None = None,
    layout: str = "a4-3x8",
) -> bytes:
    """A PDF of shelf labels for the products named, or all whose price changed since a time."""
    from posapp.db.product_list import label_products, price_changed_since
    from posapp.reports.shelf_labels import LAYOUTS, labels_pdf

    if layout not in LAYOUTS:
        raise StoreError(f"unknown label layout {layout!r}; these exist: {', '.join(LAYOUTS)}")
    engine = node.store.engine
    chosen = list(product_ids)
    if skus:
        with node.unit_of_work() as uow:
            found = uow.catalogue.ids_of_skus(list(skus))
        missing = [sku for sku in skus if sku not in found]
        if missing:
            raise StoreError(f"no product with SKU {missing[0]!r}")
        chosen += [found[sku] for sku in skus]
    if changed_since is not None:
        chosen += price_changed_since(engine, changed_since)
    if not chosen:
        raise StoreError("no products to label")
    return labels_pdf(label_products(engine, chosen), layout)


def catalogue_admin(node: Node, *, signed_in_as: str = "Administrator") -> CatalogueAdmin:
    """The back office's catalogue screens' data, on this node's store."""
    from posapp.db.product_list import price_history, product_page
    from posapp.db.tables import tax_classes

    engine, currency = node.store.engine, node.settings.currency

    def fields(product_id: uuid.UUID) -> dict[str, str]:
        with node.unit_of_work() as uow:
            product = uow.catalogue.editable(product_id)
        if product is None:
            raise StoreError(f"no product {product_id}")
        return catalogue.product_fields(product)

    def classes() -> list[str]:
        with engine.connect() as connection:
            query = select(tax_classes.c.code).where(tax_classes.c.archived_at.is_(None))
            return list(connection.execute(query.order_by(tax_classes.c.code)).scalars())

    def edit_args() -> dict[str, Any]:
        return {"by": signed_in_as, "clock": node.clock, "new_id": node.new_id}

    return CatalogueAdmin(
        page=lambda typed, offset, limit: product_page(engine, typed, offset, limit),
        fields=fields,
        save=lambda product_id, typed: catalogue.save_product(
            node.unit_of_work(),
            product_id=product_id,
            fields=typed,
            currency=currency,
            **edit_args(),
        ),
        bulk_edit=lambda ids, change: catalogue.bulk_edit(
            node.unit_of_work(), product_ids=ids, change=change, **edit_args()
        ),
        price_history=lambda sku: price_history(engine, sku, currency),
        tax_classes=classes,
        currency=currency,
        check_file=lambda path, progress: import_products(
            node, path, by=signed_in_as, progress=progress, check_only=True
        ),
        import_file=lambda path, progress: import_products(
            node, path, by=signed_in_as, progress=progress
        ),
        export_file=lambda path: export_products(node, path),
        labels_pdf=lambda ids, layout: shelf_labels(node, product_ids=ids, layout=layout),
    )


def records_admin(node: Node, *, signed_in_as: str = "Administrator") -> RecordsAdmin:
    """The back office's customer, supplier, price-list and promotion screens' data."""
    from posapp.db.records_list import (
        customer_rows,
        price_list_fields,
        price_list_rows,
        promotion_rows,
        supplier_rows,
    )
    from posapp.services import partners, pricing

    engine, currency = node.store.engine, node.settings.currency
    edit = {"by": signed_in_as, "clock": node.clock, "new_id": node.new_id}

    def customer_fields(customer_id: uuid.UUID) -> dict[str, str]:
        with node.unit_of_work() as uow:
            values = uow.customers.values(customer_id)
        if values is None:
            raise StoreError(f"no customer {customer_id}")
        return partners.customer_fields(values, currency)

    def supplier(supplier_id: uuid.UUID) -> tuple[dict[str, str], list[dict[str, str]]]:
        with node.unit_of_work() as uow:
            values = uow.suppliers.values(supplier_id)
        if values is None:
            raise StoreError(f"no supplier {supplier_id}")
        return partners.supplier_fields(values, currency)

    def promotion(promotion_id: uuid.UUID) -> dict[str, str]:
        with node.unit_of_work() as uow:
            values = uow.promotions.values(promotion_id)
        if values is None:
            raise StoreError(f"no promotion {promotion_id}")
        return pricing.promotion_fields(values, currency)

    def receive(customer_id: uuid.UUID, typed: str, reference: str) -> Money:
        try:
            amount = Money.parse(typed, currency)
        except (DomainError, ValueError):
            raise FieldError("amount", typed, "is not an amount") from None
        return partners.receive_payment(
            node.unit_of_work(), customer_id=customer_id, amount=amount, reference=reference,
            terminal_code=node.settings.terminal_code, **edit,
        )  # fmt: skip

    return RecordsAdmin(
        customers=lambda typed: customer_rows(engine, typed, currency),
        customer_fields=customer_fields,
        save_customer=lambda customer_id, fields: partners.save_customer(
            node.unit_of_work(), customer_id=customer_id, fields=fields, currency=currency, **edit
        ),
        receive_payment=receive,
        price_lists=lambda: price_list_rows(engine),
        price_list=lambda list_id: price_list_fields(engine, list_id, currency),
        save_price_list=lambda list_id, header, items: pricing.save_price_list(
            node.unit_of_work(),
            list_id=list_id,
            header=header,
            items=items,
            currency=currency,
            **edit,
        ),
        suppliers=lambda typed: supplier_rows(engine, typed),
        supplier=supplier,
        save_supplier=lambda supplier_id, fields, items: partners.save_supplier(
            node.unit_of_work(),
            supplier_id=supplier_id,
            fields=fields,
            items=items,
            currency=currency,
            **edit,
        ),
        check_file=lambda what, path, progress: import_records(
            node, what, path, by=signed_in_as, progress=progress, check_only=True
        ),
        import_file=lambda what, path, progress: import_records(
            node, what, path, by=signed_in_as, progress=progress
        ),
        export_file=lambda what, path: export_records(node, what, path),
        promotions=lambda: promotion_rows(engine),
        promotion=promotion,
        save_promotion=lambda promotion_id, fields: pricing.save_promotion(
            node.unit_of_work(),
            promotion_id=promotion_id,
            fields=fields,
            currency=currency,
            **edit,
        ),
        currency=currency,
    )


def run_back_office(node: Node) -> int:
    from posapp.ui.app import run_back_office as run  # Qt loads only when a window opens

    return run(
        back_office_sign_in(node),
        lambda user: back_office(node, signed_in_as=user.display_name),
    )


def run_gui(node: Node) -> int:
    """Start the desktop application on `node`; returns the process exit code."""
    from posapp.ui.app import TillOptions, run_application  # Qt loads only with a window

    actions = till_actions(node)
    worker = None if node.training else sync_worker(node)
    options = TillOptions(
        back_office=lambda person: back_office_as(node, person, sync=worker),
        scanner=device(node, "scanner"),
        setup=device_setup(node),
        problems=tuple(node.device_problems),
        training=node.training,
        wedge=node.settings.wedge,
        sync_status=None if worker is None else worker.summary,
    )
    try:
        return run_application(actions, options)
    finally:
        if worker is not None:
            worker.stop()
            worker.sync.close()


def sync_worker(node: Node) -> SyncWorker | None:
    """The node's sync thread, started; None when this node is not enrolled with head office."""
    sync = SyncEngine(node.store.engine)
    if sync.identity is None:
        return None
    worker = SyncWorker(sync)
    worker.start()
    return worker
