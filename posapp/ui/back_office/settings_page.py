"""The shop's settings in the back office: every setting a shop may change, its value here (or
its default), what it means and who may change it; a setting is changed in a small editor that
takes lines, yes or no, or a number, and says what is wrong before it closes."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.errors import DomainError
from posapp.services.shop import SettingRow, ShopSettingsAdmin
from posapp.ui.back_office.lists import fill_table, list_table
from posapp.ui.db_worker import RunJob, Say
from posapp.ui.presenters.shop_settings import SettingForm, shown
from posapp.ui.till.dialog_parts import add_refusal_and_buttons

_GREY = QColor("#757575")


class SettingsPage(QWidget):
    def __init__(self, admin: ShopSettingsAdmin, run: RunJob, say: Say) -> None:
        super().__init__()
        self.setObjectName("settings-page")
        self._admin, self._run, self._say = admin, run, say
        self.rows: list[SettingRow] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The same for every till of the shop (and, with head office, of the chain). "
                "Grey values are defaults, never set here."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        headers = ("Setting", "Value", "Changed by", "What it does")
        self.table = list_table([self.tr(h) for h in headers])
        self.table.setObjectName("settings-table")
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        change = QPushButton(self.tr("Change…"))
        change.clicked.connect(self.edit_selected)
        buttons.addWidget(change)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def load(self) -> None:
        self._run(self._admin.rows, self._show)

    def _show(self, rows: list[SettingRow]) -> None:
        self.rows = rows
        fill_table(
            self.table,
            [(r.key, shown(r.value), r.changed_by.replace("_", " "), r.means) for r in rows],
        )
        for number, row in enumerate(rows):
            if row.is_default and (cell := self.table.item(number, 1)) is not None:
                cell.setForeground(_GREY)

    def edit_selected(self) -> SettingEditor | None:
        number = self.table.currentRow()
        if not 0 <= number < len(self.rows):
            self._say(self.tr("choose a setting first"), error=True)
            return None
        row = self.rows[number]
        if not row.may_change:
            self._say(
                self.tr("%s is changed only by a role with %s") % (row.key, row.changed_by),
                error=True,
            )
            return None
        editor = SettingEditor(self, SettingForm(row))
        editor.accepted.connect(lambda: self._save(row.key, editor.chosen))
        editor.open()
        return editor

    def _save(self, key: str, value: object) -> None:
        def saved(_: object) -> None:
            self._say(self.tr("%s changed") % key)
            self.load()

        self._run(lambda: self._admin.change(key, value), saved)


class SettingEditor(QDialog):
    """One setting's editor: the value in the form its kind takes, checked on OK."""

    def __init__(self, parent: QWidget, form: SettingForm) -> None:
        super().__init__(parent)
        self.setObjectName("setting-editor")
        self.setWindowTitle(form.row.key)
        self._form = form
        self.chosen: object = None
        layout = QVBoxLayout(self)
        about = QLabel(f"<b>{form.row.key}</b>: {form.row.means} ({form.hint})")
        about.setWordWrap(True)
        layout.addWidget(about)
        self.editor: QComboBox | QPlainTextEdit | QLineEdit
        if form.kind == "yes_no":
            self.editor = QComboBox()
            self.editor.addItems(["yes", "no"])
            self.editor.setCurrentText(form.text())
        elif form.kind == "lines":
            self.editor = QPlainTextEdit(form.text())
        else:
            self.editor = QLineEdit(form.text())
        self.editor.setObjectName("setting-value")
        layout.addWidget(self.editor)
        self.problem = add_refusal_and_buttons(self, layout, "setting", self.accept)
        self.setMinimumWidth(520)

    def typed(self) -> str:
        if isinstance(self.editor, QComboBox):
            return self.editor.currentText()
        if isinstance(self.editor, QPlainTextEdit):
            return self.editor.toPlainText()
        return self.editor.text()

    def accept(self) -> None:
        try:
            self.chosen = self._form.value(self.typed())
        except DomainError as error:
            self.problem.setText(str(error))
            return
        super().accept()
