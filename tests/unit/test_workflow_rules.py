"""What an administrator may and may not make of a workflow."""

from dataclasses import replace

import pytest

from posapp.domain.permissions import Permission
from posapp.domain.stock import DocumentRefused, DocumentType, Effect, Status, Transition
from posapp.domain.stock_workflows import DEFAULT_WORKFLOWS
from posapp.domain.workflow_rules import check_workflow

RECEIPT = DEFAULT_WORKFLOWS[DocumentType.GOODS_RECEIPT]


def test_a_way_posapp_takes_itself_stays() -> None:
    order = DEFAULT_WORKFLOWS[DocumentType.PURCHASE_ORDER]
    fewer = replace(
        order, transitions=tuple(t for t in order.transitions if t.to_status != "received")
    )
    with pytest.raises(DocumentRefused, match="posapp takes it"):
        check_workflow(fewer, order)


def test_every_shipped_workflow_passes() -> None:
    for workflow in DEFAULT_WORKFLOWS.values():
        check_workflow(workflow, workflow)


def test_an_approval_step_before_receiving_is_allowed() -> None:
    checked = replace(
        RECEIPT,
        statuses={
            **RECEIPT.statuses,
            "checked": Status("checked", "Checked", Effect.NONE, editable=False, final=False),
        },
        transitions=(
            Transition("draft", "checked", Permission.RECEIVE_STOCK, "Checked"),
            Transition("checked", "received", Permission.ADJUST_STOCK, "Received"),
            Transition("draft", "cancelled", Permission.RECEIVE_STOCK, "Cancel"),
        ),
    )
    check_workflow(checked, RECEIPT)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            lambda w: replace(w, statuses={k: v for k, v in w.statuses.items() if k != "received"}),
            "keeps its status 'received'",
        ),
        (lambda w: replace(w, transitions=w.transitions[1:]), "no way leads"),
        (
            lambda w: replace(
                w,
                transitions=(
                    *w.transitions,
                    Transition("received", "cancelled", Permission.RECEIVE_STOCK, "Undo"),
                ),
            ),
            "is final",
        ),
        (
            lambda w: replace(
                w,
                transitions=(
                    *w.transitions,
                    Transition("cancelled", "draft", Permission.RECEIVE_STOCK, "Again"),
                ),
            ),
            "is final",
        ),
        (
            lambda w: replace(
                w,
                statuses={
                    **w.statuses,
                    "held": Status("held", "Held", Effect.RESERVES, editable=False, final=False),
                },
            ),
            "takes goods out",  # a receipt brings goods in: nothing to set aside
        ),
        (
            lambda w: replace(
                w,
                statuses={
                    **w.statuses,
                    "undone": Status(
                        "undone", "Undone", Effect.REVERSES, editable=False, final=True
                    ),
                },
            ),
            "reversing document",
        ),
        (
            lambda w: replace(
                w,
                statuses={
                    **w.statuses,
                    "limbo": Status("limbo", "Limbo", Effect.NONE, editable=False, final=False),
                },
            ),
            "no way leads",
        ),
        (
            lambda w: replace(
                w,
                statuses={
                    **w.statuses,
                    "received": Status(
                        "received", "Received", Effect.NONE, editable=False, final=True
                    ),
                },
            ),
            "keeps what it does",
        ),
    ],
    ids=[
        "drop-a-shipped-status",
        "unreachable",
        "leave-a-final",
        "back-to-draft",
        "reserves-what-comes-in",
        "reverses",
        "a-dead-end",
        "change-an-effect",
    ],
)
def test_what_would_break_documents_is_refused_by_name(change: object, words: str) -> None:
    with pytest.raises(DocumentRefused, match=words):
        check_workflow(change(RECEIPT), RECEIPT)  # type: ignore[operator]
