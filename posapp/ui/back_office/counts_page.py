"""Stock counts in the back office: the store's counts on the left, the chosen count's lines on
the right. A count is started for a location (or one category there), blind or not; items are
scanned into it (each scan adds one, a case's barcode its units) or typed as a total
("SKU=12"); posting settles it and names the adjustments it made."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.quantity import Quantity
from posapp.services.stock import CountLineRow, CountRow, CountsAdmin
from posapp.ui.back_office.lists import fill_table, list_table, side_column, stretch_column
from posapp.ui.db_worker import RunJob, Say

_FLOOR = "(shop floor)"


def _shown(thousandths: int | None) -> str:
    return "" if thousandths is None else str(Quantity.from_thousandths(thousandths))


class CountsPage(QWidget):
    def __init__(self, admin: CountsAdmin, run: RunJob, say: Say) -> None:
        super().__init__()
        self.setObjectName("counts-page")
        self._admin, self._run, self._say = admin, run, say
        self.counts: list[CountRow] = []
        self.lines: list[CountLineRow] = []
        self.chosen: CountRow | None = None
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        start = QPushButton(self.tr("Start a count…"))
        start.setObjectName("count-start")
        start.clicked.connect(self.start_dialog)
        buttons.addWidget(start)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        headers = ("Count", "Status", "Location", "What", "Counted")
        self.table = list_table([self.tr(h) for h in headers], right=(4,))
        self.table.setObjectName("count-list")
        self.table.itemSelectionChanged.connect(self._choose)
        stretch_column(self.table, 3)
        split.addWidget(self.table)
        split.addWidget(self._count_side())
        split.setSizes([500, 700])
        layout.addWidget(split, 1)

    def _count_side(self) -> QWidget:
        side, column = side_column()
        self.title = QLabel(self.tr("Choose a count, or start one"))
        column.addWidget(self.title)
        scanning = QHBoxLayout()
        self.scan = QLineEdit()
        self.scan.setObjectName("count-scan")
        self.scan.setPlaceholderText(self.tr("Scan, or type SKU=total and Enter"))
        self.scan.returnPressed.connect(self.record)
        scanning.addWidget(self.scan, 1)
        column.addLayout(scanning)
        headers = ("SKU", "Name", "Book", "Counted", "Held when counted")
        self.line_table = list_table([self.tr(h) for h in headers], right=(2, 3, 4))
        self.line_table.setObjectName("count-lines")
        stretch_column(self.line_table, 1)
        column.addWidget(self.line_table, 1)
        posting = QHBoxLayout()
        self.uncounted_zero = QCheckBox(self.tr("Products not counted are none (a full count)"))
        self.post_button = QPushButton(self.tr("Post the count"))
        self.post_button.setObjectName("count-post")
        self.post_button.clicked.connect(self.post)
        posting.addWidget(self.uncounted_zero, 1)
        posting.addWidget(self.post_button)
        column.addLayout(posting)
        return side

    def load(self) -> None:
        self._run(self._admin.counts, self._show_counts)

    def _show_counts(self, counts: list[CountRow]) -> None:
        chosen = None if self.chosen is None else self.chosen.id
        self.counts = counts
        fill_table(
            self.table,
            [
                (c.number, c.status, c.location, c.scope, f"{c.counted:,} / {c.lines:,}")
                for c in counts
            ],
        )
        for number, count in enumerate(counts):
            if count.id == chosen:
                self.table.blockSignals(True)
                self.table.selectRow(number)
                self.table.blockSignals(False)
                self._choose()  # its status may have changed

    def _choose(self) -> None:
        number = self.table.currentRow()
        if not 0 <= number < len(self.counts):
            return
        self.chosen = self.counts[number]
        open_count = self.chosen.status == "counting"
        self.scan.setEnabled(open_count)
        self.post_button.setEnabled(open_count)
        blind = self.tr(", blind") if self.chosen.blind else ""
        self.title.setText(
            self.tr("%s — %s at %s%s")
            % (self.chosen.number, self.chosen.status, self.chosen.location, blind)
        )
        self._load_lines(self.chosen.id)

    def _load_lines(self, count_id: uuid.UUID) -> None:
        def shown(lines: list[CountLineRow]) -> None:
            self.lines = lines
            fill_table(
                self.line_table,
                [
                    (
                        line.sku,
                        line.name,
                        self.tr("hidden") if line.book_milli is None else _shown(line.book_milli),
                        _shown(line.counted_milli),
                        _shown(line.expected_milli),
                    )
                    for line in lines
                ],
            )

        self._run(lambda: self._admin.lines(count_id), shown)

    def record(self) -> None:
        """A scan adds one; "SKU=12" sets the total counted."""
        if self.chosen is None:
            return
        typed = self.scan.text().strip()
        self.scan.clear()
        if not typed:
            return
        code, _, total = typed.partition("=")
        try:
            quantity = Quantity.parse(total.strip()).thousandths if total else 1000
        except ValueError:
            self._say(self.tr("%s is not a quantity") % total, error=True)
            return
        count_id = self.chosen.id

        def recorded(sku: str) -> None:
            self._say(self.tr("%s counted") % sku)
            self._load_lines(count_id)
            self.load()

        self._run(
            lambda: self._admin.count(
                count_id=count_id, code=code.strip(), quantity_milli=quantity, add=not total
            ),
            recorded,
        )

    def post(self) -> None:
        if self.chosen is None:
            return
        count_id, number = self.chosen.id, self.chosen.number
        zero = self.uncounted_zero.isChecked()

        def posted(adjustments: list[str]) -> None:
            settled = ", ".join(adjustments) if adjustments else self.tr("no differences")
            self._say(self.tr("%s posted: %s") % (number, settled))
            self.load()
            self._load_lines(count_id)

        self._run(lambda: self._admin.post(count_id=count_id, uncounted_zero=zero), posted)

    def start_dialog(self) -> QDialog:
        """Where and what to count; the book is taken when it starts."""
        dialog = QDialog(self)
        dialog.setObjectName("count-start-dialog")
        dialog.setWindowTitle(self.tr("Start a count"))
        form = QFormLayout(dialog)
        location = QComboBox()
        location.setObjectName("count-location")
        location.addItem(self.tr(_FLOOR))
        category = QLineEdit()
        category.setObjectName("count-category")
        category.setPlaceholderText(self.tr("every product (a full count)"))
        blind = QCheckBox(self.tr("Blind: counters do not see the book"))
        blind.setChecked(True)
        form.addRow(self.tr("Location"), location)
        form.addRow(self.tr("Only the category"), category)
        form.addRow("", blind)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        self._run(self._admin.locations, location.addItems)

        def start() -> None:
            where = None if location.currentIndex() <= 0 else location.currentText()
            what = category.text().strip() or None

            def started(count_id: uuid.UUID) -> None:
                dialog.accept()
                self.chosen = CountRow(
                    count_id, "", "", "", "", 0, 0, datetime.now(UTC), blind.isChecked()
                )
                self.load()

            self._run(
                lambda: self._admin.start(location=where, category=what, blind=blind.isChecked()),
                started,
            )

        buttons.accepted.connect(start)
        dialog.open()
        return dialog
