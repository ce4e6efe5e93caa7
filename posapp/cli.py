"""`posapp` command line. Every failure a person can cause ends in one clear line and exit 1/2."""

from __future__ import annotations

import argparse
import errno
import getpass
import json
import os
import shutil
import sqlite3
import sys
import time
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

import sqlalchemy.exc

from posapp import __version__, bootstrap
from posapp.db.damage import StoreDamaged
from posapp.db.demo_data import DemoDataError
from posapp.db.integrity import run_checks
from posapp.db.journal_export import journal_lines
from posapp.db.ledger_checks import count_entries, journal_chain, journaled_rows
from posapp.db.store import DATABASE_FILENAME, StoreError, backup_database
from posapp.devices.urls import DEVICE_KINDS, UnsupportedDeviceUrl
from posapp.domain.errors import DomainError
from posapp.domain.shop_settings import DEFINITIONS as SHOP_SETTINGS
from posapp.domain.shop_setup import Administrator, SetupRefused, ShopAnswers
from posapp.services.devices import DeviceError
from sync.client.cli import add_sync_commands, run_sync_command


class UsageError(Exception):
    """Bad command-line words; exit code 2 like argparse."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _actions(
    commands: Any, name: str, help_text: str, dest: str
) -> Any:  # argparse's subparser types are private
    """A command with its own required ACTION words (`posapp users add …`)."""
    command = commands.add_parser(name, help=help_text)
    actions = command.add_subparsers(dest=dest, metavar="ACTION", parser_class=_Parser)
    actions.required = True
    return actions


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="posapp", description="Offline-first point of sale and back office.")
    parser.add_argument("--version", action="version", version=f"posapp {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"where the database lives (default: {bootstrap.node.default_data_dir()})",
    )
    parser.add_argument(
        "--as",
        dest="as_user",
        default=None,
        metavar="USERNAME",
        help="make master-data changes as this person (their password is asked for, or read "
        "from the first line of input): a store enrolled with head office needs it",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = commands.add_parser("run", help="open the application (the default)")
    run.add_argument(
        "--demo-products",
        type=int,
        default=0,
        metavar="N",
        help="on the very first start, fill the new store with N demo products",
    )
    run.add_argument(
        "--training",
        action="store_true",
        help="practice mode: every device is a fake, on a copy of the store (training/)",
    )

    init = commands.add_parser(
        "init",
        help="set up a new shop without a screen (the same answers as the setup window)",
        description="Creates the store. The administrator's password and PIN are asked for on a "
        "terminal, or read from the first two lines of input (password, then PIN), so that they "
        "never show in the process list.",
    )
    init.add_argument("--shop-name", required=True)
    init.add_argument("--currency", required=True, help="ISO 4217 code, e.g. EUR")
    init.add_argument("--time-zone", required=True, help="e.g. Europe/Paris")
    init.add_argument("--address", action="append", default=[], help="one line; repeat for more")
    init.add_argument("--tax-number", default="")
    init.add_argument("--standard-rate", default="20", metavar="PERCENT")
    init.add_argument("--reduced-rate", default="10", metavar="PERCENT")
    init.add_argument("--receipt-header", action="append", default=[], metavar="LINE")
    init.add_argument("--admin-username", default="admin")
    init.add_argument("--admin-name", required=True, help="shown on receipts")
    init.add_argument(
        "--demo-products", type=int, default=0, metavar="N", help="fill with N demo products"
    )

    demo = commands.add_parser("demo-data", help="fill an empty catalogue with demo products")
    demo.add_argument("--products", type=int, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1)

    simulate = commands.add_parser("simulate", help="ring up realistic sales without a screen")
    simulate.add_argument("--sales", type=int, required=True, metavar="N")
    simulate.add_argument("--seed", type=int, default=1)
    simulate.add_argument(
        "--print", action="store_true", help="send every receipt to the configured printer"
    )

    commands.add_parser("check", help="verify the database and every ledger invariant")
    commands.add_parser("backoffice", help="the back office on its own (username and password)")
    commands.add_parser(
        "selftest", help="smoke-test this installation on a temporary copy of the store"
    )
    product_commands = _actions(
        commands,
        "products",
        "change the catalogue (reaches every till through sync)",
        "products_command",
    )
    set_price = product_commands.add_parser("set-price", help="a new price for one product")
    set_price.add_argument("sku")
    set_price.add_argument("price", help="e.g. 12.50")
    archive = product_commands.add_parser("archive", help="take a product off sale everywhere")
    archive.add_argument("sku")
    for each in (set_price, archive):
        each.add_argument("--by", default=getpass.getuser(), help="who made the change")
    for verb, help_text in (
        ("import", "read a CSV or Excel file: every row checked, all imported or none"),
        ("export", "write a CSV or Excel file (by its suffix) that import reads back"),
    ):
        kinds = _actions(commands, verb, help_text, f"{verb}_what")
        for what, what_help in (
            ("products", "products with barcodes, prices, categories"),
            ("customers", "customers with price groups, credit limits, addresses"),
            ("suppliers", "suppliers with contacts, payment terms, lead times"),
            ("supplier-products", "what each supplier supplies: their code and cost"),
        ):
            kind = kinds.add_parser(what, help=what_help)
            kind.add_argument("file", type=Path)
            if verb == "import":
                kind.add_argument("--check", action="store_true", help="check only, write nothing")
                kind.add_argument("--by", default=getpass.getuser(), help="who imports it")
    labels = commands.add_parser("labels", help="shelf labels as a PDF, with barcodes")
    labels.add_argument("file", type=Path, help="the PDF to write")
    labels.add_argument("--sku", action="append", default=[], help="a product (repeatable)")
    labels.add_argument(
        "--changed-since", help="every product whose price changed since (YYYY-MM-DD, local)"
    )
    labels.add_argument("--layout", default="a4-3x8", help="a4-3x8 (default) or printer-58x40")
    user_commands = _actions(
        commands, "users", "people who use the till and back office", "users_command"
    )
    user_commands.add_parser("list", help="users and their roles")
    user_commands.add_parser("roles", help="the roles and what each may do")
    add_role = user_commands.add_parser("add-role", help="a role of the shop's own")
    add_role.add_argument("code", help="e.g. warehouse")
    add_role.add_argument("--name", required=True, help="e.g. Warehouse worker")
    add_role.add_argument(
        "--permissions", default="", help="comma-separated, e.g. receive_stock,view_reports"
    )
    add_user = user_commands.add_parser("add", help="add a user; the PIN is asked for")
    add_user.add_argument("username")
    add_user.add_argument("--name", required=True, help="as shown on receipts")
    password = user_commands.add_parser("password", help="set a back-office password (asked for)")
    password.add_argument("username")
    add_user.add_argument(
        "--role",
        required=True,
        help="cashier, supervisor, manager, stock_clerk, accountant or administrator",
    )

    setting_commands = _actions(commands, "settings", "shop settings", "settings_command")
    setting_commands.add_parser("list", help="every setting and its value")
    set_setting = setting_commands.add_parser("set", help="change one (checked first)")
    set_setting.add_argument("key", help="e.g. till.blind_close, receipt.footer")
    set_setting.add_argument("value", help="JSON: false, 500, '[\"Thank you\"]'")

    journal_commands = _actions(
        commands, "journal", "the tamper-evident journal", "journal_command"
    )
    journal_commands.add_parser("verify", help="check the hash chain; name the first broken entry")
    export = journal_commands.add_parser("export", help="every entry as a JSON line")
    export.add_argument("--to", type=Path, default=None, metavar="FILE", help="default: stdout")

    device_commands = _actions(
        commands, "devices", "receipt printer and other devices", "devices_command"
    )
    device_commands.add_parser("list", help="show the configured devices")
    set_device = device_commands.add_parser("set", help="configure a device (checked first)")
    set_device.add_argument("device", choices=DEVICE_KINDS)
    set_device.add_argument(
        "url",
        help="tcp://HOST:PORT, serial:///dev/ttyUSB0?baud=19200, usb://VID:PID, "
        "file:///dev/usb/lp0, win32://NAME, fake://, or none (see README: Devices)",
    )
    test_device = device_commands.add_parser("test", help="try a device: test page, weight…")
    test_device.add_argument("device", choices=DEVICE_KINDS)
    test_device.add_argument("url", nargs="?", help="try this URL instead of the saved one")

    db_commands = _actions(commands, "db", "database operations", "db_command")
    db_commands.add_parser("upgrade", help="apply migrations (a backup is taken first)")
    backup = db_commands.add_parser("backup", help="write a consistent copy of the database")
    backup.add_argument(
        "--to",
        type=Path,
        default=None,
        metavar="DIR",
        help="directory for the copy (default: the data directory)",
    )
    add_sync_commands(commands, _actions)
    return parser


def _progress(done: int, total: int) -> None:
    print(f"\r  {done:,} / {total:,} products", end="", file=sys.stderr, flush=True)


def _demo_data(data_dir: Path, products: int, seed: int) -> int:
    node = bootstrap.node.open_node(data_dir, create=True)
    try:
        started = time.perf_counter()
        added = bootstrap.demo.load_demo_catalogue(
            node, products=products, seed=seed, progress=_progress
        )
        elapsed = time.perf_counter() - started
        print(file=sys.stderr)
        print(f"added {added:,} demo products in {elapsed:.1f} s ({added / elapsed:,.0f}/s)")
    finally:
        node.close()
    return 0


def _simulate(data_dir: Path, sales: int, seed: int, print_receipts: bool) -> int:
    if sales < 1:
        raise UsageError(f"--sales must be at least 1, got {sales}")
    node = bootstrap.node.open_node(data_dir, create=False)
    try:
        bootstrap.node.ensure_undamaged(node)  # never ring up sales into a damaged file
        simulator = bootstrap.demo.simulator(node, seed=seed, print_receipts=print_receipts)
        report = simulator.run(sales)
        print(
            f"simulated {report.sales:,} sales ({report.lines:,} lines) and {report.returns:,} "
            f"returns in {report.seconds:.1f} s: {report.sales_per_second:,.0f} sales/s"
        )
        if print_receipts:
            print(f"receipts printed: {report.printed:,}; not printed: {report.not_printed:,}")
        if report.z_number is not None:
            print(f"shift closed: Z report {report.z_number}")
        else:
            print("the shift that was already open stays open (close it at the till)")
    finally:
        node.close()
    return 0


def _devices(data_dir: Path, action: str, kind: str | None, url: str | None) -> int:
    node = bootstrap.node.open_node(data_dir, create=False)
    try:
        if action == "set":
            assert kind is not None
            assert url is not None
            bootstrap.devices.set_device(node, kind, None if url.lower() == "none" else url)
            print(f"{kind}: {url}")
        elif action == "test":
            assert kind is not None
            target = url or node.settings.devices.get(kind)
            if not target:
                raise DeviceError(f"no {kind} is set up; give a URL to try one")
            print(bootstrap.devices.test_device(node, kind, target))
        else:
            for name in DEVICE_KINDS:
                print(f"{name}: {node.settings.devices.get(name, 'none')}")
    finally:
        node.close()
    return 0


def _read_secret(prompt: str = "PIN (4–8 digits): ") -> str:
    """Asked for on a terminal (not echoed); read from the first line of input otherwise, so
    a script can pipe it in without it showing in the process list."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().strip()


