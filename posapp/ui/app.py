"""Starting the Qt application: one QApplication, the till window, clean exit on SIGTERM."""

from __future__ import annotations

import signal
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from posapp.services.devices import CodeSource, DeviceSetup
from posapp.services.till_actions import TillActions
from posapp.ui.presenters.sale import SalePresenter
from posapp.ui.till.till_window import TillWindow
from posapp.ui.wedge_filter import WedgeScanFilter
from posapp.ui.workers import CatalogueWorker


def build_till_window(
    actions: TillActions,
    *,
    scanner: CodeSource | None = None,
    setup: DeviceSetup | None = None,
    problems: tuple[str, ...] = (),
    training: bool = False,
) -> TillWindow:
    """The till window, with keyboard-wedge scans routed to it from whatever has focus."""
    window = TillWindow(
        actions=actions,
        presenter=SalePresenter(actions.till, actions.new_id),
        catalogue_worker=CatalogueWorker(actions.catalogue),
        scanner=scanner,
        setup=setup,
        problems=problems,
        training=training,
    )
    app = QApplication.instance()
    assert app is not None, "create the QApplication first"
    wedge = WedgeScanFilter()
    wedge.setParent(window)
    wedge.scanned.connect(window.scan)
    app.installEventFilter(wedge)
    window.destroyed.connect(lambda: app.removeEventFilter(wedge))
    return window


def run_application(
    actions: TillActions,
    *,
    scanner: CodeSource | None = None,
    setup: DeviceSetup | None = None,
    problems: tuple[str, ...] = (),
    training: bool = False,
) -> int:
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("posapp")
    window = build_till_window(
        actions, scanner=scanner, setup=setup, problems=problems, training=training
    )
    window.ready.connect(
        lambda: print(
            f"posapp: ready in {(time.perf_counter() - started) * 1000:.0f} ms",
            file=sys.stderr,
            flush=True,
        )
    )
    window.resize(1024, 768)
    window.showMaximized()
    # Qt's event loop does not let Python run signal handlers; an idle timer gives it the
    # chance, so SIGTERM (a service manager, a test) and Ctrl+C close the window cleanly.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: window.close())
    heartbeat = QTimer()
    heartbeat.start(200)
    heartbeat.timeout.connect(lambda: None)
    return app.exec()
