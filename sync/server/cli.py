"""`posapp-server`: the head-office sync service and its few admin commands.

posapp-server --data-dir /var/lib/posapp-server                 # serve, embedded PostgreSQL
posapp-server --data-dir DIR --database-url postgresql://u:p@db/posapp --host 0.0.0.0
posapp-server --data-dir DIR enroll-code --store S01 --terminal T02
posapp-server --data-dir DIR revoke --store S01 --terminal T02
posapp-server --data-dir DIR refetch        # every till fetches master data again
posapp-server --data-dir DIR flags list     # what head office flagged or refused, to review
posapp-server --data-dir DIR flags resolve 12 13
posapp-server --data-dir DIR --certificate cert.pem --key key.pem   # serve HTTPS
posapp-server --data-dir DIR users add ann --name "Ann Admin" --role administrator --store '*'
posapp-server --data-dir DIR users grant meg --store S01 --role manager   # --role none: take away
posapp-server --data-dir DIR users set-pin meg   # the PIN she signs in with at the tills
posapp-server --data-dir DIR users list
posapp-server --data-dir DIR users revoke-keys meg   # every author key of hers stops working
posapp-server --data-dir DIR cost           # cost what the stores sent (serving does it too)
posapp-server --data-dir DIR value --as-of 2026-03-31   # the chain's stock value that day
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import getpass
import signal
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from posapp import __version__
from sync.protocol import PROTOCOL_VERSION
from sync.server import cost_cli
from sync.server.cost_cli import add_costing_commands

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
    _serving_options(parser, default=None)
    parser.set_defaults(host="127.0.0.1", port=DEFAULT_PORT, rate_limit=20.0, burst=100)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = commands.add_parser("serve", help="answer the tills (the default)")
    _database_options(serve, required=False)
    _serving_options(serve, default=argparse.SUPPRESS)
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
    flags = commands.add_parser("flags", help="what head office flagged or refused, to review")
    _database_options(flags, required=False)
    flag_commands = flags.add_subparsers(dest="flags_command", metavar="ACTION", required=True)
    listing = flag_commands.add_parser("list", help="open flags and refused batches")
    listing.add_argument("--all", action="store_true", help="resolved flags too")
    resolving = flag_commands.add_parser("resolve", help="mark flags as looked at")
    resolving.add_argument("ids", type=int, nargs="+", metavar="ID")
    _people_commands(commands)
    add_costing_commands(commands, _database_options)
    ordering = commands.add_parser("order", help="raise a purchase order for a store")
    _database_options(ordering, required=False)
    ordering.add_argument("--store", required=True, help="the store it is for, e.g. S01")
    ordering.add_argument("--supplier", required=True, help="the supplier's code")
    ordering.add_argument("--by", required=True, help="who raises it (shown at the store)")
    ordering.add_argument("--reference", default=None)
    ordering.add_argument("lines", nargs="+", metavar="SKU=QUANTITY[@COST_MINOR]")
    return parser


def _people_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = commands.add_parser("users", help="the people who may change master data, by store")
    _database_options(users, required=False)
    user_commands = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = user_commands.add_parser("add", help="a person with a password (asked for) and a role")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="as shown on receipts")
    add.add_argument("--role", required=True, help="e.g. administrator, manager, cashier")
    add.add_argument("--store", required=True, help="store code, or * for every store")
    granting = user_commands.add_parser("grant", help="give a role in a store (or take it away)")
    granting.add_argument("username")
    granting.add_argument("--store", required=True, help="store code, or * for every store")
    granting.add_argument("--role", required=True, help="a role, or none to take it away")
    pin = user_commands.add_parser("set-pin", help="the PIN (asked for) they use at the tills")
    pin.add_argument("username")
    user_commands.add_parser("list", help="people and their roles by store")
    revoking = user_commands.add_parser("revoke-keys", help="their author keys stop working")
    revoking.add_argument("username")


def _serving_options(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument("--host", default=default, help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=default, help=f"port ({DEFAULT_PORT})")
    parser.add_argument(
        "--certificate", type=Path, default=default, help="PEM certificate (chain): serve HTTPS"
    )
    parser.add_argument("--key", type=Path, default=default, help="PEM private key for it")
    parser.add_argument(
        "--rate-limit", type=float, default=default, help="requests a second one till may make (20)"
    )
    parser.add_argument(
        "--burst", type=int, default=default, help="requests one till may make at once (100)"
    )


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
    command = args.command or "serve"
    # While serving, an embedded PostgreSQL that dies is started again (requests get 503 for
    # those seconds, then the pool reconnects).
    watching = embedded.supervise() if embedded is not None and command == "serve" else None
    try:
        return COMMANDS[command](engine, args)
    finally:
        if watching is not None:
            watching.set()
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
    if (args.certificate is None) != (args.key is None):
        print("posapp-server: HTTPS needs both --certificate and --key", file=sys.stderr)
        return 2
    scheme = "https" if args.certificate else "http"
    print(
        f"posapp-server: serving on {scheme}://{args.host}:{args.port}", file=sys.stderr, flush=True
    )
    app = create_app(engine, rate=args.rate_limit, burst=args.burst)
    from sync.server.costing_process import keep_costing

    stop_costing = keep_costing(engine.url.render_as_string(hide_password=False))
    _collect_garbage_rarely()
    with contextlib.suppress(SystemExit):
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            log_level="warning",
            ssl_certfile=args.certificate,
            ssl_keyfile=args.key,
            # SIGTERM stops it within seconds even with a client that never finishes a request.
            timeout_graceful_shutdown=5,
        )
    stop_costing()
    return 0


def _collect_garbage_rarely() -> None:
    """A batch of a thousand sales decodes into tens of thousands of short-lived objects, freed
    by reference counting when the batch is done; with Python's default thresholds they set off
    cycle collections that walked every object the server holds, a sixth of head office's time
    on a long backlog (30,500 → 35,000 movements/s in the drain benchmark). What is loaded by
    now lives as long as the process: frozen out of the collector's way, and the collector runs
    less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


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


