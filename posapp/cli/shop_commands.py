"""Setting up and running a shop: init, demo data, simulated trading, devices, the application."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from posapp import bootstrap
from posapp.cli.parser import UsageError
from posapp.cli.people_commands import read_secret
from posapp.devices.urls import DEVICE_KINDS
from posapp.domain.shop_setup import Administrator, ShopAnswers
from posapp.services.devices import DeviceError


def progress(done: int, total: int) -> None:
    print(f"\r  {done:,} / {total:,} products", end="", file=sys.stderr, flush=True)


def demo_data(data_dir: Path, args: argparse.Namespace) -> int:
    products, seed = args.products, args.seed
    node = bootstrap.node.open_node(data_dir, create=True)
    try:
        started = time.perf_counter()
        added = bootstrap.demo.load_demo_catalogue(
            node, products=products, seed=seed, progress=progress
        )
        elapsed = time.perf_counter() - started
        print(file=sys.stderr)
        print(f"added {added:,} demo products in {elapsed:.1f} s ({added / elapsed:,.0f}/s)")
    finally:
        node.close()
    return 0


def simulate(data_dir: Path, args: argparse.Namespace) -> int:
    sales, seed, print_receipts = args.sales, args.seed, args.print
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


def devices(data_dir: Path, args: argparse.Namespace) -> int:
    action = args.devices_command
    kind: str | None = getattr(args, "device", None)
    url: str | None = getattr(args, "url", None)
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


def init(data_dir: Path, args: argparse.Namespace) -> int:
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
    password = read_secret("Administrator's password (8 or more): ")
    password_repeated = read_secret("The password again: ") if sys.stdin.isatty() else password
    pin = read_secret("Administrator's PIN (4–8 digits): ")
    pin_repeated = read_secret("The PIN again: ") if sys.stdin.isatty() else pin
    admin = Administrator(args.admin_username.strip().lower(), args.admin_name, password, pin)
    node = bootstrap.node.set_up_shop(
        data_dir, shop, admin, pin_repeated=pin_repeated, password_repeated=password_repeated
    )
    try:
        if args.demo_products > 0:
            bootstrap.demo.load_demo_catalogue(
                node, products=args.demo_products, seed=1, progress=progress
            )
            bootstrap.demo.load_demo_records(node)
            print(file=sys.stderr)
    finally:
        node.close()
    print(f"{shop.shop_name} is set up in {data_dir}; {admin.username} signs in with the PIN")
    return 0


def run(data_dir: Path, args: argparse.Namespace) -> int:
    demo_products: int = getattr(args, "demo_products", 0)
    training: bool = getattr(args, "training", False)
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


def back_office(data_dir: Path, args: argparse.Namespace) -> int:
    node = bootstrap.start.open_for_people(data_dir, demo_products=0, training=False)
    if node is None:
        print("posapp: setup left; nothing was written", file=sys.stderr)
        return 1
    try:
        if args.head_office:
            from posapp.bootstrap.head_office_reports import run_head_office_back_office

            return run_head_office_back_office(node, args.head_office)
        return bootstrap.start.run_back_office(node)
    finally:
        node.close()


def selftest(data_dir: Path, args: argparse.Namespace) -> int:
    from posapp.selftest import run_selftest

    return run_selftest(data_dir)