def _init(data_dir: Path, args: argparse.Namespace) -> int:
    shop = ShopAnswers(
        shop_name=args.shop_name,
        currency=args.currency.upper(),
        time_zone=args.time_zone,
        address=tuple(args.address),
        tax_number=args.tax_number,
        standard_rate_percent=args.standard_rate,
        reduced_rate_percent=args.reduced_rate,
        receipt_header=tuple(args.receipt_header),
    )
    password = _read_secret("Administrator's password (8 or more): ")
    password_repeated = _read_secret("The password again: ") if sys.stdin.isatty() else password
    pin = _read_secret("Administrator's PIN (4–8 digits): ")
    pin_repeated = _read_secret("The PIN again: ") if sys.stdin.isatty() else pin
    admin = Administrator(args.admin_username.strip().lower(), args.admin_name, password, pin)
    node = bootstrap.node.set_up_shop(
        data_dir, shop, admin, pin_repeated=pin_repeated, password_repeated=password_repeated
    )
    try:
        if args.demo_products > 0:
            bootstrap.demo.load_demo_catalogue(
                node, products=args.demo_products, seed=1, progress=_progress
            )
            bootstrap.demo.load_demo_records(node)
            print(file=sys.stderr)
    finally:
        node.close()
    print(f"{shop.shop_name} is set up in {data_dir}; {admin.username} signs in with the PIN")
    return 0


