"""One database worker thread for the screens: every query and commit runs there, never on the
GUI thread. Jobs run in order; each answers on the GUI thread through its own callbacks."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, QThread, Signal, Slot

_T = TypeVar("_T")


class RunJob(Protocol):
    """A page's way to the worker: `run(job, done)`; a failure is said on the status line."""

    def __call__(self, job: Callable[[], _T], done: Callable[[_T], object], /) -> None: ...


class Say(Protocol):
    """A page's status line."""

    def __call__(self, text: str, *, error: bool = False) -> None: ...


class _Runner(QObject):
    finished = Signal(int, object)
    failed = Signal(int, object)

    @Slot(int, object)
    def run(self, job_id: int, job: Callable[[], Any]) -> None:
        try:
            result = job()
        except Exception as error:  # handed to the job's on_error on the GUI thread
            self.failed.emit(job_id, error)
        else:
            self.finished.emit(job_id, result)


class DbWorker(QObject):
    """`submit(job, on_done, on_error)`: `job()` runs on the worker thread; `on_done(result)` or
    `on_error(exception)` then runs on the GUI thread."""

    _dispatch = Signal(int, object)

    def __init__(self, name: str = "db-worker") -> None:
        super().__init__()
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._runner = _Runner()
        self._runner.moveToThread(self._thread)
        self._dispatch.connect(self._runner.run)
        self._runner.finished.connect(self._finished)
        self._runner.failed.connect(self._failed)
        # Each job's callbacks take what that job returned: typed at submit, kept untyped here.
        self._callbacks: dict[int, tuple[Callable[[Any], object], Callable[[Exception], object]]]
        self._callbacks = {}
        self._ids = itertools.count(1)
        self._thread.start()

    def submit(
        self,
        job: Callable[[], _T],
        on_done: Callable[[_T], object],
        on_error: Callable[[Exception], object],
    ) -> None:
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_done, on_error)
        self._dispatch.emit(job_id, job)

    def _finished(self, job_id: int, result: object) -> None:
        on_done, _ = self._callbacks.pop(job_id)
        on_done(result)

    def _failed(self, job_id: int, error: Exception) -> None:
        _, on_error = self._callbacks.pop(job_id)
        on_error(error)

    def stop(self) -> None:
        self._thread.quit()
        self._thread.wait(10_000)
