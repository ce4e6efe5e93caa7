"""`posapp report`: the catalogue's reports over a span of days, on screen or to a file
(`--format csv|xlsx|pdf`, `--out FILE`)."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from posapp import bootstrap
from posapp.cli.import_files import importing, show_progress
from posapp.cli.people_commands import open_as
from posapp.domain.reporting import CATALOGUE, ReportPage
from posapp.reports.report_text import report_lines
from posapp.services.shared import FieldError

_SCREEN_ROWS = 50


def add_report_commands(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help="a report of the catalogue (posapp report list names them)",
        description="Sales, margin, tills… over a span of days in the store's time zone. "
        "Without --out the first rows are shown; with it, every row is written.",
    )
    report.add_argument("name", help="the report, e.g. sales-by-day; 'list' names them all")
    report.add_argument(
        "--from",
        dest="first",
        default=None,
        help="first day, YYYY-MM-DD (default: 29 days before --to)",
    )
    report.add_argument("--to", dest="last", default=None, help="last day (default: today)")
    report.add_argument("--store", default=None, help="the store (a node reports its own)")
    report.add_argument("--format", choices=bootstrap.reporting.EXPORT_FORMATS, default=None)
    report.add_argument("--out", type=Path, default=None, help="the file to write")


def report_command(data_dir: Path, args: argparse.Namespace) -> int:
    if args.name == "list":
        for name, definition in CATALOGUE.items():
            print(f"{name:<22} {definition.title}")
        return 0
    node = open_as(data_dir, args)
    try:
        if args.store not in (None, node.settings.store_code):
            raise FieldError(
                "store",
                args.store,
                f"this node holds store {node.settings.store_code} only; "
                "head office reports on the others",
            )
        reports = bootstrap.reporting.NodeReports(node)
        last = reports.today() if args.last is None else _day("to", args.last)
        first = last - timedelta(days=29) if args.first is None else _day("from", args.first)
        page = reports.open(args.name, first, last, limit=_SCREEN_ROWS)
        out = _out(args, page)
        if out is None:
            _print(page, reports.currency())
            return 0
        written = reports.export(page, out)
        print(f"{page.report.title}, {first} to {last}: {written:,} row(s) written to {out}")
        return 0
    finally:
        node.close()


def _out(args: argparse.Namespace, page: ReportPage) -> Path | None:
    if args.out is None and args.format is None:
        return None
    if args.out is None:
        return Path(f"{page.report.name}_{page.first}_{page.last}.{args.format}")
    out: Path = args.out
    if args.format is not None and out.suffix.lower() != f".{args.format}":
        raise FieldError("out", str(out), f"does not end in .{args.format}, as --format asks")
    return out


def _day(field: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FieldError(field, text, "is not a day written YYYY-MM-DD") from None


def _print(page: ReportPage, currency: str) -> None:
    for line in report_lines(page, currency):
        print(line)


def import_history(data_dir: Path, args: argparse.Namespace) -> int:
    """`posapp import history FILE --mapping MAP.json [--check]`."""
    imported = importing(
        data_dir,
        args,
        lambda node: bootstrap.reporting.import_history(
            node, args.file, args.mapping, by=args.by, progress=show_progress, check_only=args.check
        ),
    )
    if imported is None:
        return 1
    checked, seconds = imported
    for problem in checked.problems:
        print(f"{args.file.name}: {problem}")
    if checked.more_problems:
        print(f"{args.file.name}: … and {checked.more_problems:,} more problem(s)")
    if checked.problems:
        return 1
    print(
        f"{checked.lines:,} lines of {checked.documents:,} documents "
        f"({checked.credit_notes:,} credit notes, {checked.not_goods:,} lines not goods, "
        f"{checked.new_products:,} new products) {'checked' if args.check else 'imported'} "
        f"in {seconds:.1f} s, {checked.lines / max(seconds, 1e-9):,.0f} lines/s"
    )
    return 0
