"""Workflows for the commands and screens: read a type's, change a transition or a status, and
save it through the rules (services.stock.save_workflow)."""

from __future__ import annotations

from dataclasses import replace

from posapp.bootstrap.node import Node
from posapp.domain.permissions import Permission
from posapp.domain.stock import DocumentType, Effect, Status, Transition, Workflow
from posapp.services import stock
from posapp.services.shared import FieldError


def document_type(typed: str) -> DocumentType:
    try:
        return DocumentType(typed.strip().lower().replace("-", "_"))
    except ValueError:
        names = ", ".join(t.value for t in DocumentType)
        raise FieldError("type", typed, f"is not one of {names}") from None


def permission(typed: str) -> Permission:
    try:
        return Permission(typed.strip())
    except ValueError:
        names = ", ".join(p.value for p in Permission)
        raise FieldError("permission", typed, f"is not one of {names}") from None


def workflow(node: Node, doc_type: DocumentType) -> Workflow:
    with node.unit_of_work() as uow:
        return uow.stock_documents.workflow(doc_type)


def save(node: Node, changed: Workflow) -> None:
    stock.save_workflow(node.unit_of_work(), workflow=changed, clock=node.clock, new_id=node.new_id)


def allow(
    node: Node, doc_type: DocumentType, from_status: str, to_status: str, who: Permission, name: str
) -> None:
    """The transition, added or with this permission and name."""
    current = workflow(node, doc_type)
    others = [
        t for t in current.transitions if (t.from_status, t.to_status) != (from_status, to_status)
    ]
    step = Transition(from_status, to_status, who, name or to_status.replace("_", " ").title())
    save(node, replace(current, transitions=(*others, step)))


def forbid(node: Node, doc_type: DocumentType, from_status: str, to_status: str) -> None:
    current = workflow(node, doc_type)
    kept = tuple(
        t for t in current.transitions if (t.from_status, t.to_status) != (from_status, to_status)
    )
    if len(kept) == len(current.transitions):
        raise FieldError("transition", f"{from_status} → {to_status}", "is not one it has")
    save(node, replace(current, transitions=kept))


def add_step(
    node: Node,
    doc_type: DocumentType,
    code: str,
    *,
    name: str,
    after: str,
    before: str,
    who: Permission,
    instead: bool,
) -> None:
    """A new status between `after` and `before` (it moves nothing): reached from `after` by
    a person with `who`, left for `before` by whoever could go from `after` to `before`; with
    `instead`, the direct way from `after` to `before` goes (every document takes the step)."""
    current = workflow(node, doc_type)
    code = code.strip().lower()
    if not code.replace("_", "").isalnum() or len(code) > 30:
        raise FieldError("status", code, "is 1–30 letters, digits or _")
    if code in current.statuses:
        raise FieldError("status", code, "is one it has")
    direct = next(
        (t for t in current.transitions if (t.from_status, t.to_status) == (after, before)), None
    )
    onward = direct.permission if direct is not None else who
    status = Status(code, name or code.replace("_", " ").title(), Effect.NONE, False, False)
    transitions = [t for t in current.transitions if not (instead and t is direct)]
    transitions += [
        Transition(after, code, who, status.name),
        Transition(code, before, onward, before.replace("_", " ").title()),
    ]
    save(
        node,
        replace(
            current, statuses={**current.statuses, code: status}, transitions=tuple(transitions)
        ),
    )


class NodeWorkflows:
    """WorkflowsAdmin on a node's store, as the person signed in acts."""

    def __init__(self, node: Node) -> None:
        self._node = node

    def workflow(self, doc_type: DocumentType) -> Workflow:
        return workflow(self._node, doc_type)

    def save(self, changed: Workflow) -> None:
        save(self._node, changed)
