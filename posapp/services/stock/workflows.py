"""An administrator changes a document type's workflow: its statuses and transitions, and the
permission each transition needs, within what keeps documents whole (domain.workflow_rules).
The change is journaled; documents already made follow the new workflow from their status."""

from __future__ import annotations

from typing import Protocol

from posapp.domain.permissions import Permission
from posapp.domain.stock import DOCUMENT_NAMES, DocumentRefused, DocumentType, Workflow
from posapp.domain.stock_workflows import DEFAULT_WORKFLOWS
from posapp.domain.workflow_rules import check_workflow
from posapp.services.shared import Clock, IdFactory, UnitOfWork, journal_event
from posapp.services.stock.drafts import acting


def save_workflow(uow: UnitOfWork, *, workflow: Workflow, clock: Clock, new_id: IdFactory) -> None:
    """Replace the type's workflow with this one: DocumentRefused naming what would break
    documents, NotPermitted for anyone but those who manage people and their permissions."""
    now = clock.now()
    with uow:
        by = acting(uow, workflow.doc_type)
        assert uow.actor is not None
        if not uow.actor.may(Permission.MANAGE_USERS):
            raise DocumentRefused(
                f"{by} ({uow.actor.role}) may not change workflows: who may do what is "
                "decided by a role with manage_users"
            )
        check_workflow(workflow, DEFAULT_WORKFLOWS[workflow.doc_type])
        before = uow.stock_documents.workflow(workflow.doc_type)
        for code in set(before.statuses) - set(workflow.statuses):
            if uow.stock_documents.documents_in(workflow.doc_type, code):
                raise DocumentRefused(
                    f"{DOCUMENT_NAMES[workflow.doc_type]}s are {code!r} now: it stays while any is"
                )
        uow.stock_documents.replace_workflow(workflow)
        journal_event(
            uow,
            "workflow_changed",
            {
                "type": workflow.doc_type.value,
                "statuses": sorted(workflow.statuses),
                "transitions": [
                    f"{t.from_status}>{t.to_status}:{t.permission.value}"
                    for t in workflow.transitions
                ],
                "by": by,
            },
            at=now,
            new_id=new_id,
        )
        uow.commit()


class WorkflowsAdmin(Protocol):
    """The workflows page's port (bootstrap implements it)."""

    def workflow(self, doc_type: DocumentType) -> Workflow: ...

    def save(self, workflow: Workflow) -> None:
        """Through the rules: DocumentRefused naming what would break documents."""
        ...
