"""The back office's Head office sync page: the outbox waiting for head office, sending now,
retrying quarantined batches, exporting them, and what head office flagged of this store. A
part of BackOfficeWindow."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posapp.services.shop import HeadOfficeFlag, OutboxView
from posapp.ui.back_office.lists import fill_rows, list_table
from posapp.ui.back_office.screen import BackOfficeScreen


class SyncTab(BackOfficeScreen):
    def _outbox_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.outbox_summary = QLabel("")
        self.outbox_summary.setObjectName("outbox-summary")
        self.outbox_summary.setWordWrap(True)
        layout.addWidget(self.outbox_summary)
        self.outbox_table = list_table(
            [self.tr("Events"), self.tr("State"), self.tr("Attempts"), self.tr("Last error")]
        )
        layout.addWidget(self.outbox_table, 1)
        buttons = QHBoxLayout()
        for text, slot in (
            (self.tr("Refresh"), self.refresh),
            (self.tr("Send now"), self.send_now),
            (self.tr("Retry quarantined batches"), self.retry_quarantined),
            (self.tr("Export unsent events…"), self._ask_where_to_export_outbox),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        # What head office flagged (accepted, but odd) or refused of this store: asked for on
        # demand, since it needs the link and a refresh must work offline.
        flagged = QHBoxLayout()
        flagged.addWidget(QLabel(self.tr("Flagged at head office, this store:")))
        ask = QPushButton(self.tr("Ask head office"))
        ask.clicked.connect(self.ask_head_office_for_flags)
        flagged.addWidget(ask)
        flagged.addStretch(1)
        layout.addLayout(flagged)
        self.flags_table = list_table(
            [self.tr("When"), self.tr("Till"), self.tr("State"), self.tr("What")]
        )
        layout.addWidget(self.flags_table, 1)
        return page

    def ask_head_office_for_flags(self) -> None:
        self._run(self._data.head_office_flags, self._show_flags)

    def _show_flags(self, flags: list[HeadOfficeFlag]) -> None:
        fill_rows(
            self.flags_table,
            [
                [
                    f"{flag.at.astimezone():%Y-%m-%d %H:%M}",
                    flag.till,
                    self.tr("open") if flag.open else self.tr("settled"),
                    flag.what,
                ]
                for flag in flags
            ],
        )
        self.say(self.tr("head office has %s flag(s) for this store") % len(flags))

    def _show_outbox(self, view: OutboxView) -> None:
        if view.head_office is None:
            where = self.tr("Not enrolled with head office: everything stays here until it is")
        else:
            where = self.tr("Head office: %s") % view.head_office
        parts = [where, self.tr("to send: %s event(s)") % f"{view.pending:,}"]
        if view.oldest_pending_at is not None and view.pending:
            parts.append(self.tr("oldest from %s") % f"{view.oldest_pending_at:%Y-%m-%d %H:%M}")
        if view.quarantined:
            parts.append(
                self.tr(
                    "%s batch(es) QUARANTINED: head office refused them; fix the cause, then retry"
                )
                % view.quarantined
            )
        if view.set_aside:
            parts.append(
                self.tr("%s record(s) from head office set aside, not applied (newest: %s)")
                % (view.set_aside, view.last_set_aside)
            )
        self.outbox_summary.setText(" · ".join(parts))
        trouble = view.quarantined or view.set_aside
        self.outbox_summary.setStyleSheet("color: #b00020;" if trouble else "")
        fill_rows(
            self.outbox_table,
            [
                [
                    f"{b.first_seq}–{b.last_seq}",
                    self.tr("quarantined") if b.state == "quarantined" else self.tr("sending"),
                    str(b.attempts),
                    b.last_error or "",
                ]
                for b in view.batches
            ],
        )

    def send_now(self) -> None:
        self.say(self.tr("sending…"))

        def sent(message: str) -> None:
            self.say(message, error=message.startswith("not sent"))
            self.refresh()

        self._run(self._data.sync_now, sent)

    def retry_quarantined(self) -> None:
        def released(count: int) -> None:
            self.say(self.tr("%s batch(es) will be sent again") % count)
            self.refresh()

        self._run(self._data.retry_quarantined, released)

    def _ask_where_to_export_outbox(self) -> None:
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export unsent events"), "unsent-events.jsonl", "JSON lines (*.jsonl)"
        )
        if target:
            self.export_outbox(Path(target))

    def export_outbox(self, target: Path) -> None:
        self._run(
            lambda: self._data.export_outbox(target),
            lambda count: self.say(self.tr("%s unsent events written to %s") % (count, target)),
        )
