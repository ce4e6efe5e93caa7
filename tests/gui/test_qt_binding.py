"""The Qt binding itself: a till emits millions of signals a day, and must not crash doing it."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    with_args = Signal(str, object)


def test_emitting_signals_does_not_corrupt_reference_counts() -> None:
    # PySide6 6.12.0 returned emit()'s bool without a reference; each discarded result took one
    # from `True` until the interpreter aborted. Pinned below 6.12; this keeps it that way.
    emitter = _Emitter()
    received = []
    emitter.plain.connect(lambda: received.append(1))
    emitter.with_args.connect(lambda text, value: received.append(2))
    before = sys.getrefcount(True)
    for _ in range(20_000):
        emitter.plain.emit()
        emitter.with_args.emit("x", [1])
    assert len(received) == 40_000
    assert abs(sys.getrefcount(True) - before) < 100
