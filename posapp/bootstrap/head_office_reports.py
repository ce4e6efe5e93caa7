"""The back office on head office's data (`posapp backoffice --head-office URL`): a person of
the chain signs in with their head-office password and sees the Dashboard and Reports pages
and the chain's lists (stock across stores, documents, flags) over every store their roles let
them see, read through head office's back office API (sync/client/office). The node it runs
on gives only its currency and time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from posapp.bootstrap.node import Node
from posapp.domain.permissions import Permission
from posapp.domain.reporting import (
    DocumentRow,
    Kind,
    ReportDefinition,
    ReportPage,
    ReportRow,
    Value,
    report_named,
)
from posapp.reports.report_files import ReportFile, write_csv, write_excel
from posapp.reports.report_pdf import report_pdf
from posapp.services import reporting
from posapp.services.reporting import ChainDocument, ChainFlag, StoreStock
from posapp.services.shared import FieldError, UserRecord
from posapp.services.shop import (
    BackOffice,
    HeadOfficeFlag,
    JournalRow,
    OutboxView,
    RoleRecord,
    ShiftRow,
)
from sync.client.office import OfficeClient, OfficeRefused
from sync.contract.office import OfficeSession, Page, Row

EXPORT_FORMATS = ("csv", "xlsx", "pdf")
_Answer = TypeVar("_Answer")


class HeadOfficeReports:
    """reporting.ReportsAdmin (and DashboardStore) over head office's API."""

    def __init__(self, node: Node, client: OfficeClient, session: OfficeSession) -> None:
        self._node, self._client, self._session = node, client, session

    @property
    def stores(self) -> str:
        """Whose reports these are, as a file's header names them."""
        chosen = self._session.reporting_stores
        return "every store" if chosen is None else "stores " + ", ".join(chosen)

    def currency(self) -> str:
        return self._node.settings.currency

    def today(self) -> date:
        return self._node.clock.now().astimezone(ZoneInfo(self._node.settings.time_zone)).date()

    def fold(self) -> None:
        """Head office folds its summaries itself before it answers."""

    def page(
        self, report: ReportDefinition, first: date, last: date, *, offset: int, limit: int
    ) -> ReportPage:
        try:
            found = self._client.page(report.name, first, last, offset=offset, limit=limit)
        except OfficeRefused as refused:
            raise FieldError("report", report.name, str(refused)) from None
        return _report_page(report, found)

    def documents(
        self, report: ReportDefinition, key: str, first: date, last: date
    ) -> list[DocumentRow]:
        try:
            found = self._client.behind_a_row(report.name, key, first, last)
        except OfficeRefused as refused:
            raise FieldError("report", report.name, str(refused)) from None
        # head office sends one document more than a drill-down lists where there are more,
        # as a node's drill-down reads it
        return [DocumentRow(d.number, d.at, d.kind, d.cashier, d.total_minor) for d in found.rows]

    def open(
        self, name: str, first: date, last: date, *, offset: int = 0, limit: int = 100
    ) -> ReportPage:
        return reporting.open_report(
            self, actor=None, name=name, first=first, last=last, offset=offset, limit=limit
        )

    def drill_down(self, name: str, key: str, first: date, last: date) -> list[DocumentRow]:
        return self.documents(report_named(name), key, first, last)

    def stock_value_minor(self) -> int | None:
        """What the stock of the stores this person may see is worth now, as head office's
        costing holds it."""
        try:
            return self._client.stock_value().value_minor
        except OfficeRefused as refused:
            raise FieldError("stock value", "", str(refused)) from None

    def below_reorder_point(self) -> int | None:
        return None  # reorder points stay with each store's nodes

    def dashboard(self) -> reporting.Dashboard:
        return reporting.dashboard(self, actor=None, today=self.today())

    def export(self, first_page: ReportPage, path: Path) -> int:
        kind = path.suffix.lower().lstrip(".")
        if kind not in EXPORT_FORMATS:
            raise FieldError("file", path.name, "must end in .csv, .xlsx or .pdf")
        file = ReportFile(f"Head office — {self.stores}", self.currency(), first_page)
        rows = reporting.every_row(self, first_page)
        if kind == "csv":
            return write_csv(path, file, rows)
        if kind == "xlsx":
            return write_excel(path, file, rows)
        listed = list(rows)
        path.write_bytes(report_pdf(file, listed))
        return len(listed)


def _report_page(report: ReportDefinition, page: Page) -> ReportPage:
    kinds = {measure.name: measure.kind for measure in report.measures}
    return ReportPage(
        report,
        page.first,
        page.last,
        tuple(_row(row, kinds) for row in page.rows),
        _row(page.total, kinds),
        page.row_count,
        page.offset,
    )


def _row(row: Row, kinds: dict[str, Kind]) -> ReportRow:
    """Values as a node's report holds them: percentages travel as text, back to decimals."""
    values: dict[str, Value] = {}
    for name, value in row.values.items():
        if isinstance(value, str) and kinds.get(name) is Kind.PERCENT:
            values[name] = Decimal(value)
        else:
            values[name] = value
    return ReportRow(row.key, row.label, values)


