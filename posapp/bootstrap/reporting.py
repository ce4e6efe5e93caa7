"""The catalogue's reports on a node's own store: its summaries folded in from the journal and
the cost changes, pages read from them, and the files a report is exported to."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from posapp.bootstrap import costing
from posapp.bootstrap.node import Node
from posapp.db import report_queries, report_summaries
from posapp.db.ledger_reports import ledger_page
from posapp.db.node_setup import read_settings
from posapp.db.report_documents import row_documents
from posapp.db.report_span import Span
from posapp.db.stock_queries import below_reorder_point
from posapp.db.stock_value_queries import value_now_minor
from posapp.domain.currency import minor_unit_exponent
from posapp.domain.reporting import DocumentRow, ReportDefinition, ReportPage
from posapp.domain.sales_history import HistoryMapping, MappingRefused, mapping_from
from posapp.reports.report_files import ReportFile, write_csv, write_excel
from posapp.reports.report_pdf import report_pdf
from posapp.reports.table_files import open_table
from posapp.services import reporting
from posapp.services.shared import FieldError, ImportRefused, Progress, RowProblem

EXPORT_FORMATS = ("csv", "xlsx", "pdf")


class NodeReports:
    """A store's summaries on its node (reporting.ReportStore), and its reports for the back
    office and the command line."""

    def __init__(self, node: Node) -> None:
        self._node = node

    def fold(self) -> None:
        """A shop without head office costs its own sales: what the tills sold since the last
        costing run is costed first, so the margin is as known as it can be."""
        if costing.keeps_costs_here(self._node):
            costing.run(self._node)
        report_summaries.fold(self._node.store.engine, self._node.settings.time_zone)

    def page(
        self, report: ReportDefinition, first: date, last: date, *, offset: int, limit: int
    ) -> ReportPage:
        engine = self._node.store.engine
        if report.source.is_ledger:
            span = Span(first, last, ZoneInfo(self._node.settings.time_zone))
            with engine.connect() as connection:
                stored = read_settings(connection)
            return ledger_page(engine, report, span, stored, offset=offset, limit=limit)
        with engine.connect() as connection:
            return report_queries.report_page(
                connection, report, first, last, offset=offset, limit=limit
            )

    def documents(
        self, report: ReportDefinition, key: str, first: date, last: date
    ) -> list[DocumentRow]:
        zone = ZoneInfo(self._node.settings.time_zone)
        with self._node.store.engine.connect() as connection:
            return row_documents(connection, report, key, first, last, zone)

    def drill_down(self, name: str, key: str, first: date, last: date) -> list[DocumentRow]:
        return reporting.drill_down(
            self, actor=self._node.actor, name=name, key=key, first=first, last=last
        )

    def currency(self) -> str:
        return self._node.settings.currency

    def stock_value_minor(self) -> int:
        return value_now_minor(self._node.store.engine)

    def below_reorder_point(self) -> int:
        return below_reorder_point(self._node.store.engine)

    def dashboard(self) -> reporting.Dashboard:
        return reporting.dashboard(self, actor=self._node.actor, today=self.today())

    def today(self) -> date:
        """The store's own today, in its time zone."""
        return self._node.clock.now().astimezone(ZoneInfo(self._node.settings.time_zone)).date()

    def open(
        self, name: str, first: date, last: date, *, offset: int = 0, limit: int = 100
    ) -> ReportPage:
        return reporting.open_report(
            self,
            actor=self._node.actor,
            name=name,
            first=first,
            last=last,
            offset=offset,
            limit=limit,
        )

    def export(self, first_page: ReportPage, path: Path) -> int:
        """Every row of the report `first_page` began into `path` (CSV, Excel or PDF by its
        suffix); returns the rows written."""
        kind = path.suffix.lower().lstrip(".")
        if kind not in EXPORT_FORMATS:
            raise FieldError("file", path.name, "must end in .csv, .xlsx or .pdf")
        file = ReportFile(self._node.settings.store_name, self.currency(), first_page)
        rows = reporting.every_row(self, first_page)
        if kind == "csv":
            return write_csv(path, file, rows)
        if kind == "xlsx":
            return write_excel(path, file, rows)
        listed = list(rows)
        path.write_bytes(report_pdf(file, listed))
        return len(listed)


def import_history(
    node: Node,
    path: Path,
    mapping_path: Path,
    *,
    by: str,
    progress: Progress | None = None,
    check_only: bool = False,
) -> reporting.HistoryCheck:
    """Past sales from a CSV or Excel file, read through the column mapping in a JSON file."""
    mapping = _mapping(mapping_path)
    table = open_table(path)
    missing = [
        RowProblem(1, field, column, "is not a column of the file")
        for field, column in mapping.columns.items()
        if column not in table.columns
    ]
    if missing:
        raise ImportRefused(missing)
    return reporting.import_history(
        node.unit_of_work(),
        table.read,
        mapping=mapping,
        currency=node.settings.currency,
        exponent=minor_unit_exponent(node.settings.currency),
        source=path.name,
        by=by,
        actor=node.actor,
        clock=node.clock,
        new_id=node.new_id,
        progress=progress,
        total=table.rows,
        check_only=check_only,
    )


def _mapping(path: Path) -> HistoryMapping:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise MappingRefused(f"{path}: cannot be read ({error.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MappingRefused(f"{path.name}: not a JSON mapping ({error})") from None
    if not isinstance(record, dict):
        raise MappingRefused(f"{path.name}: a JSON object of columns and rules is needed")
    mapping = mapping_from(record)
    # The file's header is read lower-cased (reports.table_files): so are the mapping's names.
    return replace(mapping, columns={k: v.lower() for k, v in mapping.columns.items()})