def _open_as(data_dir: Path, args: argparse.Namespace) -> bootstrap.node.Node:
    """The node, with the person named by `--as` signed in (their password first on the input,
    before any PIN a command reads): the master-data changes made are theirs."""
    node = bootstrap.node.open_node(data_dir, create=False)
    if args.as_user is not None:
        try:
            bootstrap.people.sign_in_as_author(
                node, args.as_user, _read_secret(f"{args.as_user}'s password: ")
            )
        except BaseException:
            node.close()
            raise
    return node


def _bring_changes_into_the_chain(data_dir: Path, args: argparse.Namespace) -> int:
    """`posapp --as ADMIN sync enroll …`: the shop's administrator signs the master-data
    changes made before it joined head office, so the chain takes the shop's catalogue (head
    office still checks that they may make each one)."""
    node = _open_as(data_dir, args)
    try:
        if node.actor is None or node.actor.author_key is None:
            print(
                f"posapp: head office gave {args.as_user} no author key: the changes made "
                "before enrolling stay unsigned (head office will not apply them)",
                file=sys.stderr,
            )
            return 1
        signed = bootstrap.people.sign_changes_made_before_enrolling(node)
        print(
            f"{signed:,} master-data change(s) made before enrolling go to head office as "
            f"{args.as_user}'s"
        )
    finally:
        node.close()
    return 0


