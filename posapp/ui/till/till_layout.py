"""The sale screen's widgets: the scan field, the basket, the totals, the last receipt and the keys'
legend, sized to be read at arm's length and never to grow with what they show. A part of
TillWindow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QFontMetrics,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.costing.provisional import ProvisionalMargin
from posapp.ui.formatting import format_money
from posapp.ui.models.basket_table import MARGIN_COLUMN, BasketTableModel
from posapp.ui.till.screen import TillScreen
from posapp.ui.wedge_filter import accept_scans

# The legend at the foot of the screen: every key the till answers to.
KEYS = (
    ("F2", "Search"),
    ("F3", "Price check"),
    ("F4", "Quantity"),
    ("F5", "Discount"),
    ("Shift+F5", "Basket discount"),
    ("F6", "Return"),
    ("F7", "Price"),
    ("F8", "Park"),
    ("F9", "Recall"),
    ("F10", "Pay"),
    ("F11", "Reprint"),
    ("F12", "Exact cash"),
    ("Ctrl+O", "Open shift"),
    ("Ctrl+R", "X report"),
    ("Ctrl+L", "Close shift (Z)"),
    ("Ctrl+I", "Cash in/out"),
    ("Ctrl+U", "Switch user"),
    ("Ctrl+B", "Back office"),
    ("Ctrl+K", "Customer"),
    ("Ctrl+J", "Account payment"),
    ("Ctrl+N", "No sale"),
    ("Ctrl+D", "Devices"),
    ("Del", "Remove line"),
    ("Ctrl+Del", "Void sale"),
)


class TillLayout(TillScreen):
    # -- layout -----------------------------------------------------------------------------------
    def _build(self) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)
        self._build_scan_area(central, outer)
        body = QHBoxLayout()
        body.addWidget(self._build_basket(central), 1)
        body.addWidget(self._build_side_panel(central))
        outer.addLayout(body, 1)
        # Non-breaking spaces keep each key with its meaning when the legend wraps.
        self.keys = QLabel(
            "   ".join(
                f"<b>{key}</b>&nbsp;{self.tr(what).replace(' ', '&nbsp;')}" for key, what in KEYS
            )
        )
        self.keys.setWordWrap(True)
        self._grow(self.keys, 1)
        outer.addWidget(self.keys)
        self.setCentralWidget(central)
        self.scan_field.returnPressed.connect(self._enter)

    def _build_scan_area(self, central: QWidget, outer: QVBoxLayout) -> None:
        """Who sells where, the scan field, and the message under it."""
        till = self.presenter.till
        top = QHBoxLayout()
        self.header = QLabel(f"{till.store_name} · {till.terminal_code} · {till.cashier_name}")
        top.addWidget(self.header)
        top.addStretch(1)
        outer.addLayout(top)

        self.scan_field = QLineEdit(central)
        self.scan_field.setObjectName("scan")
        accept_scans(self.scan_field)
        self.scan_field.setPlaceholderText(self.tr("Scan or type a barcode; type words to search"))
        self._grow(self.scan_field, 6)
        self.scan_field.setMinimumHeight(48)
        outer.addWidget(self.scan_field)

        self.message = QLabel(central)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        # A message never widens the window, however long a word in it (a 300-character scan).
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._grow(self.message, 2)
        outer.addWidget(self.message)

    def _build_basket(self, central: QWidget) -> QTableView:
        self.basket_model = BasketTableModel(self._locale)
        self.basket = QTableView(central)
        self.basket.setObjectName("basket")
        self.basket.setModel(self.basket_model)
        self.basket.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.basket.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.basket.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.basket.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the keyboard
        # Banded rows read better at arm's length than grid lines, and paint faster.
        self.basket.setShowGrid(False)
        self.basket.setAlternatingRowColors(True)
        self.basket.verticalHeader().hide()
        rows = self.basket.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no re-measuring on insert
        rows.setDefaultSectionSize(34)
        self._grow(self.basket, 2)
        # Fixed widths from the font, not ResizeToContents: measuring every cell on every scan
        # cost more than the rest of the scan put together.
        header = self.basket.horizontalHeader()
        metrics = self.basket.fontMetrics()
        samples = ("99", "", "99.999 kg", "9,999.99€", "−999.99€", "9,999.99€", "−999.9 %")
        for column, sample in enumerate(samples):
            if sample:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
                header.resizeSection(column, metrics.horizontalAdvance(sample) + 12)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.basket.setColumnHidden(MARGIN_COLUMN, True)  # shown to those who may see margins
        self.basket.clicked.connect(lambda index: self._select(index.row()))
        return self.basket

    def _build_side_panel(self, central: QWidget) -> QWidget:
        """The totals, the change, the customer and the last receipt, beside the basket."""
        side = QVBoxLayout()
        side.addLayout(self._build_totals())
        self.customer_label = QLabel("")
        self.customer_label.setObjectName("customer")
        side.addWidget(self.customer_label)
        side.addWidget(QLabel(self.tr("Last receipt")))
        self.receipt = QPlainTextEdit()
        self.receipt.setObjectName("receipt-preview")
        self.receipt.setReadOnly(True)
        self.receipt.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        receipt_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        receipt_font.setPointSize(max(7, receipt_font.pointSize() - 1))
        self.receipt.setFont(receipt_font)
        # A receipt line is a printed line: never wrapped, also once a scrollbar takes room.
        self.receipt.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        side.addWidget(self.receipt, 1)
        side_panel = QWidget(central)
        side_panel.setLayout(side)
        # Wide enough for a 42-column receipt and its scrollbar, no wider: the basket gets the
        # rest of the screen.
        receipt_width = self.receipt.fontMetrics().horizontalAdvance("M" * 42)
        scrollbar = self.receipt.verticalScrollBar().sizeHint().width()
        side_panel.setFixedWidth(receipt_width + scrollbar + 34)
        self._total_width = receipt_width + scrollbar - 60  # what the TOTAL amount may take
        return side_panel

    def _build_totals(self) -> QFormLayout:
        totals = QFormLayout()
        self.subtotal = QLabel()
        self.discount = QLabel()
        self.tax = QLabel()
        self.total = QLabel()
        self.total.setObjectName("total")
        for label in (self.subtotal, self.discount, self.tax):
            label.setAlignment(Qt.AlignmentFlag.AlignRight)
            self._grow(label, 2)
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._grow(self.total, 16, bold=True)
        self._total_points = self.total.font().pointSize()
        totals.addRow(self.tr("Subtotal"), self.subtotal)
        totals.addRow(self.tr("Discount"), self.discount)
        totals.addRow(self.tr("Tax"), self.tax)
        totals.addRow(self.tr("TOTAL"), self.total)
        # The provisional margin: a row only those whose role may see margins ever see.
        self.margin = QLabel()
        self.margin.setObjectName("margin")
        self.margin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.margin.setWordWrap(True)
        totals.addRow(self.tr("Margin"), self.margin)
        totals.setRowVisible(self.margin, False)
        self._totals_form = totals
        self.change = QLabel()
        self.change.setObjectName("change")
        self.change.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._grow(self.change, 12, bold=True)
        self.change.setStyleSheet("color: #0d47a1;")
        totals.addRow(self.change)
        return totals

    def _show_margin(self, margin: ProvisionalMargin | None) -> None:
        """The basket's margin at last cost, said to be provisional, for those who may see it."""
        shown = margin is not None
        if self.basket.isColumnHidden(MARGIN_COLUMN) == shown:
            self.basket.setColumnHidden(MARGIN_COLUMN, not shown)
            self._totals_form.setRowVisible(self.margin, shown)
        if margin is None:
            return
        total = margin.total
        if total is None:
            text = self.tr("no cost known yet") if margin.lines else ""
        else:
            amount = format_money(total.margin, self._locale)
            percent = total.percent
            text = amount if percent is None else f"{amount} ({percent} %)"
            text += self.tr(" · provisional, at last cost")
        if margin.uncosted_lines:
            text += self.tr(" · %n line(s) without a cost", "", margin.uncosted_lines)
        self.margin.setText(text)

    def _fit(self, label: QLabel, text: str) -> None:
        """Large, but never clipped: a long amount gets a smaller font until it fits."""
        font = QFont(label.font())
        size = self._total_points
        font.setPointSize(size)
        while size > 10 and QFontMetrics(font).horizontalAdvance(text) > self._total_width:
            size -= 2
            font.setPointSize(size)
        if font.pointSize() != label.font().pointSize():
            label.setFont(font)
        label.setText(text)

    @staticmethod
    def _grow(widget: QWidget, points: int, *, bold: bool = False) -> None:
        font = QFont(widget.font())
        font.setPointSize(font.pointSize() + points)
        font.setBold(bold)
        widget.setFont(font)
