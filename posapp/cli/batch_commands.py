"""`posapp stock expiring|fefo|write-off-expired`: batches that expire soon, which batches to pick
first, and writing off what has expired (a manager: --as USERNAME)."""

from __future__ import annotations

import argparse
from typing import Any

from posapp import bootstrap
from posapp.domain.quantity import Quantity


def add_batch_commands(stock: Any) -> None:
    soon = stock.add_parser("expiring", help="batches on hand expiring soon, expired ones first")
    soon.add_argument(
        "--days", type=int, default=None, help="ahead (default: stock.expiry_alert_days)"
    )
    picking = stock.add_parser("fefo", help="which batches to take goods from, first expiry first")
    picking.add_argument("sku")
    picking.add_argument("quantity", help="how many, e.g. 12 or 2.5")
    picking.add_argument("--location", default="FLOOR", help="where from (default FLOOR)")
    gone = stock.add_parser("write-off-expired", help="write off every expired batch on hand")
    gone.add_argument("--location", default=None, help="one location (default: every one)")


def _expiring(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    alert = bootstrap.batches.expiring(node, args.days)
    for held in alert.batches:
        state = "EXPIRED" if held.expiry is not None and held.expiry < alert.today else ""
        print(
            f"{held.sku:<16} {held.location:<10} {held.batch:<20} {held.expiry!s:<10} "
            f"{Quantity.from_thousandths(held.quantity_milli)!s:>10} {state}".rstrip()
        )
    return 0


def _fefo(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    wanted = Quantity.parse(args.quantity)  # a word is refused by name
    picks = bootstrap.batches.pick(node, args.sku, args.location, wanted.thousandths)
    for part in picks:
        taken = Quantity.from_thousandths(part.quantity_milli)
        print(f"{part.batch:<20} {part.expiry!s:<10} {taken}")
    short = wanted.thousandths - sum(p.quantity_milli for p in picks)
    if short:
        print(f"{Quantity.from_thousandths(short)} more than the batches here hold")
    return 0


def _write_off(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    written = bootstrap.batches.write_off_expired(node, args.location)
    for document in written:
        print(f"{document.number}: {len(document.lines)} expired batch(es) written off")
    if not written:
        print("nothing on hand has expired")
    return 0


BATCH_ACTIONS = {"expiring": _expiring, "fefo": _fefo, "write-off-expired": _write_off}
