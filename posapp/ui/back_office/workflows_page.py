"""Workflows in the back office, for an administrator: a document type's statuses and the
transitions between them — who may take each (a permission) and what its button says — with a
step to add between two statuses and a transition to take away. Saving goes through the rules;
what would break documents is refused by name and nothing changes."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.permissions import Permission
from posapp.domain.stock import (
    DOCUMENT_NAMES,
    DocumentType,
    Effect,
    Status,
    Transition,
    Workflow,
)
from posapp.services.stock import WorkflowsAdmin
from posapp.ui.back_office.lists import fill_table, list_table
from posapp.ui.db_worker import RunJob, Say


class WorkflowsPage(QWidget):
    def __init__(self, admin: WorkflowsAdmin, run: RunJob, say: Say) -> None:
        super().__init__()
        self.setObjectName("workflows-page")
        self._admin, self._run, self._say = admin, run, say
        self.shown: Workflow | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.doc_type = QComboBox()
        self.doc_type.setObjectName("workflow-type")
        for doc_type in DocumentType:
            self.doc_type.addItem(DOCUMENT_NAMES[doc_type].capitalize(), doc_type)
        self.doc_type.currentIndexChanged.connect(lambda _: self.load())
        top.addWidget(QLabel(self.tr("Documents:")))
        top.addWidget(self.doc_type)
        top.addStretch(1)
        layout.addLayout(top)
        self.statuses = list_table([self.tr(h) for h in ("Status", "Name", "Effect", "")])
        self.statuses.setObjectName("workflow-statuses")
        self.statuses.setMaximumHeight(190)
        layout.addWidget(self.statuses)
        self.transitions = list_table(
            [self.tr(h) for h in ("From", "To", "Who may (permission)", "Button")]
        )
        self.transitions.setObjectName("workflow-transitions")
        self.transitions.setEditTriggers(QTableWidget.EditTrigger.AllEditTriggers)
        layout.addWidget(self.transitions, 1)
        buttons = QHBoxLayout()
        step = QPushButton(self.tr("Add a step…"))
        step.clicked.connect(self.step_dialog)
        remove = QPushButton(self.tr("Take the transition away"))
        remove.clicked.connect(self.remove_transition)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("workflow-save")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(step)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

    def load(self) -> None:
        doc_type = DocumentType(self.doc_type.currentData())  # Qt hands the enum back as text
        self._run(lambda: self._admin.workflow(doc_type), self.show_workflow)

    def show_workflow(self, workflow: Workflow) -> None:
        self.shown = workflow
        self.show_workflow_statuses()
        self.transitions.setRowCount(0)
        for t in workflow.transitions:
            self._add_row(t.from_status, t.to_status, t.permission, t.name)

    def _add_row(self, from_status: str, to_status: str, who: Permission, name: str) -> None:
        row = self.transitions.rowCount()
        self.transitions.insertRow(row)
        for column, text in ((0, from_status), (1, to_status), (3, name)):
            item = QTableWidgetItem(text)
            self.transitions.setItem(row, column, item)
        for column in (0, 1):  # the ends are chosen with a step, not typed
            cell = self.transitions.item(row, column)
            assert cell is not None
            cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
        permission = QComboBox()
        permission.addItems([p.value for p in Permission])
        permission.setCurrentText(who.value)
        self.transitions.setCellWidget(row, 2, permission)

    def typed(self) -> Workflow | None:
        """The workflow as the page shows it now."""
        if self.shown is None:
            return None
        steps = []
        for row in range(self.transitions.rowCount()):
            cells = [self.transitions.item(row, c) for c in (0, 1, 3)]
            chosen = self.transitions.cellWidget(row, 2)
            assert isinstance(chosen, QComboBox)
            ends = [c.text() if c is not None else "" for c in cells]
            steps.append(Transition(ends[0], ends[1], Permission(chosen.currentText()), ends[2]))
        return replace(self.shown, transitions=tuple(steps))

    def remove_transition(self) -> None:
        row = self.transitions.currentRow()
        if row >= 0:
            self.transitions.removeRow(row)

    def save(self) -> None:
        changed = self.typed()
        if changed is None:
            return
        name = DOCUMENT_NAMES[changed.doc_type]

        def saved(_: object) -> None:
            self._say(self.tr("the %s workflow is saved") % name)
            self.load()

        self._run(lambda: self._admin.save(changed), saved)

    def add_step(
        self, code: str, name: str, after: str, before: str, who: Permission, instead: bool
    ) -> None:
        """A new status between two, shown (saved with Save)."""
        if self.shown is None or code in self.shown.statuses:
            self._say(self.tr("%s is a status it has") % code, error=True)
            return
        status = Status(code, name or code.title(), Effect.NONE, editable=False, final=False)
        self.shown = replace(self.shown, statuses={**self.shown.statuses, code: status})
        onward = who
        for row in range(self.transitions.rowCount()):
            ends = [self.transitions.item(row, c) for c in (0, 1)]
            if [e.text() if e else "" for e in ends] == [after, before]:
                chosen = self.transitions.cellWidget(row, 2)
                assert isinstance(chosen, QComboBox)
                onward = Permission(chosen.currentText())
                if instead:
                    self.transitions.removeRow(row)
                break
        self._add_row(after, code, who, status.name)
        self._add_row(code, before, onward, before.replace("_", " ").title())
        self.show_workflow_statuses()

    def show_workflow_statuses(self) -> None:
        shown = self.shown
        assert shown is not None
        fill_table(
            self.statuses,
            [
                (
                    s.code,
                    s.name,
                    s.effect.value,
                    "first" if s.code == shown.first else "final" if s.final else "",
                )
                for s in shown.statuses.values()
            ],
        )

    def step_dialog(self) -> QDialog:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Add a step"))
        form = QFormLayout(dialog)
        code, name = QLineEdit(), QLineEdit()
        after, before, who = QComboBox(), QComboBox(), QComboBox()
        codes = [] if self.shown is None else list(self.shown.statuses)
        after.addItems(codes)
        before.addItems(codes)
        who.addItems([p.value for p in Permission])
        instead = QCheckBox(self.tr("Every document takes it (the direct way goes)"))
        for label, field in (
            ("Status code", code),
            ("Name", name),
            ("After", after),
            ("Before", before),
            ("Who may take it", who),
        ):
            form.addRow(self.tr(label), field)
        form.addRow("", instead)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.rejected.connect(dialog.reject)

        def added() -> None:
            self.add_step(
                code.text().strip().lower(),
                name.text().strip(),
                after.currentText(),
                before.currentText(),
                Permission(who.currentText()),
                instead.isChecked(),
            )
            dialog.accept()

        buttons.accepted.connect(added)
        form.addRow(buttons)
        dialog.open()
        return dialog
