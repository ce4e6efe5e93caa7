"""What every `posapp import` shows: progress on one line, and a refused file's every problem
by row (then exit 1, nothing imported)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from posapp.db.store import StoreError
from posapp.reports.table_files import UnreadableFile
from posapp.services.shared import ImportRefused

T = TypeVar("T")


def show_progress(stage: str, done: int, total: int) -> None:
    print(f"\r  {stage} {done:,} of {total:,} rows ", end="", file=sys.stderr, flush=True)


def importing(file: Path, run: Callable[[], T]) -> T | None:
    """What `run` returns, or None once a refusal's problems are listed."""
    try:
        done = run()
    except ImportRefused as refused:
        print(file=sys.stderr)
        for problem in refused.problems:
            print(f"{file.name}: {problem}")
        print(f"posapp: {len(refused.problems)} problem(s); nothing imported", file=sys.stderr)
        return None
    except UnreadableFile as error:
        raise StoreError(str(error)) from None
    print(file=sys.stderr)
    return done
