"""The application-wide key filter that routes keyboard-wedge scans to the till.

Installed on the QApplication, it sees every key before any widget does. Widgets that take scans
themselves (the till's scan field, the receipt number in returns, product search) carry the
property `ACCEPTS_SCANS` and are left alone. Anywhere else in the till — a quantity, a price, a
tender amount — a scan is emitted as `scanned(code)` for the basket, and characters a person
typed are sent on to the widget that had focus, in the order typed. A scan belongs to the window
that has focus: in the back office (a new product's barcode field, a file dialog's path typed
fast) keys are never taken, because no basket is there.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from posapp.ui.presenters.wedge import Release, Scanned, WedgeDetector

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# What a scanner sends after the code, as set up in the scanner (and in settings).
TERMINATORS = {"enter": _ENTER, "tab": (Qt.Key.Key_Tab,)}
ACCEPTS_SCANS = "acceptsScans"


def accept_scans(widget: QWidget) -> None:
    """Let scans typed into `widget` arrive as keystrokes, like anything else typed there."""
    widget.setProperty(ACCEPTS_SCANS, True)


def _monotonic_ms() -> float:
    return time.monotonic() * 1000


class WedgeScanFilter(QObject):
    scanned = Signal(str)

    def __init__(
        self,
        detector: WedgeDetector | None = None,
        now_ms: Callable[[], float] = _monotonic_ms,
        terminator: str = "enter",
    ) -> None:
        super().__init__()
        self._detector = detector or WedgeDetector()
        self._terminator_keys = TERMINATORS[terminator]
        self._now_ms = now_ms
        self._target: QWidget | None = None
        self._replaying = False
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.timeout.connect(self._went_quiet)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying:
            return False
        if event.type() == QEvent.Type.MouseButtonPress:
            self._flush()  # a click on "Card" must see the amount typed just before it
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        # A key travels from the widget that has focus up through its parents; decide once, at
        # the first one that takes keyboard focus (the field being typed into).
        if not isinstance(watched, QWidget) or watched.focusPolicy() == Qt.FocusPolicy.NoFocus:
            return False
        focus = watched
        if focus.property(ACCEPTS_SCANS) and not self._detector.holding:
            return False
        if not self._in_till(focus):
            self._flush()
            return False
        text = event.text()
        if event.key() in self._terminator_keys:
            return self._enter(focus)
        if (
            len(text) != 1
            or not text.isprintable()
            or event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            self._flush()
            return False
        if not self._detector.holding:
            self._target = focus
        for step in self._detector.character(text, self._now_ms()):
            if isinstance(step, Release):
                self._replay(step.text)
        self._quiet.start(int(self._detector.max_gap_ms) + 5)
        return True

    def _in_till(self, widget: QWidget) -> bool:
        """Whether `widget` is in the window this filter serves, or a dialog that window opened
        (the owner is the filter's parent; without one, every window is the till's)."""
        owner = self.parent()
        if not isinstance(owner, QWidget):
            return True
        window: QWidget | None = widget.window()
        while window is not None:
            if window is owner:
                return True
            parent = window.parentWidget()
            window = parent.window() if parent is not None else None
        return False

    def _enter(self, focus: QWidget) -> bool:
        outcome = self._detector.enter(self._now_ms())
        self._quiet.stop()
        if isinstance(outcome, Scanned):
            self.scanned.emit(outcome.code)
            return True
        if isinstance(outcome, Release):
            self._replay(outcome.text)
        return False  # the Enter itself goes on to the widget

    def _went_quiet(self) -> None:
        outcome = self._detector.quiet(self._now_ms())
        if outcome is not None:
            self._replay(outcome.text)

    def _flush(self) -> None:
        if self._detector.holding:
            self._quiet.stop()
            outcome = self._detector.quiet(float("inf"))
            if outcome is not None:
                self._replay(outcome.text)

    def _replay(self, text: str) -> None:
        target = self._target
        if target is None:
            return
        self._replaying = True
        try:
            for char in text:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                    )
        finally:
            self._replaying = False
