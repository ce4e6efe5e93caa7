"""A page of a report as lines of text for a terminal: the title and period, the rows under a
header, numbers right-aligned, a rule and the total, and how many rows there are in all."""

from __future__ import annotations

from posapp.domain.report_values import (
    DIMENSION_TITLES,
    shown,
)
from posapp.domain.reporting import (
    ReportPage,
)

LABEL_WIDTH = 40


def report_lines(page: ReportPage, currency: str) -> list[str]:
    measures = page.report.measures
    header = [DIMENSION_TITLES[page.report.dimension]] + [m.title for m in measures]
    table = [header] + [
        [row.label[:LABEL_WIDTH]] + [shown(m, row.values.get(m.name), currency) for m in measures]
        for row in [*page.rows, page.total]
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    lines = [f"{page.report.title}, {page.first} to {page.last} ({currency})"]
    for number, cells in enumerate(table):
        if number == len(table) - 1:
            lines.append("  ".join("-" * width for width in widths))
        lines.append(
            "  ".join(
                cell.ljust(width) if i == 0 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
            )
        )
    if page.row_count > len(page.rows):
        lines.append(
            f"({len(page.rows)} of {page.row_count:,} rows shown; --out FILE writes them all)"
        )
    if page.cost_pending:
        lines.append("some goods sold are not costed yet: cost and margin are not final")
    return lines
