"""`posapp-server`: the head-office sync service.

posapp-server --data-dir /var/lib/posapp-server                 # embedded PostgreSQL
posapp-server --data-dir DIR --database-url postgresql://u:p@db/posapp --host 0.0.0.0
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from posapp import __version__
from sync.protocol import PROTOCOL_VERSION

DEFAULT_PORT = 8710


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="posapp-server", description="posapp head-office sync")
    parser.add_argument(
        "--version",
        action="version",
        version=f"posapp-server {__version__} (sync protocol {PROTOCOL_VERSION})",
    )
    parser.add_argument("--data-dir", type=Path, required=True, help="state of this server")
    parser.add_argument(
        "--database-url",
        default=None,
        help="postgresql://USER:PASSWORD@HOST/DB; without it, PostgreSQL runs embedded in DATA_DIR",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    import uvicorn
    from sqlalchemy.exc import SQLAlchemyError

    from sync.server.app import create_app
    from sync.server.database import EmbeddedDatabase, connect

    embedded = None  # PostgreSQL in the data directory, for as long as this process runs
    url = args.database_url
    try:
        if url is None:
            embedded = EmbeddedDatabase(args.data_dir)
            url = embedded.url
        engine = connect(url)
    except (SQLAlchemyError, OSError) as error:
        print(f"posapp-server: cannot reach the database: {error}", file=sys.stderr)
        if embedded is not None:
            embedded.stop()
        return 1
    # uvicorn re-raises SIGTERM/SIGINT once it has shut down; with this handler in place that
    # becomes a normal exit, so the embedded PostgreSQL is stopped below instead of orphaned.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _exit_cleanly)
    print(f"posapp-server: serving on http://{args.host}:{args.port}", file=sys.stderr, flush=True)
    try:
        uvicorn.run(create_app(engine), host=args.host, port=args.port, log_level="warning")
    except SystemExit:
        pass
    finally:
        engine.dispose()
        if embedded is not None:
            embedded.stop()
    return 0


def _exit_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(0)
