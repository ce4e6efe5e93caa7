"""What every `posapp import` shows: progress on one line, and a refused file's every problem
by row (then exit 1, nothing imported)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from posapp import bootstrap
from posapp.bootstrap.node import Node
from posapp.cli.people_commands import open_as
from posapp.db.store import StoreError
from posapp.reports.table_files import UnreadableFile
from posapp.services.shared import ImportRefused

T = TypeVar("T")


def show_progress(stage: str, done: int, total: int) -> None:
    print(f"\r  {stage} {done:,} of {total:,} rows ", end="", file=sys.stderr, flush=True)


def importing(
    data_dir: Path, args: argparse.Namespace, run: Callable[[Node], T]
) -> tuple[T, float] | None:
    """What `run` returned on the node (signed in as `--as`) and the seconds it took, or None
    once a refusal's problems are listed."""
    node = open_as(data_dir, args)
    file: Path = args.file
    started = time.perf_counter()
    try:
        bootstrap.node.ensure_undamaged(node)  # a long write: never into a damaged file
        done = run(node)
    except ImportRefused as refused:
        print(file=sys.stderr)
        for problem in refused.problems:
            print(f"{file.name}: {problem}")
        print(f"posapp: {len(refused.problems)} problem(s); nothing imported", file=sys.stderr)
        return None
    except UnreadableFile as error:
        raise StoreError(str(error)) from None
    finally:
        node.close()
    print(file=sys.stderr)
    return done, time.perf_counter() - started
