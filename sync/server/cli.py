"""`posapp-server`: the head-office sync service and its few admin commands.

posapp-server --data-dir /var/lib/posapp-server                 # serve, embedded PostgreSQL
posapp-server --data-dir DIR --database-url postgresql://u:p@db/posapp --host 0.0.0.0
posapp-server --data-dir DIR enroll-code --store S01 --terminal T02
posapp-server --data-dir DIR revoke --store S01 --terminal T02
posapp-server --data-dir DIR refetch        # every till fetches master data again
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from posapp import __version__
from sync.protocol import PROTOCOL_VERSION

if TYPE_CHECKING:
    from sqlalchemy import Engine

DEFAULT_PORT = 8710


def _database_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    # On the main parser and on each command, so both `--data-dir D enroll-code` and
    # `enroll-code --data-dir D` work.
    default = None if required else argparse.SUPPRESS
    parser.add_argument(
        "--data-dir", type=Path, required=required, default=default, help="state of this server"
    )
    parser.add_argument(
        "--database-url",
        default=default,
        help="postgresql://USER:PASSWORD@HOST/DB; without it, PostgreSQL runs embedded in DATA_DIR",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="posapp-server", description="posapp head-office sync")
    parser.add_argument(
        "--version",
        action="version",
        version=f"posapp-server {__version__} (sync protocol {PROTOCOL_VERSION})",
    )
    _database_options(parser, required=False)
    parser.set_defaults(data_dir=None, database_url=None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = commands.add_parser("serve", help="answer the tills (the default)")
    _database_options(serve, required=False)
    serve.add_argument("--host", default=argparse.SUPPRESS)
    serve.add_argument("--port", type=int, default=argparse.SUPPRESS)
    for name, text in (
        ("enroll-code", "print a one-time code that enrols one till"),
        ("revoke", "stop a till from syncing (what it sent stays)"),
    ):
        command = commands.add_parser(name, help=text)
        _database_options(command, required=False)
        command.add_argument("--store", required=True, help="store code, e.g. S01")
        command.add_argument("--terminal", required=True, help="till code, e.g. T02")
    refetch = commands.add_parser(
        "refetch", help="make every till fetch all master data again (after a restore)"
    )
    _database_options(refetch, required=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.data_dir is None:
        parser.error("--data-dir is required")
    from sqlalchemy.exc import SQLAlchemyError

    from sync.server.database import EmbeddedDatabase, connect
    from sync.server.migrate import upgrade

    embedded = None  # PostgreSQL in the data directory, for as long as this process runs
    url = args.database_url
    try:
        if url is None:
            embedded = EmbeddedDatabase(args.data_dir)
            url = embedded.url
        engine = connect(url)
        upgrade(engine)
    except (SQLAlchemyError, OSError) as error:
        print(f"posapp-server: cannot reach the database: {error}", file=sys.stderr)
        if embedded is not None:
            embedded.stop()
        return 1
    try:
        return COMMANDS[args.command or "serve"](engine, args)
    finally:
        engine.dispose()
        if embedded is not None:
            embedded.stop()


def _serve(engine: Engine, args: argparse.Namespace) -> int:
    import uvicorn

    from sync.server.app import create_app

    # uvicorn re-raises SIGTERM/SIGINT once it has shut down; with this handler in place that
    # becomes a normal exit, so the embedded PostgreSQL is stopped instead of orphaned.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _exit_cleanly)
    print(f"posapp-server: serving on http://{args.host}:{args.port}", file=sys.stderr, flush=True)
    with contextlib.suppress(SystemExit):
        uvicorn.run(create_app(engine), host=args.host, port=args.port, log_level="warning")
    return 0


def _enroll_code(engine: Engine, args: argparse.Namespace) -> int:
    from sync.server.nodes import CODE_LIFETIME, new_enrolment_code

    code = new_enrolment_code(
        engine, store_code=args.store, terminal_code=args.terminal, now=datetime.now(UTC)
    )
    print(code)
    print(
        f"enrols till {args.terminal} of store {args.store}, once, within "
        f"{CODE_LIFETIME.days} days: posapp sync enroll URL {code}",
        file=sys.stderr,
    )
    return 0


def _revoke(engine: Engine, args: argparse.Namespace) -> int:
    from sync.server.nodes import revoke

    count = revoke(
        engine, store_code=args.store, terminal_code=args.terminal, now=datetime.now(UTC)
    )
    if count == 0:
        print(f"posapp-server: no enrolled till {args.store}-{args.terminal}", file=sys.stderr)
        return 1
    print(
        f"revoked {args.store}-{args.terminal} ({count} enrolment(s)); its queue stays on the till"
    )
    return 0


def _refetch(engine: Engine, args: argparse.Namespace) -> int:
    from sync.server.changes import bump_epoch

    with engine.begin() as connection:
        new = bump_epoch(connection)
    print(f"master data epoch is now {new}: every till refetches on its next pull")
    return 0


COMMANDS: dict[str, Callable[[Engine, argparse.Namespace], int]] = {
    "serve": _serve,
    "enroll-code": _enroll_code,
    "revoke": _revoke,
    "refetch": _refetch,
}


def _exit_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(0)