def _users(data_dir: Path, args: argparse.Namespace) -> int:
    node = _open_as(data_dir, args)
    try:
        if args.users_command == "password":
            bootstrap.people.set_password(
                node, args.username, _read_secret("Password (8 or more): ")
            )
            print(f"password set for {args.username}")
        elif args.users_command == "add-role":
            wanted = frozenset(p.strip() for p in args.permissions.split(",") if p.strip())
            bootstrap.people.add_role(
                node, code=args.code, name=args.name, permissions=wanted, by="command line"
            )
            print(f"role {args.code.strip().lower()} added")
        elif args.users_command == "roles":
            for role in bootstrap.shop.back_office(node).roles():
                print(f"{role.code:<20} {role.name:<24} {', '.join(sorted(role.permissions))}")
        elif args.users_command == "add":
            bootstrap.people.add_user(
                node, username=args.username, name=args.name, role=args.role, pin=_read_secret()
            )
            print(f"user {args.username.strip().lower()} added as {args.role}")
        else:
            for user in bootstrap.people.users(node):
                print(f"{user.username:<20} {user.role:<14} {user.display_name}")
    finally:
        node.close()
    return 0


def _products(data_dir: Path, args: argparse.Namespace) -> int:
    node = _open_as(data_dir, args)
    try:
        if args.products_command == "set-price":
            changed = bootstrap.catalogue.change_price(node, args.sku, args.price, by=args.by)
            print(f"{changed.sku}: {changed.old_price} → {changed.new_price}")
        else:
            bootstrap.catalogue.archive_product(node, args.sku, by=args.by)
            print(f"{args.sku}: archived")
    finally:
        node.close()
    return 0


def _import_records(data_dir: Path, args: argparse.Namespace) -> int:
    from posapp.reports.table_files import UnreadableFile
    from posapp.services.shared import ImportRefused

    node = _open_as(data_dir, args)
    bootstrap.node.ensure_undamaged(node)  # an import is a long write: never into a damaged file
    started = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        print(f"\r  {stage} {done:,} of {total:,} rows ", end="", file=sys.stderr, flush=True)

    try:
        checked = bootstrap.records.import_records(
            node,
            args.import_what,
            args.file,
            by=args.by,
            progress=progress,
            check_only=args.check,
        )
    except ImportRefused as refused:
        print(file=sys.stderr)
        for problem in refused.problems:
            print(f"{args.file.name}: {problem}")
        print(f"posapp: {len(refused.problems)} problem(s); nothing imported", file=sys.stderr)
        return 1
    except UnreadableFile as error:
        raise StoreError(str(error)) from None
    finally:
        node.close()
    print(file=sys.stderr)
    if args.check and checked.problems:
        for problem in checked.problems:
            print(f"{args.file.name}: {problem}")
        return 1
    seconds = time.perf_counter() - started
    done = "checked" if args.check else "imported"
    print(
        f"{checked.checked:,} rows {done} ({checked.new:,} new, "
        f"{checked.checked - checked.new:,} changed) in {seconds:.1f} s, "
        f"{checked.checked / max(seconds, 1e-9):,.0f} rows/s"
    )
    return 0


