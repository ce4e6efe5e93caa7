"""`posapp`'s entry point: it runs the command, and ends every failure a person can cause in
one clear line and exit 1 or 2 (a bug: exit 70, details in crash.log)."""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import sqlite3
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

import sqlalchemy.exc

from posapp import bootstrap
from posapp.cli import (
    cost_commands,
    people_commands,
    purchase_commands,
    record_commands,
    report_commands,
    shop_commands,
    stock_commands,
    store_commands,
)
from posapp.cli.parser import UsageError, build_parser
from posapp.db.damage import StoreDamaged
from posapp.db.demo_data import DemoDataError
from posapp.db.store import StoreError
from posapp.devices.urls import UnsupportedDeviceUrl
from posapp.domain.errors import DomainError
from posapp.domain.shop_setup import SetupRefused
from posapp.services.devices import DeviceError
from sync.client.cli import run_sync_command


def _sync(data_dir: Path, args: argparse.Namespace) -> int:
    done = run_sync_command(data_dir, args)
    if done == 0 and args.sync_command == "enroll" and args.as_user is not None:
        return people_commands.bring_changes_into_the_chain(data_dir, args)
    return done


# Each command's handler: (the data directory, the parsed words) -> exit code.
COMMANDS: dict[str, Callable[[Path, argparse.Namespace], int]] = {
    "run": shop_commands.run,
    "init": shop_commands.init,
    "demo-data": shop_commands.demo_data,
    "simulate": shop_commands.simulate,
    "devices": shop_commands.devices,
    "backoffice": shop_commands.back_office,
    "selftest": shop_commands.selftest,
    "check": store_commands.check,
    "journal": store_commands.journal,
    "db": store_commands.db,
    "settings": people_commands.settings,
    "users": people_commands.users,
    "stock": stock_commands.stock_command,
    "purchase": purchase_commands.purchase_command,
    "cost": cost_commands.cost_command,
    "report": report_commands.report_command,
    "products": record_commands.products,
    "labels": record_commands.labels,
    "import": record_commands.import_records,
    "export": record_commands.export_records,
    "sync": _sync,
}


def dispatch(args: argparse.Namespace) -> int:
    data_dir: Path = args.data_dir or bootstrap.node.default_data_dir()
    command = args.command or "run"
    if command not in COMMANDS:
        raise UsageError(f"unknown command {command!r}")
    return COMMANDS[command](data_dir, args)


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
