"""A catalogue report as an A4 landscape PDF: the shop, the report and its period at the top of
every page, a chart of its net sales drawn by reportlab (Qt stays in `ui`), the rows with the
total under them, and "page n of m" at the foot."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from posapp.domain.report_values import (
    number,
    shown,
)
from posapp.domain.reporting import (
    ReportRow,
)
from posapp.reports.receipt_pdf import BOLD, REGULAR, register_fonts
from posapp.reports.report_files import ReportFile

PAGE = landscape(A4)
MARGIN = 12 * mm
CHART_BARS = 12  # a chart of more bars than this is unreadable on a page
_HEADER_COLOUR = colors.HexColor("#2F5D8A")


class _NumberedCanvas(Canvas):
    """Holds every page until the end, so each can say how many there are."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own page reset

    def save(self) -> None:
        count = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(REGULAR, 8)
            self.drawRightString(
                PAGE[0] - MARGIN, MARGIN / 2, f"page {self.getPageNumber()} of {count}"
            )
            super().showPage()
        super().save()


def report_pdf(report: ReportFile, rows: Iterable[ReportRow]) -> bytes:
    register_fonts()
    listed = list(rows)
    out = io.BytesIO()
    title = f"{report.shop} — {report.page.report.title}"

    def header(canvas: Canvas, _: object) -> None:
        canvas.saveState()
        canvas.setFont(BOLD, 12)
        canvas.drawString(MARGIN, PAGE[1] - MARGIN, title)
        canvas.setFont(REGULAR, 9)
        canvas.drawRightString(
            PAGE[0] - MARGIN, PAGE[1] - MARGIN, f"{report.period} · {report.currency}"
        )
        canvas.restoreState()

    document = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 8 * mm,
        bottomMargin=MARGIN + 2 * mm,
        title=title,
    )
    story: list[Flowable] = []
    if listed:
        story += [_chart(report, listed), Spacer(1, 4 * mm)]
    story.append(_table(report, listed))
    document.build(story, onFirstPage=header, onLaterPages=header, canvasmaker=_NumberedCanvas)
    return out.getvalue()


def _table(report: ReportFile, rows: Sequence[ReportRow]) -> LongTable:
    measures = report.page.report.measures
    heading = ParagraphStyle(
        "heading", fontName=BOLD, fontSize=7, leading=8, textColor=colors.white, alignment=2
    )
    titles = [Paragraph(title, heading) for title in report.columns]
    titles[0] = Paragraph(report.columns[0], ParagraphStyle("first", parent=heading, alignment=0))
    body: list[list[Any]] = [titles] + [
        [row.label[:48]] + [shown(m, row.values.get(m.name), report.currency) for m in measures]
        for row in [*rows, report.page.total]
    ]
    width = PAGE[0] - 2 * MARGIN
    first = min(70 * mm, width * 0.3)
    rest = (width - first) / max(len(measures), 1)
    table = LongTable(body, colWidths=[first] + [rest] * len(measures), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 7),
                ("FONT", (0, 0), (-1, 0), BOLD, 7),
                ("FONT", (0, -1), (-1, -1), BOLD, 7),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("BACKGROUND", (0, 0), (-1, 0), _HEADER_COLOUR),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#EEF2F6")]),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _chart(report: ReportFile, rows: Sequence[ReportRow]) -> Drawing:
    """The report's charted measure by row: the last rows over time, or the largest ranked."""
    measure = report.page.report.charted
    shown_rows = rows[:CHART_BARS] if report.page.report.ranked_by else rows[-CHART_BARS * 3 :]
    values = [
        float(number(measure, r.values.get(measure.name), report.currency) or 0) for r in shown_rows
    ]
    width, height = PAGE[0] - 2 * MARGIN, 55 * mm
    drawing = Drawing(width, height)
    chart: VerticalBarChart | HorizontalBarChart
    if report.page.report.ranked_by:
        chart = HorizontalBarChart()
        _place(chart, 60 * mm, 4 * mm, width - 70 * mm, height - 12 * mm)
        chart.data = [list(reversed(values))]
        chart.categoryAxis.categoryNames = [r.label[:34] for r in reversed(shown_rows)]
    else:
        chart = VerticalBarChart()
        _place(chart, 20 * mm, 10 * mm, width - 25 * mm, height - 18 * mm)
        chart.data = [values]
        chart.categoryAxis.categoryNames = [r.label for r in shown_rows]
        chart.categoryAxis.labels.angle = 45 if len(shown_rows) > 12 else 0
        chart.categoryAxis.labels.boxAnchor = "ne" if len(shown_rows) > 12 else "n"
    chart.bars[0].fillColor = _HEADER_COLOUR
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = REGULAR, 6
    chart.valueAxis.valueMin = int(min(0.0, *values))
    drawing.add(chart)
    drawing.add(
        String(0, height - 6, f"{measure.title} ({report.currency})", fontName=BOLD, fontSize=8)
    )
    return drawing


def _place(
    chart: VerticalBarChart | HorizontalBarChart, x: float, y: float, width: float, height: float
) -> None:
    chart.x, chart.y, chart.width, chart.height = int(x), int(y), int(width), int(height)
