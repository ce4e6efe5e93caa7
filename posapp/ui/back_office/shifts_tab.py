"""The back office's Shifts page: every shift with its Z report, each saved as the A4 PDF a
manager signs. A part of BackOfficeWindow."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.money import Money
from posapp.services.shop import ShiftRow
from posapp.ui.back_office.lists import fill_rows, list_table
from posapp.ui.back_office.screen import BackOfficeScreen
from posapp.ui.formatting import format_money


class ShiftsTab(BackOfficeScreen):
    def _shifts_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        headers = ["Shift", "Cashier", "Opened", "Closed", "Z", "Expected", "Counted", "Over/short"]
        self.shifts_table = list_table([self.tr(h) for h in headers])
        layout.addWidget(self.shifts_table, 1)
        save = QPushButton(self.tr("Save the chosen Z report as PDF…"))
        save.clicked.connect(self._ask_where_to_save)
        layout.addWidget(save, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _show_shifts(self, shifts: list[ShiftRow]) -> None:
        self._shifts = shifts

        def money(minor: int | None, currency: str) -> str:
            return "" if minor is None else format_money(Money(minor, currency), self._locale)

        fill_rows(
            self.shifts_table,
            [
                [
                    str(s.number),
                    s.cashier,
                    f"{s.opened_at:%Y-%m-%d %H:%M}",
                    f"{s.closed_at:%Y-%m-%d %H:%M}" if s.closed_at else self.tr("open"),
                    str(s.z_number or ""),
                    money(s.expected_minor, s.currency),
                    money(s.counted_minor, s.currency),
                    money(s.over_short_minor, s.currency),
                ]
                for s in shifts
            ],
        )

    def _ask_where_to_save(self) -> None:
        row = self.shifts_table.currentRow()
        number = self._shifts[row].z_number if row >= 0 else None
        if number is None:
            self.say(self.tr("choose a closed shift first"), error=True)
            return
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save Z report"), f"z-report-{number}.pdf", "PDF (*.pdf)"
        )
        if target:
            self.save_z_pdf(number, Path(target))

    def save_z_pdf(self, number: int, target: Path) -> None:
        self._run(
            lambda: target.write_bytes(self._data.z_pdf(number)),
            lambda _: self.say(self.tr("Z report %s saved to %s") % (number, target)),
        )