def _flags(engine: Engine, args: argparse.Namespace) -> int:
    from sync.server import review

    if args.flags_command == "resolve":
        done = review.resolve(engine, args.ids, at=datetime.now(UTC))
        print(f"{done} flag(s) resolved")
        return 0 if done else 1
    for flag in review.flags(engine, include_resolved=args.all):
        state = "open" if flag.resolved_at is None else f"resolved {flag.resolved_at:%Y-%m-%d}"
        print(
            f"{flag.id:>6}  {flag.flagged_at:%Y-%m-%d %H:%M}  {flag.node:<10} {state:<19} "
            f"{flag.problem}"
        )
    for batch in review.refused_batches(engine):
        state = "refused" if batch.accepted_at is None else "accepted on retry"
        print(
            f"batch   {batch.refused_at:%Y-%m-%d %H:%M}  {batch.node:<10} {state:<19} "
            f"events {batch.first_seq}–{batch.last_seq}: {batch.reason}"
        )
    return 0


def _order(engine: Engine, args: argparse.Namespace) -> int:
    from sync.server.raised_orders import OrderLine, OrderRefused, raise_order

    lines = []
    for word in args.lines:
        sku, _, rest = word.partition("=")
        quantity, _, cost = rest.partition("@")
        try:
            milli = round(float(quantity) * 1000)
            lines.append(OrderLine(sku, milli, int(cost) if cost else None))
        except ValueError:
            print(f"posapp-server: {word!r} is not SKU=QUANTITY[@COST_MINOR]", file=sys.stderr)
            return 2
    try:
        number = raise_order(
            engine,
            store=args.store,
            supplier_code=args.supplier,
            lines=lines,
            reference=args.reference,
            by=args.by,
            now=datetime.now(UTC),
        )
    except OrderRefused as refused:
        print(f"posapp-server: {refused}", file=sys.stderr)
        return 1
    print(f"{number} raised for store {args.store}: {len(lines)} line(s)")
    return 0


def _users(engine: Engine, args: argparse.Namespace) -> int:
    from sync.server import people

    now, action = datetime.now(UTC), args.users_command
    try:
        if action == "add":
            password = _read_secret("Password (8 or more characters)")
            person = people.add_person(
                engine,
                username=args.username,
                display_name=args.name,
                password=password,
                role=args.role,
                store=args.store,
                now=now,
            )
            print(f"added {person.username}: {_grants(person.grants)}")
        elif action == "grant":
            role = None if args.role == "none" else args.role
            person = people.grant(
                engine, username=args.username, store=args.store, role=role, now=now
            )
            print(f"{person.username}: {_grants(person.grants)}")
        elif action == "set-pin":
            people.set_pin(
                engine, username=args.username, pin=_read_secret("PIN (4 to 8 digits)"), now=now
            )
            print(f"{args.username}'s PIN is set: it reaches every till at its next sync")
        elif action == "revoke-keys":
            version = people.revoke_keys(engine, username=args.username)
            print(
                f"{args.username}'s author keys are revoked (now version {version}): they sign "
                "in again while head office is reachable"
            )
        else:
            for person in people.everyone(engine):
                state = " (archived)" if person.archived else ""
                print(
                    f"{person.username:<20} {person.display_name:<30} "
                    f"{_grants(person.grants)}{state}"
                )
    except people.PersonRefused as refused:
        print(f"posapp-server: {refused}", file=sys.stderr)
        return 1
    return 0


def _grants(held: dict[str, str]) -> str:
    if not held:
        return "no role anywhere"
    return ", ".join(
        f"{role} in {'every store' if store == '*' else store}"
        for store, role in sorted(held.items())
    )


def _read_secret(what: str) -> str:
    """A password or PIN, asked twice on a terminal (not echoed); the first line of input
    otherwise, so a script can pipe it in without it showing in the process list."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    secret = getpass.getpass(f"{what}: ")
    if getpass.getpass("The same again: ") != secret:
        raise SystemExit("posapp-server: the two differ")
    return secret


COMMANDS: dict[str, Callable[[Engine, argparse.Namespace], int]] = {
    "users": _users,
    "serve": _serve,
    "enroll-code": _enroll_code,
    "revoke": _revoke,
    "refetch": _refetch,
    "flags": _flags,
    "order": _order,
    "cost": cost_cli.cost,
    "value": cost_cli.value,
    "report": cost_cli.report,
}


def _exit_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(0)
