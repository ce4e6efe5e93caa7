"""The catalogue and records from the command line: prices, imports, exports, shelf labels."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from posapp import bootstrap
from posapp.cli.import_files import importing, show_progress
from posapp.cli.parser import UsageError
from posapp.cli.people_commands import open_as
from posapp.cli.report_commands import import_history


def products(data_dir: Path, args: argparse.Namespace) -> int:
    node = open_as(data_dir, args)
    try:
        if args.products_command == "set-price":
            changed = bootstrap.catalogue.change_price(node, args.sku, args.price, by=args.by)
            print(f"{changed.sku}: {changed.old_price} → {changed.new_price}")
        elif args.products_command == "publish":
            published = bootstrap.catalogue.publish_catalogue(node, by=args.by)
            print(f"{published:,} product record(s) queued for head office")
        else:
            bootstrap.catalogue.archive_product(node, args.sku, by=args.by)
            print(f"{args.sku}: archived")
    finally:
        node.close()
    return 0


def import_records(data_dir: Path, args: argparse.Namespace) -> int:
    if args.import_what == "history":
        return import_history(data_dir, args)
    imported = importing(
        data_dir,
        args,
        lambda node: bootstrap.records.import_records(
            node,
            args.import_what,
            args.file,
            by=args.by,
            progress=show_progress,
            check_only=args.check,
        ),
    )
    if imported is None:
        return 1
    checked, seconds = imported
    if args.check and checked.problems:
        for problem in checked.problems:
            print(f"{args.file.name}: {problem}")
        return 1
    done = "checked" if args.check else "imported"
    print(
        f"{checked.checked:,} rows {done} ({checked.new:,} new, "
        f"{checked.checked - checked.new:,} changed) in {seconds:.1f} s, "
        f"{checked.checked / max(seconds, 1e-9):,.0f} rows/s"
    )
    return 0


def labels(data_dir: Path, args: argparse.Namespace) -> int:
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


def export_records(data_dir: Path, args: argparse.Namespace) -> int:
    what, target = args.export_what, args.file
    node = bootstrap.node.open_node(data_dir, create=False)
    try:
        written = bootstrap.records.export_records(node, what, target)
    finally:
        node.close()
    print(f"{written:,} rows of {what} written to {target}")
    return 0
