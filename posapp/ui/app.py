"""Starting the Qt application: one QApplication, the main window, clean exit on SIGTERM."""

from __future__ import annotations

import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from posapp.services.ports import CatalogueReader
from posapp.ui.main_window import CatalogueWindow
from posapp.ui.workers import CatalogueWorker


@dataclass(frozen=True)
class UiContext:
    store_name: str
    terminal_code: str
    database_path: Path
    catalogue: CatalogueReader


def build_main_window(context: UiContext) -> CatalogueWindow:
    return CatalogueWindow(
        title=f"posapp — {context.store_name} · {context.terminal_code}",
        status=f"database {context.database_path}",
        worker=CatalogueWorker(context.catalogue),
    )


def run_application(context: UiContext) -> int:
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("posapp")
    window = build_main_window(context)
    window.ready.connect(
        lambda: print(
            f"posapp: ready in {(time.perf_counter() - started) * 1000:.0f} ms",
            file=sys.stderr,
            flush=True,
        )
    )
    window.resize(1024, 768)
    window.show()
    # Qt's event loop does not let Python run signal handlers; a idle timer gives it the chance,
    # so SIGTERM (a service manager, a test) and Ctrl+C close the window cleanly.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: window.close())
    heartbeat = QTimer()
    heartbeat.start(200)
    heartbeat.timeout.connect(lambda: None)
    return app.exec()
