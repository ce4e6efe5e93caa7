"""A bar chart of named values (pyqtgraph), in the colours of the window's palette, so that it
reads the same in a light and a dark theme."""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

_BAR = QColor("#3D7AB8")
AXIS_WIDTH = 64  # room for "1,000,000" at the default font
LABEL_CHARACTERS = 14  # longer names are cut on the axis (the table beside has them whole)


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        self.plot = pyqtgraph.PlotWidget(background=background)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        for side in ("left", "bottom"):
            axis = self.plot.getAxis(side)
            axis.setPen(text)
            axis.setTextPen(text)
        self.plot.getAxis("left").setWidth(AXIS_WIDTH)  # sized once: a later sum may be wider
        self.plot.showGrid(y=True, alpha=0.25)
        self._title_colour = text.name()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.bars: pyqtgraph.BarGraphItem | None = None
        self.labels: list[str] = []
        self.values: list[float] = []

    def show_values(self, title: str, labels: Sequence[str], values: Sequence[float]) -> None:
        """One bar per value, named below it (every few names when there are many)."""
        self.plot.clear()
        self.labels, self.values = list(labels), list(values)
        self.plot.setTitle(title, color=self._title_colour, size="10pt")
        if not values:
            self.bars = None
            return
        positions = list(range(len(values)))
        self.bars = pyqtgraph.BarGraphItem(
            x=positions, height=list(values), width=0.7, brush=_BAR, pen=_BAR
        )
        self.plot.addItem(self.bars)
        self._name_bars()
        low, high = min(0.0, *values), max(0.0, *values)
        self.plot.setXRange(-0.6, len(values) - 0.4, padding=0)
        self.plot.setYRange(low, high if high > low else low + 1, padding=0.05)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._name_bars()  # wider or narrower: more or fewer names fit

    def _name_bars(self) -> None:
        """As many names as fit side by side under the bars, evenly spread: spaced by the
        widest name as the font draws it, so that no two names overlap."""
        if not self.values:
            return
        room = max(self.plot.width() - AXIS_WIDTH, 300)
        names = [label[:LABEL_CHARACTERS] for label in self.labels]
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance(name) for name in names)
        spacing = widest + 2 * metrics.averageCharWidth()
        every = max(1, -(-len(names) * spacing // room))
        ticks = [(i, name) for i, name in enumerate(names) if i % every == 0]
        self.plot.getAxis("bottom").setTicks([ticks])
