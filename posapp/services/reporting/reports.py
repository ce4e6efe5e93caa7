"""Opening a catalogue report: who may, over which days, and with the summaries brought up to
date first, so a report shows every sale recorded before it was opened."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from posapp.domain.actors import Actor, NotPermitted
from posapp.domain.permissions import Permission
from posapp.domain.reporting import (
    Dimension,
    DocumentRow,
    ReportDefinition,
    ReportPage,
    ReportRow,
    UnknownReport,
    report_named,
)
from posapp.services.shared import FieldError

if TYPE_CHECKING:
    from posapp.services.reporting.dashboard import Dashboard

# Ten years of days: a longer span is a typing mistake (a year of 20260), not a question.
LONGEST_SPAN_DAYS = 3660
PAGE_ROWS = 100
# Rows of suppliers and of stock at a place stand for no sale: nothing to drill down to.
NO_SALES_BEHIND = frozenset((Dimension.SUPPLIER, Dimension.PLACE))


class ReportStore(Protocol):
    """Where a store's (or a chain's) summaries are kept."""

    def fold(self) -> None:
        """Bring the summaries up to date with every document recorded and every cost changed."""
        ...

    def page(
        self, report: ReportDefinition, first: date, last: date, *, offset: int, limit: int
    ) -> ReportPage:
        """The rows `offset` … `offset + limit` of the report, with its total and row count."""
        ...

    def documents(
        self, report: ReportDefinition, key: str, first: date, last: date
    ) -> list[DocumentRow]:
        """The sales and returns the row `key` counts, newest first (DRILL_MOST + 1 at most)."""
        ...


def may_view_reports(actor: Actor | None) -> None:
    """None is the shop's own command line with no one signed in: whoever holds the file."""
    if actor is not None and not actor.may(Permission.VIEW_REPORTS):
        raise NotPermitted(
            f"{actor.name} ({actor.role}) may not see reports: that needs a role with "
            f"{Permission.VIEW_REPORTS.value}"
        )


def checked_report(name: str, first: date, last: date) -> ReportDefinition:
    """The report called `name` over `first` … `last`, or FieldError naming what is wrong."""
    try:
        report = report_named(name)
    except UnknownReport as error:
        raise FieldError("report", name, str(error)) from None
    if last < first:
        raise FieldError("to", last.isoformat(), f"is before the first day, {first.isoformat()}")
    if (last - first).days >= LONGEST_SPAN_DAYS:
        raise FieldError("from", first.isoformat(), "is more than ten years before the last day")
    return report


def open_report(
    store: ReportStore,
    *,
    actor: Actor | None,
    name: str,
    first: date,
    last: date,
    offset: int = 0,
    limit: int = PAGE_ROWS,
) -> ReportPage:
    """A page of the report, for someone allowed to see reports."""
    may_view_reports(actor)
    report = checked_report(name, first, last)
    if offset < 0 or limit < 1:
        raise FieldError("page", f"{offset}+{limit}", "is not a page of rows")
    store.fold()
    return store.page(report, first, last, offset=max(offset, 0), limit=limit)


def drill_down(
    store: ReportStore,
    *,
    actor: Actor | None,
    name: str,
    key: str,
    first: date,
    last: date,
) -> list[DocumentRow]:
    """The documents behind one row of a report, for someone allowed to see reports."""
    may_view_reports(actor)
    return store.documents(drilled_report(name, first, last), key, first, last)


def drilled_report(name: str, first: date, last: date) -> ReportDefinition:
    """The report whose row's documents are asked for (a node's, head office's): FieldError
    for one whose rows have no sales behind them (a supplier's, a place's)."""
    report = checked_report(name, first, last)
    if report.dimension in NO_SALES_BEHIND:
        raise FieldError("report", name, "has no sales or returns behind its rows")
    return report


def every_row(
    store: ReportStore, first_page: ReportPage, *, step: int = 1000
) -> Iterator[ReportRow]:
    """Every row of the report `first_page` began (an export), page after page, without
    folding again, so the rows add up to the total the first page carried."""
    yield from first_page.rows
    offset = first_page.offset + len(first_page.rows)
    while offset < first_page.row_count:
        page = store.page(
            first_page.report, first_page.first, first_page.last, offset=offset, limit=step
        )
        if not page.rows:
            return
        yield from page.rows
        offset += len(page.rows)


class ReportsAdmin(Protocol):
    """The back office's reports page on a store (bootstrap implements it)."""

    def currency(self) -> str: ...

    def today(self) -> date:
        """The store's today, in its time zone."""
        ...

    def open(
        self, name: str, first: date, last: date, *, offset: int = 0, limit: int = PAGE_ROWS
    ) -> ReportPage:
        """A page of the report (open_report: permission checked, summaries folded first)."""
        ...

    def export(self, first_page: ReportPage, path: Path) -> int:
        """Every row of the report into a CSV, Excel or PDF file; the rows written."""
        ...

    def dashboard(self) -> Dashboard:
        """Today's tiles, the last 30 days' trend and what sold most."""
        ...

    def drill_down(self, name: str, key: str, first: date, last: date) -> list[DocumentRow]:
        """The documents behind a row (drill_down: permission checked)."""
        ...
