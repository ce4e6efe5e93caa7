"""The `posapp` command line's words: every command, its options and their help."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import Any, NoReturn

from posapp import __version__, bootstrap
from posapp.cli.batch_commands import add_batch_commands
from posapp.cli.cost_commands import add_cost_commands
from posapp.cli.count_commands import add_count_commands
from posapp.cli.purchase_commands import add_purchase_commands
from posapp.cli.report_commands import add_report_commands
from posapp.cli.transfer_commands import add_transfer_commands
from posapp.cli.workflow_commands import add_workflow_commands
from posapp.devices.urls import DEVICE_KINDS
from sync.client.cli import add_sync_commands


class UsageError(Exception):
    """Bad command-line words; exit code 2 like argparse."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def actions(
    commands: Any, name: str, help_text: str, dest: str
) -> Any:  # argparse's subparser types are private
    """A command with its own required ACTION words (`posapp users add …`)."""
    command = commands.add_parser(name, help=help_text)
    actions = command.add_subparsers(dest=dest, metavar="ACTION", parser_class=Parser)
    actions.required = True
    return actions


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="posapp", description="Offline-first point of sale and back office.")
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    _shop_commands(commands)
    _setup_commands(commands)
    _record_commands(commands)
    _people_commands(commands)
    _stock_commands(commands)
    add_purchase_commands(commands, actions)
    add_cost_commands(commands, actions)
    add_report_commands(commands)
    _store_commands(commands)
    add_sync_commands(commands, actions)
    return parser


def _shop_commands(commands: Any) -> None:
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
    demo = commands.add_parser("demo-data", help="fill an empty catalogue with demo products")
    demo.add_argument("--products", type=int, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1)
    simulate = commands.add_parser("simulate", help="ring up realistic sales without a screen")
    simulate.add_argument("--sales", type=int, required=True, metavar="N")
    simulate.add_argument("--seed", type=int, default=1)
    simulate.add_argument(
        "--print", action="store_true", help="send every receipt to the configured printer"
    )
    office = commands.add_parser(
        "backoffice", help="the back office on its own (username and password)"
    )
    office.add_argument(
        "--head-office",
        metavar="URL",
        help="the chain's reports and dashboard from head office (sign in with your "
        "head-office password)",
    )
    commands.add_parser(
        "selftest", help="smoke-test this installation on a temporary copy of the store"
    )


def _stock_commands(commands: Any) -> None:
    stock = actions(
        commands,
        "stock",
        "stock on hand, goods in, orders, adjustments, counts, transfers (as --as USERNAME)",
        "stock_command",
    )
    _stock_reading(stock)
    _stock_places(stock)
    _stock_documents(stock)
    add_count_commands(stock)
    add_transfer_commands(stock)
    add_batch_commands(stock)
    add_workflow_commands(stock)


def _stock_reading(stock: Any) -> None:
    on_hand = stock.add_parser("on-hand", help="stock by product and location")
    on_hand.add_argument("--search", default="", help="words of the name, SKU or a barcode")
    on_hand.add_argument("--location", default=None, help="one location's code")
    on_hand.add_argument("--category", default=None, help="one category's name")
    on_hand.add_argument("--low", action="store_true", help="below the reorder point, or negative")
    on_hand.add_argument("--limit", type=int, default=50)
    history = stock.add_parser("history", help="a product's movements, newest first")
    history.add_argument("sku")
    history.add_argument("--limit", type=int, default=50)
    stock.add_parser("documents", help="orders, receipts and adjustments, newest first")
    printed = stock.add_parser("order-pdf", help="a purchase order as the PDF for the supplier")
    noted = stock.add_parser("receipt-note", help="a goods receipt as the note to file (PDF)")
    labelled = stock.add_parser(
        "receipt-labels", help="shelf labels (PDF) of a receipt's products whose price changed"
    )
    for each in (printed, noted, labelled):
        each.add_argument("number")
        each.add_argument("--to", type=Path, required=True, metavar="FILE")


def _stock_places(stock: Any) -> None:
    stock.add_parser("locations", help="where the store keeps stock")
    place = stock.add_parser("add-location", help="a back room, a warehouse, quarantine…")
    place.add_argument("code", help="e.g. BACK or WH1")
    place.add_argument("--name", required=True)
    place.add_argument(
        "--kind",
        required=True,
        help="selling, back_room, warehouse, quarantine or in_transit",
    )
    place.add_argument("--capacity", type=int, default=None, help="pallet places or units")
    limits = stock.add_parser("limits", help="a product's reorder point and level")
    limits.add_argument("sku")
    limits.add_argument("--point", required=True, help="below this it is low")
    limits.add_argument("--level", required=True, help="what to order up to")
    limits.add_argument("--location", default=None, help="its code (default: the shop floor)")