def _labels(data_dir: Path, args: argparse.Namespace) -> int:
    since = None
    if args.changed_since:
        try:
            since = datetime.fromisoformat(args.changed_since).astimezone()
        except ValueError:
            raise UsageError(f"--changed-since {args.changed_since!r} is not a date") from None
    node = bootstrap.node.open_node(data_dir, create=False)
    try:
        pdf = bootstrap.catalogue.shelf_labels(
            node, skus=args.sku, changed_since=since, layout=args.layout
        )
    finally:
        node.close()
    args.file.write_bytes(pdf)
    print(f"labels written to {args.file}")
    return 0


def _export_records(data_dir: Path, what: str, target: Path) -> int:
    node = bootstrap.node.open_node(data_dir, create=False)
    try:
        written = bootstrap.records.export_records(node, what, target)
    finally:
        node.close()
    print(f"{written:,} rows of {what} written to {target}")
    return 0


def _journal(data_dir: Path, action: str, to: Path | None) -> int:
    node = bootstrap.node.open_node(data_dir, create=False)  # migrates (with backup) if behind
    path = node.store.path
    node.close()
    if action == "verify":
        problems = journal_chain(path) or journaled_rows(path)
        if problems:
            print(f"journal: BROKEN — {problems[0]}")
            return 1
        print(f"journal: {count_entries(path):,} entries, the chain holds")
        return 0
    lines = journal_lines(path)
    if to is None:
        for line in lines:
            print(line)
        return 0
    written = 0
    with to.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(line + "\n")
            written += 1
    print(f"journal: {written:,} entries written to {to}", file=sys.stderr)
    return 0


def _check(data_dir: Path) -> int:
    try:
        node = bootstrap.node.open_node(data_dir, create=False)  # migrates (with backup) if behind
        node.close()
    except (sqlite3.DatabaseError, StoreDamaged) as error:  # the checks below say where
        print(f"the store could not be opened: {error}")
    results = run_checks(data_dir / DATABASE_FILENAME)
    for result in results:
        print(f"{'ok  ' if result.ok else 'FAIL'}  {result.name}")
        for problem in result.problems:
            print(f"        {problem}")
    failed = [r.name for r in results if not r.ok]
    print(f"{len(results) - len(failed)} of {len(results)} checks passed")
    return 1 if failed else 0


def _db(data_dir: Path, action: str, to: Path | None) -> int:
    node = bootstrap.node.open_node(data_dir, create=action == "upgrade")
    try:
        if action == "upgrade":
            if node.store.backup_taken:
                print(f"upgraded; backup of the previous version: {node.store.backup_taken}")
            else:
                print(f"{node.store.path} is up to date")
            return 0
        target_dir = to or data_dir
        if not target_dir.is_dir():
            raise StoreError(f"backup directory {target_dir} does not exist")
        copy = backup_database(node.store.path, target_dir, reason="manual", now=node.clock.now())
        print(f"backup written: {copy}")
        return 0
    finally:
        node.close()


def _run(data_dir: Path, demo_products: int, training: bool) -> int:
    if training:
        data_dir = bootstrap.node.training_copy(data_dir)
    node = bootstrap.start.open_for_people(data_dir, demo_products=demo_products, training=training)
    if node is None:
        print("posapp: setup left; nothing was written", file=sys.stderr)
        return 1
    try:
        return bootstrap.start.run_gui(node)
    finally:
        node.close()


def dispatch(args: argparse.Namespace) -> int:
    data_dir: Path = args.data_dir or bootstrap.node.default_data_dir()
    command = args.command or "run"
    if command == "run":
        return _run(data_dir, getattr(args, "demo_products", 0), getattr(args, "training", False))
    if command == "init":
        return _init(data_dir, args)
    if command == "demo-data":
        return _demo_data(data_dir, args.products, args.seed)
    if command == "simulate":
        return _simulate(data_dir, args.sales, args.seed, args.print)
    if command == "devices":
        return _devices(
            data_dir,
            args.devices_command,
            getattr(args, "device", None),
            getattr(args, "url", None),
        )
    if command == "check":
        return _check(data_dir)
    if command == "backoffice":
        opened = bootstrap.start.open_for_people(data_dir, demo_products=0, training=False)
        if opened is None:
            print("posapp: setup left; nothing was written", file=sys.stderr)
            return 1
        node = opened
        try:
            return bootstrap.start.run_back_office(node)
        finally:
            node.close()
    if command == "settings":
        node = _open_as(data_dir, args)
        try:
            if args.settings_command == "set" and args.key == "store.currency":
                bootstrap.shop.change_currency(node, args.value)
                print(f"store.currency = {args.value.strip().upper()} (from the next start)")
            elif args.settings_command == "set":
                value = bootstrap.shop.change_setting(node, args.key, args.value)
                print(f"{args.key} = {json.dumps(value, ensure_ascii=False)} (from the next start)")
            else:
                _print_settings(bootstrap.shop.settings(node))
        finally:
            node.close()
        return 0
    if command == "users":
        return _users(data_dir, args)
    if command == "products":
        return _products(data_dir, args)
    if command == "labels":
        return _labels(data_dir, args)
    if command == "import":
        return _import_records(data_dir, args)
    if command == "export":
        return _export_records(data_dir, args.export_what, args.file)
    if command == "journal":
        return _journal(data_dir, args.journal_command, getattr(args, "to", None))
    if command == "selftest":
        from posapp.selftest import run_selftest

        return run_selftest(data_dir)
    if command == "sync":
        done = run_sync_command(data_dir, args)
        if done == 0 and args.sync_command == "enroll" and args.as_user is not None:
            return _bring_changes_into_the_chain(data_dir, args)
        return done
    if command == "db":
        return _db(data_dir, args.db_command, getattr(args, "to", None))
    raise UsageError(f"unknown command {command!r}")


