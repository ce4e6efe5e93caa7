"""`posapp stock transfer|send|transit|receive-transfer|settle-transfer`: goods moved between
the store's locations, sent to another store, and received from one."""

from __future__ import annotations

import argparse
from typing import Any

from posapp import bootstrap
from posapp.cli.stock_lines import header_from, lines_from
from posapp.domain.quantity import Quantity
from posapp.domain.stock import AdjustmentReason
from posapp.services.shared import FieldError

_LINES = "SKU=QUANTITY (the SKU or a barcode)"


def add_transfer_commands(stock: Any) -> None:
    moving = stock.add_parser("transfer", help="goods moved between two locations of the store")
    moving.add_argument("--location", default=None, help="from (default: the shop floor)")
    moving.add_argument("--to", required=True, help="the location they go to")
    sending = stock.add_parser("send", help="goods sent to another store (a transfer out)")
    sending.add_argument("--to-store", required=True, help="the receiving store's code")
    sending.add_argument("--location", default=None, help="from (default: the shop floor)")
    for each in (moving, sending):
        each.add_argument("--reference", default=None, help="a note, a delivery number")
        each.add_argument("lines", nargs="+", metavar="LINE", help=_LINES)
    stock.add_parser("transit", help="transfers to this store not yet received or settled")
    taking = stock.add_parser("receive-transfer", help="goods from another store, received")
    taking.add_argument("from_store", help="the sending store's code")
    taking.add_argument("number", help="its transfer's number (TO-…)")
    taking.add_argument(
        "lines", nargs="*", metavar="LINE", help=f"{_LINES}; none: all that is in transit"
    )
    taking.add_argument("--location", default=None, help="onto (default: the shop floor)")
    taking.add_argument("--short-reason", default=None, help="why goods are missing, if any")
    settling = stock.add_parser("settle-transfer", help="settle a transfer's differences")
    settling.add_argument("from_store")
    settling.add_argument("number")
    settling.add_argument("--reason", required=True, help="why goods are missing (theft…)")


def _reason(typed: str | None) -> AdjustmentReason | None:
    if not typed:
        return None
    try:
        return AdjustmentReason(typed)
    except ValueError:
        raise FieldError("reason", typed, "is damaged, expired, theft or own_use") from None


def _transfer(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    document = bootstrap.transfers.between_locations(
        node, header_from(node, args), lines_from(node, args.lines)
    )
    print(f"{document.number} transferred to {args.to.upper()}: {len(document.lines)} line(s)")
    return 0


def _send(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    document = bootstrap.transfers.send(node, header_from(node, args), lines_from(node, args.lines))
    print(f"{document.number} sent to store {args.to_store}: {len(document.lines)} line(s)")
    return 0


def _transit(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    for row in bootstrap.transfers.in_transit(node):
        sent = (
            "not here yet"
            if not row.sent_milli
            else f"sent {Quantity.from_thousandths(row.sent_milli)}"
        )
        print(
            f"{row.from_store:<8} {row.number:<18} {row.lines:>4} product(s)  {sent:<16} "
            f"in transit {Quantity.from_thousandths(row.left_milli)}"
        )
    return 0


def _receive_transfer(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    lines = lines_from(node, args.lines) if args.lines else None
    done = bootstrap.transfers.receive(
        node, args.from_store, args.number, lines, args.location, _reason(args.short_reason)
    )
    settled = f"; settled by {', '.join(done.settled)}" if done.settled else ""
    differs = (
        f"; {done.differences} product(s) differ from what was sent" if done.differences else ""
    )
    print(f"{done.number} received {args.from_store}'s {args.number}{differs}{settled}")
    return 0


def _settle_transfer(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    reason = _reason(args.reason)
    assert reason is not None
    numbers = bootstrap.transfers.settle(node, args.from_store, args.number, reason)
    print(f"{args.from_store}'s {args.number} settled: {', '.join(numbers)}")
    return 0


TRANSFER_ACTIONS = {
    "transfer": _transfer,
    "send": _send,
    "transit": _transit,
    "receive-transfer": _receive_transfer,
    "settle-transfer": _settle_transfer,
}
