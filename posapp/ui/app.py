"""Starting the Qt application: one QApplication, the till window, clean exit on SIGTERM."""

from __future__ import annotations

import signal
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from posapp.services.devices import CodeSource, DeviceSetup
from posapp.services.selling import TillActions
from posapp.services.shop import BackOffice
from posapp.ui.presenters.sale import SalePresenter
from posapp.ui.presenters.wedge import WedgeDetector
from posapp.ui.setup_dialog import Accept, SetupDialog
from posapp.ui.till.till_window import TillWindow
from posapp.ui.wedge_filter import WedgeScanFilter
from posapp.ui.workers import CatalogueWorker


@dataclass(frozen=True)
class TillOptions:
    """What the till needs besides its actions: a serial scanner, the device settings screen's
    hooks, device settings that could not be used, training mode, and the wedge scanner's
    timing ({"gap_ms": 50, "min_length": 6, "terminator": "enter" | "tab"})."""

    scanner: CodeSource | None = None
    setup: DeviceSetup | None = None
    # The back office as the person who opened it at the till (their user id).
    back_office: Callable[[uuid.UUID], BackOffice] | None = None
    problems: tuple[str, ...] = ()
    training: bool = False
    wedge: Mapping[str, Any] = field(default_factory=dict)
    # One line about sync to head office (online, what waits, the last error); None when this
    # node does not sync. Cheap: it reads what the sync worker last saw.
    sync_status: Callable[[], str] | None = None


def build_till_window(actions: TillActions, options: TillOptions | None = None) -> TillWindow:
    """The till window, with keyboard-wedge scans routed to it from whatever has focus."""
    options = options or TillOptions()
    window = TillWindow(
        actions=actions,
        presenter=SalePresenter(actions.till, actions.new_id),
        catalogue_worker=CatalogueWorker(actions.catalogue),
        scanner=options.scanner,
        setup=options.setup,
        back_office=options.back_office,
        problems=options.problems,
        training=options.training,
        sync_status=options.sync_status,
    )
    app = QApplication.instance()
    assert app is not None, "create the QApplication first"
    wedge = options.wedge
    detector = WedgeDetector(
        max_gap_ms=float(wedge.get("gap_ms", 50)), min_length=int(wedge.get("min_length", 6))
    )
    wedge_filter = WedgeScanFilter(detector, terminator=str(wedge.get("terminator", "enter")))
    wedge_filter.setParent(window)
    wedge_filter.scanned.connect(window.scan)
    app.installEventFilter(wedge_filter)
    window.destroyed.connect(lambda: app.removeEventFilter(wedge_filter))
    return window


def run_application(actions: TillActions, options: TillOptions | None = None) -> int:
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("posapp")
    window = build_till_window(actions, options)
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


def ask_for_setup(
    accept: Accept, *, administrator: str | None = None, demo_products: int = 0
) -> bool:
    """The setup window (a new shop, or an administrator without password and PIN); False when
    the person quits it, and then nothing was written."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("posapp")
    dialog = SetupDialog(accept, administrator=administrator, demo_products=demo_products)
    for signum in (signal.SIGINT, signal.SIGTERM):  # leave the setup as Quit would
        signal.signal(signum, lambda *_: dialog.reject())
    heartbeat = QTimer()  # lets Python run those handlers while Qt waits (see run_application)
    heartbeat.start(200)
    heartbeat.timeout.connect(lambda: None)
    return dialog.exec() == SetupDialog.DialogCode.Accepted


def run_back_office(
    sign_in: Callable[[str, str], Any],
    back_office_for: Callable[[Any], BackOffice],
    elsewhere: tuple[str, Callable[[str, str], Any], Callable[[Any], BackOffice]] | None = None,
) -> int:
    """`posapp backoffice`: sign in with a password, then the back-office window; `elsewhere`,
    another place it can open (head office: its title, its sign-in and its pages)."""
    from posapp.ui.back_office.sign_in import BackOfficeSignIn, Place

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("posapp")
    other = None if elsewhere is None else Place(*elsewhere)
    dialog = BackOfficeSignIn(sign_in, back_office_for, elsewhere=other)
    dialog.rejected.connect(app.quit)
    dialog.show()
    return app.exec()
