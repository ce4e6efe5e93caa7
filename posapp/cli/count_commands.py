"""`posapp stock count-…`: a stock count from a terminal or a script — start it, count items
(scanned one by one with --add, or totals typed or read from a file), look at it, post it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from posapp import bootstrap
from posapp.domain.quantity import Quantity
from posapp.services.shared import FieldError


def add_count_commands(stock: Any) -> None:
    begin = stock.add_parser("count-start", help="start a count: the book is taken now")
    begin.add_argument("--location", default=None, help="its code (default: the shop floor)")
    begin.add_argument("--category", default=None, help="only this category (a cycle count)")
    begin.add_argument("--blind", action="store_true", help="counters are not shown the book")
    counting = stock.add_parser("count", help="record items counted")
    counting.add_argument("number", help="the count's number (CT-…)")
    counting.add_argument("lines", nargs="*", metavar="SKU=QUANTITY")
    counting.add_argument("--file", type=Path, default=None, help="CSV or Excel: sku, quantity")
    counting.add_argument(
        "--add", action="store_true", help="add to what was counted (default: replace it)"
    )
    show = stock.add_parser("count-show", help="a count's lines")
    show.add_argument("number")
    post = stock.add_parser("count-post", help="settle the count: its differences posted")
    post.add_argument("number")
    post.add_argument(
        "--uncounted-zero",
        action="store_true",
        help="lines not counted are none there (a full count); otherwise they are left alone",
    )


def _start(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    started = bootstrap.counts.start(node, args.location, args.category, args.blind)
    print(f"{started.number} started: {started.book_lines:,} product(s) in the book")
    return 0


def _count(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    counted = []
    for line in args.lines:
        sku, _, quantity = line.partition("=")
        counted.append((sku.strip(), _quantity(line, quantity)))
    if args.file is not None:
        from posapp.reports.table_files import open_table

        table = open_table(args.file)
        for number, row in enumerate(table.read(), start=2):
            sku = str(row.get("sku") or "").strip()
            if sku:
                counted.append((sku, _quantity(f"row {number}", str(row.get("quantity") or ""))))
    if not counted:
        raise FieldError("lines", "", "nothing counted: SKU=QUANTITY… or --file")
    document_id = bootstrap.stock.document_id(node, args.number)
    recorded = bootstrap.counts.count(node, document_id, counted, args.add)
    print(f"{args.number}: {recorded:,} line(s) counted")
    return 0


def _quantity(where: str, typed: str) -> int:
    try:
        return Quantity.parse(typed.strip()).thousandths
    except ValueError:
        raise FieldError(where, typed, "is not a quantity") from None


def _show(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    document_id = bootstrap.stock.document_id(node, args.number)
    for line in bootstrap.counts.lines(node, document_id):
        print(
            f"{line.sku:<16} {line.name[:36]:<36} book {_shown(line.book_milli):>10} "
            f"counted {_shown(line.counted_milli):>10} held {_shown(line.expected_milli):>10}"
        )
    return 0


def _shown(milli: int | None) -> str:
    return "-" if milli is None else str(Quantity.from_thousandths(milli))


def _post(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    document_id = bootstrap.stock.document_id(node, args.number)
    numbers = bootstrap.counts.post(node, document_id, args.uncounted_zero)
    settled = ", ".join(numbers) if numbers else "no differences"
    print(f"{args.number} posted: {settled}")
    return 0


COUNT_ACTIONS = {"count-start": _start, "count": _count, "count-show": _show, "count-post": _post}
