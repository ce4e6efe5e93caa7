"""Device settings: one row per device with its address, a Test button that talks to the real
device (test page, weight, display text, a scan) and Save. Tests run on a worker thread: a
scanner test waits for a scan, a missing printer takes seconds to time out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posapp.services.devices import DeviceError, DeviceSetup
from posapp.ui.db_worker import DbWorker

DEVICES = (
    ("printer", "Receipt printer", "tcp://192.168.1.50:9100?paper=80&drawer=2"),
    (
        "scanner",
        "Serial scanner",
        "serial:///dev/ttyACM0?baud=9600 (USB keyboard scanners need none)",
    ),
    ("scale", "Scale", "serial:///dev/ttyS0?baud=9600&protocol=mettler8217 (or cas)"),
    ("display", "Customer display", "serial:///dev/ttyUSB1?baud=9600"),
)

HELP = (
    "Printers: tcp://HOST:PORT, serial:///dev/ttyUSB0?baud=19200, usb://VID:PID, "
    "file:///dev/usb/lp0, win32://Printer name. Options: paper=58|80, codepage=AUTO|CP866|…, "
    "drawer=2|5, pulse=ms, profile=TM-T20II. Leave a field empty for no device. "
    "Saved settings apply when the till starts again."
)


class DeviceSettingsDialog(QDialog):
    def __init__(self, parent: QWidget, setup: DeviceSetup) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Devices"))
        self.setObjectName("device-settings")
        self._setup = setup
        self._worker = DbWorker("device-test")
        configured = setup.configured()
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.fields: dict[str, QLineEdit] = {}
        self.results: dict[str, QLabel] = {}
        for row, (kind, title, example) in enumerate(DEVICES):
            field = QLineEdit(configured.get(kind, ""), self)
            field.setObjectName(f"{kind}-url")
            field.setPlaceholderText(example)
            field.setMinimumWidth(460)
            test = QPushButton(self.tr("Test"), self)
            test.setObjectName(f"{kind}-test")
            test.clicked.connect(lambda _checked=False, k=kind: self.test(k))
            save = QPushButton(self.tr("Save"), self)
            save.setObjectName(f"{kind}-save")
            save.clicked.connect(lambda _checked=False, k=kind: self.save(k))
            result = QLabel("", self)
            result.setObjectName(f"{kind}-result")
            result.setWordWrap(True)
            grid.addWidget(QLabel(f"<b>{self.tr(title)}</b>", self), row * 2, 0)
            grid.addWidget(field, row * 2, 1)
            grid.addWidget(test, row * 2, 2)
            grid.addWidget(save, row * 2, 3)
            grid.addWidget(result, row * 2 + 1, 1, 1, 3)
            self.fields[kind] = field
            self.results[kind] = result
        layout.addLayout(grid)
        help_text = QLabel(self.tr(HELP), self)
        help_text.setWordWrap(True)
        help_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(help_text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(lambda _: self._worker.stop())

    def _say(self, kind: str, text: str, *, ok: bool) -> None:
        label = self.results[kind]
        label.setText(text)
        label.setStyleSheet("color: #1b5e20;" if ok else "color: #b00020;")

    def test(self, kind: str) -> None:
        url = self.fields[kind].text().strip()
        if not url:
            self._say(kind, self.tr("type the device's address first"), ok=False)
            return
        self._say(kind, self.tr("testing…"), ok=True)
        self._worker.submit(
            lambda: self._setup.test(kind, url),
            lambda message: self._say(kind, str(message), ok=True),
            lambda error: self._say(kind, _explain(error), ok=False),
        )

    def save(self, kind: str) -> None:
        """Checked and written on the worker: saving touches the database."""
        url = self.fields[kind].text().strip() or None
        saved = self.tr("saved; used from the next start") if url else self.tr("removed")
        self._worker.submit(
            lambda: self._setup.save(kind, url),
            lambda _nothing: self._say(kind, saved, ok=True),
            lambda error: self._say(kind, _explain(error), ok=False),
        )


def _explain(error: Exception) -> str:
    if isinstance(error, (ValueError, DeviceError)):
        return str(error)
    return f"could not test: {error!r}"
