"""The till's devices beyond printing receipts: the status bar, weighing on the scale, the
customer display, a serial scanner, the no-sale drawer opening and the device settings screen.
A mixin of TillWindow, like ParkingAndReturns; device I/O runs on the window's device worker,
never on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from posapp.domain.basket import SellableItem
from posapp.domain.money import Money
from posapp.domain.permissions import Permission
from posapp.domain.quantity import Quantity
from posapp.services.people import Approval
from posapp.ui.formatting import format_money
from posapp.ui.till.device_settings_dialog import DeviceSettingsDialog
from posapp.ui.till.screen import TillScreen


class ScannerBridge(QObject):
    """Codes from a scanner's own thread, delivered on the GUI thread (queued signals)."""

    code = Signal(str)
    problem = Signal(str)


class TillDevices(TillScreen):
    # -- status bar -------------------------------------------------------------------------------
    def _build_status_bar(self, problems: tuple[str, ...], training: bool) -> None:
        bar = QStatusBar()
        self.device_status = QLabel()
        self.device_status.setObjectName("device-status")
        bar.addWidget(self.device_status, 1)
        if training:
            banner = QLabel(self.tr("TRAINING — practice sales, fake devices"))
            banner.setStyleSheet("color: white; background: #e65100; padding: 2px 8px;")
            bar.addPermanentWidget(banner)
        self.setStatusBar(bar)
        self._printer_state = "ready" if self._actions.printer is not None else ""
        self._device_problem = problems[0] if problems else ""
        self._show_device_status()

    def _start_sync_status(self, sync_status: Callable[[], str] | None) -> None:
        """Sync to head office in the status bar, refreshed every two seconds (the text comes
        from the sync worker's last look; nothing here touches the network or the database)."""
        self.sync_status_label = QLabel()
        self.sync_status_label.setObjectName("sync-status")
        if sync_status is None:
            return
        self.statusBar().addPermanentWidget(self.sync_status_label)

        def show() -> None:
            text = sync_status()
            self.sync_status_label.setText(text)
            trouble = "OFFLINE" in text or "QUARANTINED" in text
            self.sync_status_label.setStyleSheet("color: #b00020;" if trouble else "")

        self._sync_timer = QTimer(self)
        self._sync_timer.timeout.connect(show)
        self._sync_timer.start(2000)
        show()

    def _show_device_status(self) -> None:
        actions = self._actions
        parts = []
        if actions.printer is None:
            parts.append(self.tr("Printer: none"))
        else:
            parts.append(f"{self.tr('Printer')}: {actions.printer.name} — {self._printer_state}")
        for label, device in (("Scale", actions.scale), ("Display", actions.display)):
            if device is not None:
                parts.append(f"{self.tr(label)}: {device.name}")
        if self.scanner is not None:
            parts.append(f"{self.tr('Scanner')}: {self.scanner.name}")
        if self._device_problem:
            parts.append(self._device_problem)
        self.device_status.setText("  ·  ".join(parts))
        failing = self._printer_state not in ("", "ready", "printed") or self._device_problem
        self.device_status.setStyleSheet("color: #b00020;" if failing else "")

    def printer_state(self, state: str) -> None:
        self._printer_state = state
        self._show_device_status()

    # -- serial scanner ---------------------------------------------------------------------------
    def _start_scanner(self) -> None:
        if self.scanner is None:
            return
        self._scanner_bridge = ScannerBridge()
        self._scanner_bridge.code.connect(self.scan)
        self._scanner_bridge.problem.connect(self._scanner_problem)
        self.scanner.start(self._scanner_bridge.code.emit, self._scanner_bridge.problem.emit)

    def _scanner_problem(self, message: str) -> None:
        self._device_problem = message
        self._show_device_status()

    def _stop_scanner(self) -> None:
        if self.scanner is not None:
            self.scanner.stop()

    # -- weighing ---------------------------------------------------------------------------------
    def _weigh_and_add(self, item: SellableItem) -> None:
        """Ask the scale for a stable weight; without a scale, ask the cashier to type it."""
        if self._actions.scale is None:
            self._ask(
                self.tr("Weight"),
                self.tr("Weight of %s in kg") % item.name,
                "",
                lambda typed: self.presenter.add_weighed(item, typed),
            )
            return
        self.presenter.say(self.tr("weighing %s…") % item.name)
        self._refresh()
        self._devices.submit(
            self._actions.weigh, lambda weight: self._weighed(item, weight), self._failed
        )

    def _weighed(self, item: SellableItem, weight: Quantity) -> None:
        self.presenter.add(item, weight)
        self._refresh()

    # -- customer display -------------------------------------------------------------------------
    def _update_customer_display(self) -> None:
        if self._actions.display is None:
            return
        presenter = self.presenter

        def money(amount: Money) -> str:
            return format_money(amount, self._locale)

        if presenter.basket.is_empty() and presenter.last_document is not None:
            change: Money | None = presenter.last_change
            top = self.tr("Thank you!")
            bottom = f"{self.tr('Change')} {money(change)}" if change and change.minor else ""
        elif presenter.basket.is_empty():
            top, bottom = self.presenter.till.store_name, ""
        else:
            last = presenter.totals.lines[-1]
            top = _two_ends(last.line.item.name, money(last.amount))
            bottom = _two_ends(self.tr("TOTAL"), money(presenter.totals.total))
        shown = (top, bottom)
        if shown == getattr(self, "_last_shown", None):
            return
        self._last_shown = shown
        self._devices.submit(
            lambda: self._actions.show_customer(top, bottom),
            lambda _nothing: None,
            lambda error: self._scanner_problem(str(error)),
        )

    # -- no sale and device settings --------------------------------------------------------------
    def no_sale(self) -> None:
        self.with_approval(
            Permission.NO_SALE, self.tr("Opening the drawer without a sale"), self._ask_no_sale
        )

    def _ask_no_sale(self, approval: Approval | None) -> None:
        self._ask(
            self.tr("No sale"),
            self.tr("Why open the drawer? (kept in the journal)"),
            "",
            lambda reason: self._open_drawer_for(reason, approval),
        )

    def _open_drawer_for(self, reason: str, approval: Approval | None = None) -> bool:
        self._devices.submit(
            lambda: self._actions.open_drawer(reason, approval),
            lambda _nothing: self._drawer_opened(reason),
            self._failed,
        )
        return True

    def _drawer_opened(self, reason: str) -> None:
        self.presenter.say(self.tr("drawer opened: %s") % reason.strip())
        self._refresh()

    def open_device_settings(self) -> None:
        if self.setup is None:
            self.presenter.refuse("device settings are not available here")
            self._refresh()
            return
        self.with_approval(
            Permission.DEVICE_SETTINGS, self.tr("Changing the devices"), self._device_settings_as
        )

    def _device_settings_as(self, approval: Approval | None) -> None:
        assert self.setup is not None
        setup = self.setup.for_person(self.presenter.till, approval)
        self._present(DeviceSettingsDialog(self, setup))


def _two_ends(left: str, right: str, width: int = 20) -> str:
    room = max(0, width - len(right) - 1)
    return f"{left[:room]:<{room}} {right}"
