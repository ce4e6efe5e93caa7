"""`posapp stock`: stock on hand, a product's movements, goods in and adjustments from a script
or a terminal. Documents are made by a person: `--as USERNAME` (their password is asked for)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from posapp import bootstrap
from posapp.cli.batch_commands import BATCH_ACTIONS
from posapp.cli.count_commands import COUNT_ACTIONS
from posapp.cli.people_commands import open_as
from posapp.cli.stock_lines import header_from, lines_from
from posapp.cli.transfer_commands import TRANSFER_ACTIONS
from posapp.cli.workflow_commands import WORKFLOW_ACTIONS
from posapp.domain.quantity import Quantity
from posapp.domain.stock import LocationKind
from posapp.services.shared import FieldError, ImportRefused


def stock_command(data_dir: Path, args: argparse.Namespace) -> int:
    from posapp.reports.table_files import UnreadableFile

    node = open_as(data_dir, args)
    try:
        return _ACTIONS[args.stock_command](node, args)
    except UnreadableFile as error:
        print(f"posapp: {error}", file=sys.stderr)
        return 1
    except ImportRefused as refused:  # every problem of the file, one a line
        for problem in refused.problems:
            print(problem)
        print(f"posapp: {len(refused.problems)} problem(s); nothing imported", file=sys.stderr)
        return 1
    finally:
        node.close()


def _on_hand(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    admin = bootstrap.stock.stock_admin(node)
    rows = admin.on_hand(
        typed=args.search,
        location=args.location,
        category=args.category,
        low_only=args.low,
        offset=0,
        limit=args.limit,
    )
    for row in rows:
        mark = "  LOW" if row.low else ""
        quantity = Quantity.from_thousandths(row.on_hand_milli)
        print(
            f"{row.sku:<16} {row.name[:40]:<40} {row.location:<10} "
            f"{quantity!s:>12} {row.unit}{mark}"
        )
    return 0


def _history(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    with node.unit_of_work() as uow:
        found = uow.catalogue.ids_of_skus([args.sku])
    if args.sku not in found:
        raise FieldError("sku", args.sku, "is not a product SKU")
    admin = bootstrap.stock.stock_admin(node)
    for row in admin.movements(product_id=found[args.sku], offset=0, limit=args.limit):
        quantity = Quantity.from_thousandths(row.quantity_milli)
        balance = Quantity.from_thousandths(row.balance_milli)
        print(
            f"{row.at.astimezone():%Y-%m-%d %H:%M}  {row.reason:<9} {row.document:<18} "
            f"{row.location:<10} {quantity!s:>10} {balance!s:>12}"
        )
    return 0


def _documents(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    for row in bootstrap.stock.stock_admin(node).documents(doc_type=None, open_only=False):
        who = row.supplier_name or row.reason
        print(
            f"{row.number:<18} {row.status:<18} {row.business_at.astimezone():%Y-%m-%d}  "
            f"{row.location:<10} {row.lines:>4} lines  {who}"
        )
    return 0


def _locations(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    from posapp.db.stock_queries import location_rows

    for code, name, kind, capacity in location_rows(node.store.engine):
        room = "" if capacity is None else f"  capacity {capacity:,}"
        print(f"{code:<10} {kind:<11} {name}{room}")
    return 0


def _add_location(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    try:
        kind = LocationKind(args.kind)
    except ValueError:
        names = ", ".join(k.value for k in LocationKind)
        raise FieldError("kind", args.kind, f"is not one of {names}") from None
    bootstrap.stock.add_location(node, args.code, args.name, kind, args.capacity)
    print(f"location {args.code.upper()} added ({kind.value})")
    return 0


def _limits(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    bootstrap.stock.set_limits(node, args.sku, args.location, args.point, args.level)
    print(f"{args.sku}: low below {args.point}, ordered up to {args.level}")
    return 0


def _receive(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    header = header_from(node, args)
    lines = lines_from(node, args.lines)
    if args.order is not None:
        document = bootstrap.stock.receive_order(node, args.order, header, lines or None)
        print(f"{document.number} received against {args.order}: {len(document.lines)} line(s)")
        return 0
    if not lines:
        raise FieldError("lines", "", "a receipt without a purchase order needs its lines")
    document = bootstrap.stock.receive(node, header, lines)
    print(f"{document.number} received: {len(document.lines)} line(s)")
    return 0


def _order(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    header = header_from(node, args)
    lines = lines_from(node, args.lines)
    if args.file is not None:
        lines += [
            line
            for found in bootstrap.stock.lines_from_file(node, args.file).values()
            for line in found
        ]
    if not lines:
        raise FieldError("lines", "", "an order needs lines: SKU=QUANTITY… or --file")
    document = bootstrap.stock.order(node, header, lines)
    print(f"{document.number} sent to {args.supplier}: {len(document.lines)} line(s)")
    return 0


def _opening(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    for document in bootstrap.stock.receive_opening_stock(node, args.file):
        print(f"{document.number} received: {len(document.lines)} line(s)")
    return 0


def _order_pdf(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    order_id = bootstrap.stock.document_id(node, args.number)
    args.to.write_bytes(bootstrap.stock.stock_admin(node).order_pdf(order_id))
    print(f"{args.number} written to {args.to}")
    return 0


def _receipt_note(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    receipt_id = bootstrap.stock.document_id(node, args.number)
    args.to.write_bytes(bootstrap.stock.stock_admin(node).receipt_note_pdf(receipt_id))
    print(f"{args.number} written to {args.to}")
    return 0


def _receipt_labels(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    receipt_id = bootstrap.stock.document_id(node, args.number)
    labels = bootstrap.stock.stock_admin(node).changed_price_labels(receipt_id)
    if labels is None:
        print(f"{args.number}: no selling price changed since the receipt before it")
        return 0
    args.to.write_bytes(labels)
    print(f"labels for {args.number} written to {args.to}")
    return 0


def _close_short(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    bootstrap.stock.move(node, bootstrap.stock.document_id(node, args.number), "closed_short")
    print(f"{args.number} closed short: the rest will not come")
    return 0


def _adjust(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    header = header_from(node, args)
    document = bootstrap.stock.adjust(node, header, lines_from(node, args.lines))
    print(f"{document.number} posted: {len(document.lines)} line(s), {args.reason}")
    return 0


_ACTIONS = {
    "on-hand": _on_hand,
    "history": _history,
    "documents": _documents,
    "receive": _receive,
    "adjust": _adjust,
    "locations": _locations,
    "add-location": _add_location,
    "order": _order,
    "close-short": _close_short,
    "order-pdf": _order_pdf,
    "receipt-note": _receipt_note,
    "receipt-labels": _receipt_labels,
    "opening": _opening,
    "limits": _limits,
    **COUNT_ACTIONS,
    **TRANSFER_ACTIONS,
    **BATCH_ACTIONS,
    **WORKFLOW_ACTIONS,
}