class HeadOfficeChain:
    """The chain's lists, as head office's API serves them to this person."""

    def __init__(self, reports: HeadOfficeReports, client: OfficeClient) -> None:
        self._reports, self._client = reports, client

    def currency(self) -> str:
        return self._reports.currency()

    def stores(self) -> str:
        return self._reports.stores

    def stock(self, search: str, *, offset: int, limit: int) -> tuple[int, list[StoreStock]]:
        found = self._asked("stock", lambda: self._client.stock(search, offset=offset, limit=limit))
        rows = [StoreStock(r.sku, r.name, r.stores, r.total_milli) for r in found.rows]
        return found.row_count, rows

    def documents(
        self, first: date, last: date, *, offset: int, limit: int
    ) -> tuple[list[ChainDocument], bool]:
        found = self._asked(
            "documents", lambda: self._client.documents(first, last, offset=offset, limit=limit)
        )
        rows = [
            ChainDocument(d.number, d.store, d.at, d.kind, d.cashier, d.total_minor)
            for d in found.rows
        ]
        return rows, found.more

    def flags(self, *, open_only: bool) -> list[ChainFlag]:
        found = self._asked("flags", lambda: self._client.flags(open_only=open_only, limit=1000))
        return [
            ChainFlag(f.store, f.terminal, f.problem, f.flagged_at, f.resolved_at)
            for f in found.rows
        ]

    @staticmethod
    def _asked(what: str, ask: Callable[[], _Answer]) -> _Answer:
        try:
            return ask()
        except OfficeRefused as refused:
            raise FieldError(what, "", str(refused)) from None


class HeadOfficeBackOffice:
    """The back office's pages on head office's data: its reports, dashboard and the chain's
    lists (every other page stays with a node's store)."""

    def __init__(self, node: Node, url: str, client: OfficeClient, session: OfficeSession) -> None:
        self.head_office: str | None = url
        self.reports = HeadOfficeReports(node, client, session)
        self.chain = HeadOfficeChain(self.reports, client)
        self.catalogue = self.records = self.settings = self.stock = None
        self.counts = self.payables = self.costs = self.workflows = None
        self._may_report = session.reporting_stores != []

    def may(self, permission: str) -> bool:
        return permission == Permission.VIEW_REPORTS and self._may_report

    # A node's own pages: the window never opens them on head office's data.

    def users(self) -> list[UserRecord]:
        raise _NotHere("people")

    def add_user(self, *, username: str, name: str, role: str, pin: str) -> None:
        raise _NotHere("people")

    def roles(self) -> list[RoleRecord]:
        raise _NotHere("roles")

    def set_role_permissions(self, *, role: str, permissions: frozenset[str]) -> None:
        raise _NotHere("roles")

    def add_role(self, *, code: str, name: str) -> None:
        raise _NotHere("roles")

    def shifts(self) -> list[ShiftRow]:
        raise _NotHere("shifts")

    def z_pdf(self, z_number: int) -> bytes:
        raise _NotHere("Z reports")

    def journal(self) -> list[JournalRow]:
        raise _NotHere("the journal")

    def verify_journal(self) -> list[str]:
        raise _NotHere("the journal")

    def export_journal(self, target: Path) -> int:
        raise _NotHere("the journal")

    def outbox(self) -> OutboxView:
        raise _NotHere("the outbox")

    def retry_quarantined(self) -> int:
        raise _NotHere("the outbox")

    def export_outbox(self, target: Path) -> int:
        raise _NotHere("the outbox")

    def sync_now(self) -> str:
        raise _NotHere("sync")

    def head_office_flags(self) -> list[HeadOfficeFlag]:
        raise _NotHere("flags")


class _NotHere(FieldError):
    def __init__(self, what: str) -> None:
        super().__init__("page", what, "is a node's own, not head office's")


def head_office_back_office(
    node: Node, url: str, client: OfficeClient, session: OfficeSession
) -> BackOffice:
    return HeadOfficeBackOffice(node, url, client, session)


HeadOfficePlace = tuple[
    str, Callable[[str, str], OfficeSession], Callable[[OfficeSession], BackOffice]
]


def head_office_place(node: Node, url: str) -> HeadOfficePlace:
    """Head office as a place the back office opens: its title, its sign-in (the person's
    head-office password) and its pages."""
    client = OfficeClient(url)

    def sign_in(username: str, password: str) -> OfficeSession:
        try:
            return client.sign_in(username, password)
        except OfficeRefused as refused:
            raise FieldError("sign-in", username, str(refused)) from None

    def pages(session: OfficeSession) -> BackOffice:
        return head_office_back_office(node, url, client, session)

    return f"Head office, every store you may see ({url})", sign_in, pages


def run_head_office_back_office(node: Node, url: str) -> int:
    """`posapp backoffice --head-office URL`: head office's password, then its pages."""
    from posapp.ui.app import run_back_office  # Qt loads only when a window opens

    _, sign_in, pages = head_office_place(node, url)
    return run_back_office(sign_in, pages)