def _print_settings(stored: dict[str, object]) -> None:
    """The shop's settings with their defaults, then this node's own (identity, devices)."""
    for key, definition in SHOP_SETTINGS.items():
        value = stored.get(key, definition.default)
        mark = "" if key in stored else "   (default)"
        print(f"{key} = {json.dumps(value, ensure_ascii=False)}{mark}   # {definition.means}")
    for key in sorted(set(stored) - set(SHOP_SETTINGS)):
        print(f"{key} = {json.dumps(stored[key], ensure_ascii=False)}")


def _crash_log(data_dir: Path) -> Path:
    """Beside the database, where whoever looks after the shop's data looks; the home directory
    only when the data directory itself cannot be written."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        log = data_dir / "crash.log"
        log.touch()
        return log
    except OSError:
        return Path.home() / ".posapp-crash.log"


def main(argv: Sequence[str] | None = None) -> int:
    args: argparse.Namespace | None = None
    try:
        args = build_parser().parse_args(argv)
        return dispatch(args)
    except SetupRefused as refused:
        print("posapp: the shop cannot be set up with these answers:", file=sys.stderr)
        for problem in refused.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    except UsageError as error:
        print(f"posapp: {error}", file=sys.stderr)
        return 2
    except (
        StoreError,
        StoreDamaged,
        DemoDataError,
        DomainError,
        UnsupportedDeviceUrl,
        DeviceError,
    ) as error:
        print(f"posapp: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("posapp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `posapp journal export | head`: the reader has had enough
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - flushing at exit must not fail
        return 0
    except (sqlite3.OperationalError, sqlalchemy.exc.OperationalError, OSError) as error:
        full = _disk_full(error, (args and args.data_dir) or bootstrap.node.default_data_dir())
        if full is None:
            return _crashed(error, args)
        print(f"posapp: {full}", file=sys.stderr)
        return 1
    except Exception as error:  # a bug: keep the details, show one line
        return _crashed(error, args)


def _crashed(error: BaseException, args: argparse.Namespace | None) -> int:
    log = _crash_log((args and args.data_dir) or bootstrap.node.default_data_dir())
    try:
        with log.open("a", encoding="utf-8") as handle:
            traceback.print_exception(error, file=handle)
    except OSError:  # the data directory's disk may be the trouble: the home directory, then
        log = Path.home() / ".posapp-crash.log"
        with log.open("a", encoding="utf-8") as handle:
            traceback.print_exception(error, file=handle)
    print(f"posapp: internal error: {error!r} (details in {log})", file=sys.stderr)
    return 70


def _disk_full(error: BaseException, data_dir: Path) -> str | None:
    """What to tell a person whose disk filled up, or None when `error` is something else."""
    if isinstance(error, sqlalchemy.exc.OperationalError):
        error = error.orig or error
    if isinstance(error, sqlite3.OperationalError):
        if "disk is full" not in str(error):
            return None
    elif getattr(error, "errno", None) != errno.ENOSPC:
        return None
    try:
        free = f"{shutil.disk_usage(data_dir).free / 1e6:,.1f} MB free"
    except OSError:
        free = "free space unknown"
    return (
        f"the disk holding {data_dir} is full ({free}): free some space there, then try again. "
        "What was being written was rolled back; nothing saved before is lost"
    )
