"""Actions the cashier's role may not do alone go through a supervisor's PIN first. A mixin of
TillWindow, like ParkingAndReturns; the approval runs on the DB worker (it checks hashed PINs
and writes the journal)."""

from __future__ import annotations

from collections.abc import Callable

from posapp.services.people import Approval
from posapp.ui.till.screen import TillScreen
from posapp.ui.till.supervisor_dialog import SupervisorDialog


class Supervision(TillScreen):
    def with_permission(self, permission: str, what: str, then: Callable[[], None]) -> None:
        """Run `then` now if the cashier may; otherwise once a supervisor has approved."""
        self.with_approval(permission, what, lambda _approval: then())

    def with_approval(
        self, permission: str, what: str, then: Callable[[Approval | None], None]
    ) -> None:
        """Run `then(None)` now if the cashier may; otherwise `then(approval)` once a supervisor
        has approved (the use case checks the approval itself)."""
        if self.presenter.till.may(permission):
            then(None)
            return
        dialog = SupervisorDialog(self, what=what)

        def approved(approval: Approval) -> None:
            self.presenter.say(
                self.tr("%s approved by %s (%s)")
                % (what, approval.supervisor_name, approval.reason)
            )
            dialog.accept()
            self.presenter.approvals.append(approval)  # the sale shows it to the use case
            then(approval)

        def submitted(pin: str, reason: str) -> None:
            self._db.submit(
                lambda: self._actions.approve(permission, pin, reason),
                approved,
                lambda error: dialog.refused(str(error)),
            )

        dialog.submitted.connect(submitted)
        self._present(dialog)
