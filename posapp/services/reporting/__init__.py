"""Reporting: the catalogue's reports (posapp.domain.reporting) opened for those allowed to see
them, over summaries kept up to date off the till's critical path."""

from posapp.services.reporting.reports import (
    LONGEST_SPAN_DAYS,
    PAGE_ROWS,
    ReportStore,
    checked_report,
    every_row,
    may_view_reports,
    open_report,
)

__all__ = [
    "LONGEST_SPAN_DAYS",
    "PAGE_ROWS",
    "ReportStore",
    "checked_report",
    "every_row",
    "may_view_reports",
    "open_report",
]
