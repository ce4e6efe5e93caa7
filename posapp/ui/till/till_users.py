"""Who is at the till: Ctrl+U switches the cashier with a PIN, and the till locks itself after
some minutes without a key or a touch (a lock screen only a PIN opens). A mixin of TillWindow."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from posapp.services.selling import TillActions
from posapp.ui.till.screen import TillScreen
from posapp.ui.till.supervisor_dialog import SignInDialog


class _ActivityWatcher(QObject):
    """Every key press, click or touch anywhere restarts the idle timer."""

    _ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)

    def __init__(self, timer: QTimer) -> None:
        super().__init__()
        self._timer = timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._ACTIVITY and self._timer.interval() > 0:
            self._timer.start()
        return False


class TillUsers(TillScreen):
    def _start_auto_lock(self) -> None:
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self.set_auto_lock_ms(self.presenter.till.auto_lock_minutes * 60_000)
        # Parented to the window: Qt deletes it with the window, and a deleted filter is taken
        # off the application's list by Qt itself.
        self._watcher = _ActivityWatcher(self.idle_timer)
        self._watcher.setParent(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._watcher)

    def set_auto_lock_ms(self, milliseconds: int) -> None:
        self.idle_timer.setInterval(milliseconds)
        if milliseconds > 0:
            self.idle_timer.start()
        else:
            self.idle_timer.stop()

    def lock(self) -> None:
        current = self.dialogs.current
        if isinstance(current, SignInDialog) and current.locked:
            return
        self.switch_user(locked=True)

    def switch_user(self, *, locked: bool = False) -> None:
        dialog = SignInDialog(self, locked=locked)
        dialog.close_till.connect(self.close_when_confirmed)

        def signed_in(actions: TillActions) -> None:
            dialog.locked = False
            dialog.accept()
            self._actions = actions
            self.presenter.till = actions.till
            till = actions.till
            self.header.setText(f"{till.store_name} · {till.terminal_code} · {till.cashier_name}")
            self.presenter.say(self.tr("%s is at the till") % till.cashier_name)
            self._refresh()

        dialog.submitted.connect(
            lambda pin, _reason: self._db.submit(
                lambda: self._actions.sign_in(pin), signed_in, lambda e: dialog.refused(str(e))
            )
        )
        self._present(dialog)
