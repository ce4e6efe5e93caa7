"""Reporting: the catalogue's reports (posapp.domain.reporting) opened for those allowed to see
them, over summaries kept up to date off the till's critical path."""

from posapp.services.reporting.chain import ChainAdmin, ChainDocument, ChainFlag, StoreStock
from posapp.services.reporting.dashboard import (
    TOP_ROWS,
    TREND_DAYS,
    Dashboard,
    DashboardStore,
    Tile,
    dashboard,
)
from posapp.services.reporting.history_import import HistoryCheck, import_history
from posapp.services.reporting.reports import (
    LONGEST_SPAN_DAYS,
    PAGE_ROWS,
    ReportsAdmin,
    ReportStore,
    checked_report,
    drill_down,
    drilled_report,
    every_row,
    may_view_reports,
    open_report,
)

__all__ = [
    "LONGEST_SPAN_DAYS",
    "PAGE_ROWS",
    "TOP_ROWS",
    "TREND_DAYS",
    "ChainAdmin",
    "ChainDocument",
    "ChainFlag",
    "Dashboard",
    "DashboardStore",
    "HistoryCheck",
    "ReportStore",
    "ReportsAdmin",
    "StoreStock",
    "Tile",
    "checked_report",
    "dashboard",
    "drill_down",
    "drilled_report",
    "every_row",
    "import_history",
    "may_view_reports",
    "open_report",
]
