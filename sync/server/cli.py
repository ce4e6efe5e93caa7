"""`posapp-server`: the head-office sync service."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from posapp import __version__
from sync.protocol import PROTOCOL_VERSION


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="posapp-server", description="posapp head-office sync")
    parser.add_argument(
        "--version",
        action="version",
        version=f"posapp-server {__version__} (sync protocol {PROTOCOL_VERSION})",
    )
    parser.parse_args(argv)
    print(
        "posapp-server: the sync service is not built yet; nodes trade offline until it is",
        file=sys.stderr,
    )
    return 1