def _stock_documents(stock: Any) -> None:
    line_help = "SKU=QUANTITY, or SKU=QUANTITY@COST for a receipt (e.g. 4006381333931=24@1.15)"
    receive = stock.add_parser("receive", help="goods in: a receipt made and received at once")
    receive.add_argument("--supplier", default=None, help="the supplier's code")
    receive.add_argument("--reference", default=None, help="their delivery note")
    receive.add_argument(
        "--order", default=None, help="a purchase order's number: receive against it"
    )
    ordering = stock.add_parser("order", help="a purchase order, made and sent at once")
    ordering.add_argument("--supplier", required=True, help="the supplier's code")
    ordering.add_argument("--reference", default=None, help="their quote or your note")
    ordering.add_argument("--file", type=Path, default=None, help="the lines, from CSV or Excel")
    opening = stock.add_parser(
        "opening", help="opening stock from a CSV or Excel file: one receipt per location"
    )
    opening.add_argument(
        "file", type=Path, help="columns sku, quantity, and cost, batch, expiry, location"
    )
    short = stock.add_parser("close-short", help="the supplier will not deliver the rest")
    short.add_argument("number", help="the purchase order's number")
    adjust = stock.add_parser("adjust", help="a write-off or goods found, posted at once")
    adjust.add_argument("--reason", required=True, help="damaged, expired, theft, own_use or found")
    adjust.add_argument("--reference", default=None, help="an incident number, a note")
    for each in (receive, adjust, ordering):
        each.add_argument("--location", default=None, help="its code (default: the shop floor)")
        each.add_argument("--date", default=None, help="YYYY-MM-DD, when it was not today")
        # A receipt against an order may have none (everything still to come); an order may
        # take its lines from --file.
        many = "+" if each is adjust else "*"
        each.add_argument("lines", nargs=many, metavar="LINE", help=line_help)


def _setup_commands(commands: Any) -> None:
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


def _record_commands(commands: Any) -> None:
    product_commands = actions(
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
    publish = product_commands.add_parser(
        "publish",
        help="send every product's record to head office again, with its category and brand",
    )
    for each in (set_price, archive, publish):
        each.add_argument("--by", default=getpass.getuser(), help="who made the change")
    for verb, help_text in (
        ("import", "read a CSV or Excel file: every row checked, all imported or none"),
        ("export", "write a CSV or Excel file (by its suffix) that import reads back"),
    ):
        kinds = actions(commands, verb, help_text, f"{verb}_what")
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
        if verb == "import":
            history = kinds.add_parser(
                "history", help="past sales from another system, through a column mapping"
            )
            history.add_argument("file", type=Path)
            history.add_argument(
                "--mapping",
                type=Path,
                required=True,
                help="JSON: the file's column for each "
                "field, date formats, the credit-note prefix, codes that are not goods",
            )
            history.add_argument("--check", action="store_true", help="check only, write nothing")
            history.add_argument("--by", default=getpass.getuser(), help="who imports it")
    labels = commands.add_parser("labels", help="shelf labels as a PDF, with barcodes")
    labels.add_argument("file", type=Path, help="the PDF to write")
    labels.add_argument("--sku", action="append", default=[], help="a product (repeatable)")
    labels.add_argument(
        "--changed-since", help="every product whose price changed since (YYYY-MM-DD, local)"
    )
    labels.add_argument("--layout", default="a4-3x8", help="a4-3x8 (default) or printer-58x40")


def _people_commands(commands: Any) -> None:
    user_commands = actions(
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

    setting_commands = actions(commands, "settings", "shop settings", "settings_command")
    setting_commands.add_parser("list", help="every setting and its value")
    set_setting = setting_commands.add_parser("set", help="change one (checked first)")
    set_setting.add_argument("key", help="e.g. till.blind_close, receipt.footer")
    set_setting.add_argument("value", help="JSON: false, 500, '[\"Thank you\"]'")


def _store_commands(commands: Any) -> None:
    commands.add_parser("check", help="verify the database and every ledger invariant")
    journal_commands = actions(commands, "journal", "the tamper-evident journal", "journal_command")
    journal_commands.add_parser("verify", help="check the hash chain; name the first broken entry")
    export = journal_commands.add_parser("export", help="every entry as a JSON line")
    export.add_argument("--to", type=Path, default=None, metavar="FILE", help="default: stdout")

    device_commands = actions(
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

    db_commands = actions(commands, "db", "database operations", "db_command")
    db_commands.add_parser("upgrade", help="apply migrations (a backup is taken first)")
    backup = db_commands.add_parser("backup", help="write a consistent copy of the database")
    backup.add_argument(
        "--to",
        type=Path,
        default=None,
        metavar="DIR",
        help="directory for the copy (default: the data directory)",
    )
