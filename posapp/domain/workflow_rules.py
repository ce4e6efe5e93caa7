"""What an administrator may make of a document type's workflow. Statuses and transitions are
theirs to shape — new steps (an approval before a receipt is received), other permissions,
other names — within what keeps documents whole: the shipped statuses stay (the services and
the documents already in them name them), effects are the named ones the type has, every
status can be reached from the first and leads on until a final one, and only a final status
moves stock."""

from __future__ import annotations

from posapp.domain.stock import (
    DOCUMENT_NAMES,
    DocumentRefused,
    DocumentType,
    Effect,
    Workflow,
    legs,
)

# Transitions posapp takes itself (a receipt fills its order, posting settles a count or owes a
# bill, an order made from requests): their permission and name may change, they stay.
TAKEN_BY_POSAPP = {
    DocumentType.PURCHASE_ORDER: (
        ("sent", "partially_received"),
        ("sent", "received"),
        ("partially_received", "received"),
    ),
    DocumentType.STOCK_COUNT: (("counting", "posted"),),
    DocumentType.SUPPLIER_BILL: (("draft", "posted"),),
    DocumentType.PURCHASE_REQUEST: (("approved", "ordered"),),
}


def check_workflow(workflow: Workflow, shipped: Workflow) -> None:
    """DocumentRefused naming the first thing that would break documents of this type."""
    what = DOCUMENT_NAMES[workflow.doc_type]
    statuses = workflow.statuses
    missing = sorted(set(shipped.statuses) - set(statuses))
    if missing:
        raise DocumentRefused(f"a {what} keeps its status {missing[0]!r}: posapp relies on it")
    if workflow.first != shipped.first:
        raise DocumentRefused(f"a {what} starts as {shipped.first!r}")
    kept = {(t.from_status, t.to_status) for t in workflow.transitions}
    for step in TAKEN_BY_POSAPP.get(workflow.doc_type, ()):
        if step not in kept:
            raise DocumentRefused(
                f"a {what} keeps its way from {step[0]!r} to {step[1]!r}: posapp takes it"
            )
    for code, status in statuses.items():
        _check_status(what, code, status.effect, status.final, shipped, workflow)
    for transition in workflow.transitions:
        for end in (transition.from_status, transition.to_status):
            if end not in statuses:
                raise DocumentRefused(f"a {what} has no status {end!r} to go from or to")
        if statuses[transition.from_status].final:
            raise DocumentRefused(
                f"{transition.from_status!r} is final: a {what} does not leave it"
            )
        if transition.to_status == workflow.first:
            raise DocumentRefused(f"a {what} does not go back to {workflow.first!r}")
    _check_paths(what, workflow)


def _check_status(
    what: str, code: str, effect: Effect, final: bool, shipped: Workflow, workflow: Workflow
) -> None:
    if effect is Effect.REVERSES:
        raise DocumentRefused(
            f"{code!r}: a completed {what} is undone by a reversing document (a return, an "
            "adjustment), not by a status that takes its movements back"
        )
    if effect is Effect.RESERVES and (final or not _takes_goods_out(workflow)):
        raise DocumentRefused(
            f"{code!r} reserves stock: only a {what} that takes goods out may, on its way "
            "to the status that moves them (not a final one)"
        )
    if effect is Effect.MOVES:
        if not final:
            raise DocumentRefused(f"{code!r} moves stock, so it is final: nothing follows it")
        try:
            legs(workflow.doc_type, None)
        except DocumentRefused as refused:
            if "needs its reason" not in str(refused):
                raise DocumentRefused(f"{code!r}: a {what} moves no stock itself") from None
    kept = shipped.statuses.get(code)
    if kept is not None and (kept.effect, kept.final) != (effect, final):
        raise DocumentRefused(
            f"{code!r} keeps what it does ({kept.effect.value}, "
            f"{'final' if kept.final else 'not final'}): documents rely on it"
        )


def _takes_goods_out(workflow: Workflow) -> bool:
    """Its lines leave its location (a transfer, a transfer out, a return, a write-off)."""
    try:
        return any(not other and sign < 0 for other, sign in legs(workflow.doc_type, None))
    except DocumentRefused as refused:
        return "needs its reason" in str(refused)  # an adjustment: a write-off does


def _check_paths(what: str, workflow: Workflow) -> None:
    reached, todo = {workflow.first}, [workflow.first]
    while todo:
        for transition in workflow.next_from(todo.pop()):
            if transition.to_status not in reached:
                reached.add(transition.to_status)
                todo.append(transition.to_status)
    for code, status in workflow.statuses.items():
        if code not in reached:
            raise DocumentRefused(f"no way leads a {what} to {code!r}")
        if not status.final and not workflow.next_from(code):
            raise DocumentRefused(f"a {what} in {code!r} could go nowhere: it needs a way on")
