"""A catalogue report written to a file a spreadsheet opens: CSV (plain numbers, a dot for
decimals) or Excel (typed numeric cells with their formats, text that can never run as a
formula, the header frozen, and a total row of formulas over the rows above it)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from posapp.domain.currency import minor_unit_exponent
from posapp.domain.report_values import (
    DIMENSION_TITLES,
    number,
    shown,
)
from posapp.domain.reporting import (
    Kind,
    Measure,
    ReportPage,
    ReportRow,
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ReportFile:
    """What is written besides the rows: whose report, and its first page (title, period,
    measures and the total of every row)."""

    shop: str
    currency: str
    page: ReportPage

    @property
    def columns(self) -> list[str]:
        return [DIMENSION_TITLES[self.page.report.dimension]] + [
            m.title for m in self.page.report.measures
        ]

    @property
    def period(self) -> str:
        return f"{self.page.first.isoformat()} to {self.page.last.isoformat()}"


def safe_text(text: str) -> str:
    """Text a spreadsheet shows and never runs (CSV): a formula-like start gets an apostrophe."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def write_csv(path: Path, report: ReportFile, rows: Iterable[ReportRow]) -> int:
    measures = report.page.report.measures
    written = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(report.columns)
        for row in rows:
            writer.writerow(_csv_row(row, measures, report.currency))
            written += 1
        writer.writerow(_csv_row(report.page.total, measures, report.currency))
    return written


def _csv_row(row: ReportRow, measures: Sequence[Measure], currency: str) -> list[str]:
    return [safe_text(row.label)] + [shown(m, row.values.get(m.name), currency) for m in measures]


def write_excel(path: Path, report: ReportFile, rows: Iterable[ReportRow]) -> int:
    """The rows under a frozen header, then a total row of formulas over them: sums for what
    adds up, and the margin %, returns % and average basket worked out from those sums."""
    import openpyxl
    from openpyxl.cell import Cell, WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    measures = report.page.report.measures
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(report.page.report.name[:31])
    _laid_out(sheet, report)
    bold = Font(bold=True)

    def cell(
        value: str | int | Decimal | None,
        number_format: str | None = None,
        *,
        strong: bool = False,
        class_: Kind | None = None,
    ) -> Cell:
        made = WriteOnlyCell(sheet, value=float(value) if isinstance(value, Decimal) else value)
        if isinstance(value, str):
            made.data_type = "s"  # text never runs, even a name that starts with "="
        if number_format:
            made.number_format = number_format
        if strong:
            made.font = bold
        if class_ is Kind.TEXT:
            made.alignment = Alignment(horizontal="center")
        return made

    formats = [_excel_format(m, report.currency) for m in measures]
    header = [cell(title, strong=True) for title in report.columns]
    for title, measure in zip(header[1:], measures, strict=True):
        title.alignment = Alignment(horizontal=_aligned(measure))  # over what it heads
    sheet.append(header)
    written = 0
    for row in rows:
        sheet.append(
            [cell(row.label)]
            + [
                cell(number(m, row.values.get(m.name), report.currency), f, class_=m.kind)
                for m, f in zip(measures, formats, strict=True)
            ]
        )
        written += 1
    last = written + 1
    letters = {m.name: _letter(i + 2) for i, m in enumerate(measures)}
    places = minor_unit_exponent(report.currency)
    totals = [cell("Total", strong=True)]
    for measure, number_format in zip(measures, formats, strict=True):
        formula = WriteOnlyCell(sheet, value=_total_formula(measure, letters, last, places))
        formula.number_format, formula.font = number_format, bold
        totals.append(formula)
    sheet.append(totals)
    book.save(path)
    return written


LABEL_WIDTH_MOST = 60  # characters: a long product name is cut on screen, kept in the cell


def _laid_out(sheet: Any, report: ReportFile) -> None:
    """The header frozen, the columns wide enough, and printed with every column on the width
    of a landscape page, as many pages down as it takes."""
    sheet.freeze_panes = "A2"
    _widths(sheet, report)
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0


def _widths(sheet: Any, report: ReportFile) -> None:
    """Columns wide enough for what they hold, set before the first row (a write-only sheet
    takes them only then): the names as wide as the first page's longest, the figures as wide
    as their title or a large total."""
    labels = [len(row.label) for row in report.page.rows] + [len(report.columns[0]), 12]
    sheet.column_dimensions["A"].width = min(max(labels), LABEL_WIDTH_MOST) + 2
    for place, title in enumerate(report.columns[1:], start=2):
        sheet.column_dimensions[_letter(place)].width = max(len(title), 12) + 2


def _aligned(measure: Measure) -> str:
    return "center" if measure.kind is Kind.TEXT else "right"


def _excel_format(measure: Measure, currency: str) -> str:
    if measure.kind is Kind.MONEY:
        places = minor_unit_exponent(currency)
        return "#,##0" + ("." + "0" * places if places else "")
    if measure.kind is Kind.QUANTITY:
        return "#,##0.###"
    if measure.kind is Kind.PERCENT:
        return "0.0"
    if measure.kind is Kind.TEXT:
        return "@"
    return "#,##0"


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def _total_formula(measure: Measure, letters: dict[str, str], last: int, places: int) -> str:
    """The total row's formula for a measure: a sum over rows 2 … `last`, or worked out from
    the total row's own sums (row `last + 1`), as posapp.domain.reporting.measured does."""
    total = last + 1

    def at(name: str) -> str:
        return f"{letters[name]}{total}"

    if measure.name == "margin_percent":
        return f'=IF({at("net")}=0,"",ROUND({at("margin")}/{at("net")}*100,1))'
    if measure.name == "returns_rate":
        sold = f"({at('gross')}-{at('returned')})"
        return f'=IF({sold}=0,"",ROUND(-{at("returned")}/{sold}*100,1))'
    if measure.name == "average_basket":
        sold = f"({at('gross')}-{at('returned')})"
        return f'=IF({at("sales")}=0,"",ROUND({sold}/{at("sales")},{places}))'
    if measure.name == "sell_through":
        held = f"({at('sold')}+{at('on_hand')})"
        return f'=IF({held}=0,"",ROUND({at("sold")}/{held}*100,1))'
    if measure.kind in (Kind.PERCENT, Kind.TEXT) or measure.name == "idle_days":
        return ""  # a share, a class or a count of days: nothing to add up
    column = letters[measure.name]
    return f"=SUM({column}2:{column}{last})" if last >= 2 else "=0"
