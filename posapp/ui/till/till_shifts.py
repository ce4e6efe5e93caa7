"""Opening and closing the shift at the till: count the float (Ctrl+O), the X report (Ctrl+R),
count the drawer and close with the Z report (Ctrl+L, blind: the expected amount is not shown
before the count). Beyond the tolerance a manager's PIN accepts the count. A mixin of
TillWindow; the work runs on the DB worker, printing on the device worker."""

from __future__ import annotations

from posapp.domain.cash_count import CashCount
from posapp.domain.money import Money
from posapp.domain.permissions import Permission
from posapp.services.cash import OverShortNeedsApproval, ShiftReport
from posapp.services.people import Approval
from posapp.services.selling import as_text, shift_report_layout
from posapp.services.shared import OpenShift
from posapp.ui.formatting import format_money
from posapp.ui.till.cash_movement_dialog import CashMovementDialog
from posapp.ui.till.count_dialog import CountDialog
from posapp.ui.till.screen import TillScreen
from posapp.ui.till.supervisor_dialog import SupervisorDialog


class TillShifts(TillScreen):
    def check_shift(self) -> None:
        """At start: say how to open a shift if none is open."""
        self._db.submit(self._actions.current_shift, self._shift_checked, self._failed)

    def _shift_checked(self, shift: OpenShift | None) -> None:
        if shift is None:
            self.presenter.refuse("no shift is open: Ctrl+O counts the float and opens one")
        else:
            self.presenter.say(f"shift {shift.number} open since {shift.opened_at:%H:%M}")
        self._refresh()

    def _count_dialog(self, title: str) -> CountDialog:
        dialog = CountDialog(
            self, title=title, currency=self.presenter.till.currency, locale=self._locale
        )
        dialog.finished.connect(lambda _: self._closed(dialog))
        self.dialogs.current = dialog
        return dialog

    def open_shift(self) -> None:
        dialog = self._count_dialog(self.tr("Open the shift: count the float"))

        def opened(shift: OpenShift) -> None:
            dialog.accept()
            float_ = format_money(
                Money(shift.opening_float_minor, self.presenter.till.currency), self._locale
            )
            self.presenter.say(f"shift {shift.number} opened with a float of {float_}")
            self._refresh()

        dialog.counted.connect(
            lambda count: self._db.submit(
                lambda: self._actions.open_shift(count), opened, lambda e: dialog.refused(str(e))
            )
        )
        dialog.open()

    def cash_in_out(self) -> None:
        dialog = CashMovementDialog(self, currency=self.presenter.till.currency)

        def record(kind: str, amount: Money, reason: str, approval: Approval | None = None) -> None:
            self._db.submit(
                lambda: self._actions.cash_movement(kind, amount, reason, approval),
                lambda _nothing: done(kind, amount),
                lambda error: dialog.refused(str(error)),
            )

        def done(kind: str, amount: Money) -> None:
            dialog.accept()
            self.presenter.say(f"{kind.replace('_', ' ')} {amount} recorded")
            self._refresh()

        def submitted(kind: str, amount: Money, reason: str) -> None:
            limit = self.presenter.till.cash_out_limit_minor
            if kind == "cash_out" and amount.minor > limit:
                self.with_approval(
                    Permission.CASH_OUT_ABOVE_LIMIT,
                    self.tr("Cash out above %s")
                    % format_money(Money(limit, self.presenter.till.currency), self._locale),
                    lambda approval: record(kind, amount, reason, approval),
                )
            else:
                record(kind, amount, reason)

        dialog.submitted.connect(submitted)
        self._present(dialog)

    def x_report(self) -> None:
        self._db.submit(self._actions.x_report, self._show_shift_report, self._failed)

    def close_shift(self) -> None:
        dialog = self._count_dialog(self.tr("Close the shift: count the drawer"))
        if not self.presenter.till.blind_close:  # the shop shows what should be there
            self._db.submit(
                self._actions.x_report,
                lambda report: dialog.show_expected(report.payload["cash"]["expected"]),
                self._failed,
            )

        def closed(report: ShiftReport) -> None:
            dialog.accept()
            self._show_shift_report(report)

        def refused(error: Exception, count: CashCount) -> None:
            if isinstance(error, OverShortNeedsApproval):
                dialog.accept()
                self._ask_manager(count, str(error))
            else:
                dialog.refused(str(error))

        dialog.counted.connect(
            lambda count: self._db.submit(
                lambda: self._actions.close_shift(count), closed, lambda e: refused(e, count)
            )
        )
        dialog.open()

    def _ask_manager(self, count: CashCount, why: str) -> None:
        dialog = SupervisorDialog(self, what=why)

        def closed(report: ShiftReport) -> None:
            dialog.accept()
            self._show_shift_report(report)

        dialog.submitted.connect(
            lambda pin, _reason: self._db.submit(
                lambda: self._actions.close_shift(count, manager_pin=pin),
                closed,
                lambda error: dialog.refused(str(error)),
            )
        )
        self._present(dialog)

    def _show_shift_report(self, report: ShiftReport) -> None:
        self.receipt.setPlainText(as_text(shift_report_layout(report)))
        if report.kind == "Z":
            off = Money(report.payload["cash"]["over_short"], self.presenter.till.currency)
            sign = "+" if off.minor > 0 else ""
            self.presenter.say(
                f"shift closed: Z report {report.number}, over/short "
                f"{sign}{format_money(off, self._locale)}"
            )
        else:
            self.presenter.say("X report: the shift so far (nothing was closed)")
        self._refresh()
        self._devices.submit(
            lambda: self._actions.print_shift_report(report), lambda _printed: None, self._failed
        )
