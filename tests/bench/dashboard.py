"""The dashboard timed as a manager sees it: the real page (offscreen Qt) from opening to every
tile and chart painted — the figures fetched (on the node, or over HTTP from head office) and
the page drawn."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QApplication

from posapp.services.reporting import ReportsAdmin
from posapp.ui.back_office.dashboard_page import DashboardPage


def _at_once(job: Callable[[], Any], done: Callable[[Any], object], /) -> None:
    """The page's worker, run in line: the time measured is the fetch plus the showing."""
    done(job())


def _said(text: str, *, error: bool = False) -> None:
    assert not error, text


def painted_dashboard(admin: ReportsAdmin, opens: int) -> tuple[list[float], DashboardPage]:
    """Seconds from asking for the dashboard to its page painted, `opens` times (a new page
    each time, 1280×800, as the back office opens it), and the last page."""
    app = QApplication.instance() or QApplication([])
    timings = []
    page = None
    for _ in range(opens):
        if page is not None:
            page.deleteLater()
        page = DashboardPage(admin, _at_once, _said)
        page.resize(1280, 800)
        page.show()
        app.processEvents()
        opened = time.perf_counter()
        page.load()
        page.grab()  # every tile, chart and table drawn
        app.processEvents()
        timings.append(time.perf_counter() - opened)
    assert page is not None
    assert page.shown is not None
    return timings, page
