"""Running an editor's save on the back office's worker so that a refusal reaches the editor
(which names and marks the field) as well as the status line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def run_guarded(
    run: Callable[[Any, Any], None],
    say: Callable[..., None],
    job: Callable[[], Any],
    done: Callable[[Any], None],
    failed: Callable[[Exception], None],
) -> None:
    def guarded() -> tuple[bool, Any]:
        try:
            return True, job()
        except Exception as error:
            return False, error

    def finished(result: tuple[bool, Any]) -> None:
        ok, value = result
        if ok:
            done(value)
        else:
            failed(value)
            say(str(value), error=True)

    run(guarded, finished)
