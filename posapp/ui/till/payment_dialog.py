"""The payment dialog: amount due large, tender buttons, quick cash, change large."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.payment import CASH
from posapp.ui.formatting import format_money
from posapp.ui.presenters.payment import PaymentPresenter


def _big(label: QLabel, points: int) -> QLabel:
    font = QFont(label.font())
    font.setPointSize(points)
    font.setBold(True)
    label.setFont(font)
    return label


class PaymentDialog(QDialog):
    """Emits `paid(settlement)` as soon as the tenders cover what is due."""

    paid = Signal(object)

    def __init__(
        self,
        parent: QWidget,
        presenter: PaymentPresenter,
        tender_kinds: tuple[str, ...],
        locale: QLocale | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("payment-dialog")
        self.setWindowTitle(self.tr("Payment"))
        self._presenter = presenter
        self._locale = locale or QLocale()
        layout = QVBoxLayout(self)
        self.due_label = _big(QLabel(self), 26)
        self.remaining_label = _big(QLabel(self), 18)
        self.amount = QLineEdit(self)
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(self.tr("Amount tendered (blank: all that is left)"))
        self.amount.setMinimumHeight(44)
        self.reference = QLineEdit(self)
        self.reference.setObjectName("reference")
        self.reference.setPlaceholderText(self.tr("Card approval / reference (optional)"))
        self.message = QLabel(self)
        self.message.setObjectName("payment-message")
        self.message.setWordWrap(True)
        self.taken = QListWidget(self)
        self.taken.setMaximumHeight(110)

        tenders = self._tender_row(tender_kinds)
        self.quick = QGridLayout()
        layout.addWidget(self.due_label)
        layout.addWidget(self.remaining_label)
        layout.addWidget(self.amount)
        layout.addWidget(self.reference)
        layout.addLayout(tenders)
        layout.addLayout(self.quick)
        layout.addWidget(self.taken)
        layout.addWidget(self.message)
        hint = QLabel(
            self.tr(
                "Type an amount, then Enter: cash · F1, F2…: that tender · blank: all that is left"
                " · F12: exact cash · Backspace on empty: undo · Esc: back"
            ),
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.amount.returnPressed.connect(lambda: self._take(CASH))
        QShortcut(QKeySequence(Qt.Key.Key_F12), self).activated.connect(self._exact_cash)
        self.setMinimumSize(520, 480)
        self._refresh()

    def _tender_row(self, tender_kinds: tuple[str, ...]) -> QHBoxLayout:
        """A button per tender. F1, F2, … take the typed amount (or all that is left) in the
        first, second, … tender, so a split of cash and card needs no mouse. No button is a
        default button: Enter belongs to the amount field alone, or it would take a second,
        blank tender after the typed one."""
        tenders = QHBoxLayout()
        self.tender_buttons: dict[str, QPushButton] = {}
        for index, kind in enumerate(tender_kinds[:9]):
            key = QKeySequence(f"F{index + 1}")
            button = QPushButton(f"{kind.title()}  ({key.toString()})", self)
            button.setAutoDefault(False)
            button.setDefault(False)
            button.setMinimumHeight(52)
            button.clicked.connect(lambda _=False, k=kind: self._take(k))
            QShortcut(key, self).activated.connect(lambda k=kind: self._take(k))
            tenders.addWidget(button)
            self.tender_buttons[kind] = button
        return tenders

    def _money(self, amount: object) -> str:
        return format_money(amount, self._locale)  # type: ignore[arg-type]

    def _take(self, kind: str) -> None:
        reference = self.reference.text() if kind != CASH else None
        if self._presenter.add(kind, self.amount.text(), reference):
            self.amount.clear()
            self.reference.clear()
        self._refresh()

    def _quick(self, amount: object) -> None:
        self._presenter.add_amount(CASH, amount)  # type: ignore[arg-type]
        self._refresh()

    def _exact_cash(self) -> None:
        self.amount.clear()
        self._take(CASH)

    def keyPressEvent(self, event: object) -> None:
        key = getattr(event, "key", lambda: None)()
        if key == Qt.Key.Key_Backspace and not self.amount.text():
            self._presenter.undo_last()
            self._refresh()
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]

    def _refresh(self) -> None:
        presenter = self._presenter
        self.due_label.setText(self.tr("To pay: %s") % self._money(presenter.payable()))
        remaining = presenter.remaining()
        if remaining.minor > 0:
            self.remaining_label.setText(self.tr("Left to pay: %s") % self._money(remaining))
        else:
            self.remaining_label.setText(self.tr("Change: %s") % self._money(-remaining))
        self.message.setText(presenter.message)
        self.message.setStyleSheet("color: #b00020;" if presenter.is_error else "")
        self.taken.clear()
        for tender in presenter.tenders:
            self.taken.addItem(
                f"{tender.kind.title()}  {self._money(tender.amount)}"
                + (f"  ({tender.reference})" if tender.reference else "")
            )
        while self.quick.count():
            item = self.quick.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        for column, amount in enumerate(presenter.quick_cash()):
            button = QPushButton(self._money(amount), self)
            button.setAutoDefault(False)
            button.setMinimumHeight(44)
            button.clicked.connect(lambda _=False, a=amount: self._quick(a))
            self.quick.addWidget(button, 0, column)
        settlement = presenter.settlement()
        if settlement is not None:
            self.paid.emit(settlement)
            self.accept()
