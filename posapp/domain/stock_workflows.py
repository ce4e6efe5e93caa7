"""The workflows shipped with posapp, one per document type: the statuses, the transitions
between them and the permission each needs. A store holds its own copy as data (an administrator
may change it within the named effects); migrations write these defaults, and a test keeps the
two the same."""

from __future__ import annotations

from posapp.domain.permissions import Permission
from posapp.domain.stock import DocumentType, Effect, Status, Transition, Workflow


def _workflow(
    doc_type: DocumentType,
    done: str,
    done_name: str,
    permission: Permission,
    *,
    effect: Effect = Effect.MOVES,
    first: tuple[str, str] = ("draft", "Draft"),
    button: str | None = None,
) -> Workflow:
    """A document made in its `first` status, then done (with `effect`) or cancelled, both by
    whoever holds `permission`."""
    start, start_name = first
    return Workflow(
        doc_type,
        start,
        {
            start: Status(start, start_name, Effect.NONE, editable=True, final=False),
            done: Status(done, done_name, effect, editable=False, final=True),
            "cancelled": Status("cancelled", "Cancelled", Effect.NONE, editable=False, final=True),
        },
        (
            Transition(start, done, permission, button or done_name),
            Transition(start, "cancelled", permission, "Cancel"),
        ),
    )


def _step(code: str, name: str, *, editable: bool = False, final: bool = False) -> Status:
    """A status that moves no stock (orders and requests have only such)."""
    return Status(code, name, Effect.NONE, editable=editable, final=final)


def _purchase_order() -> Workflow:
    """Drafted, sent to the supplier, then received by the goods receipts made against it (in
    part or in full); closed short when the supplier will not deliver the rest. An order moves
    no stock itself: its receipts do."""

    buyer, door = Permission.PURCHASE, Permission.RECEIVE_STOCK
    return Workflow(
        DocumentType.PURCHASE_ORDER,
        "draft",
        {
            "draft": _step("draft", "Draft", editable=True),
            "sent": _step("sent", "Sent"),
            "partially_received": _step("partially_received", "Partly received"),
            "received": _step("received", "Received", final=True),
            "closed_short": _step("closed_short", "Closed short", final=True),
            "cancelled": _step("cancelled", "Cancelled", final=True),
        },
        (
            Transition("draft", "sent", buyer, "Send"),
            Transition("draft", "cancelled", buyer, "Cancel"),
            Transition("sent", "cancelled", buyer, "Cancel"),
            Transition("sent", "partially_received", door, "Partly received"),
            Transition("sent", "received", door, "Received"),
            Transition("partially_received", "received", door, "Received"),
            Transition("partially_received", "closed_short", buyer, "Close short"),
        ),
    )


def _stock_count() -> Workflow:
    """Started (the book is taken), counted line by line, then posted (its differences become
    adjustments linked to it) or cancelled. The count itself moves no stock."""
    return _workflow(
        DocumentType.STOCK_COUNT,
        "posted",
        "Posted",
        Permission.ADJUST_STOCK,
        effect=Effect.NONE,
        first=("counting", "Counting"),
        button="Post",
    )


def _supplier_bill() -> Workflow:
    """Entered from the supplier's invoice and matched to what was received, then posted (the
    supplier is owed it) or cancelled. A bill moves no stock."""
    return _workflow(
        DocumentType.SUPPLIER_BILL,
        "posted",
        "Posted",
        Permission.PAYABLES,
        effect=Effect.NONE,
        button="Post",
    )


def _purchase_request() -> Workflow:
    """Asked for by whoever sees the shelf empty, approved or rejected by a buyer, and ordered
    when a purchase order is made from it."""

    door, buyer = Permission.RECEIVE_STOCK, Permission.PURCHASE
    return Workflow(
        DocumentType.PURCHASE_REQUEST,
        "draft",
        {
            "draft": _step("draft", "Draft", editable=True),
            "submitted": _step("submitted", "Submitted"),
            "approved": _step("approved", "Approved"),
            "ordered": _step("ordered", "Ordered", final=True),
            "rejected": _step("rejected", "Rejected", final=True),
            "cancelled": _step("cancelled", "Cancelled", final=True),
        },
        (
            Transition("draft", "submitted", door, "Submit"),
            Transition("draft", "cancelled", door, "Cancel"),
            Transition("submitted", "approved", buyer, "Approve"),
            Transition("submitted", "rejected", buyer, "Reject"),
            Transition("approved", "ordered", buyer, "Order"),
            Transition("approved", "cancelled", buyer, "Cancel"),
        ),
    )


DEFAULT_WORKFLOWS = {
    DocumentType.GOODS_RECEIPT: _workflow(
        DocumentType.GOODS_RECEIPT, "received", "Received", Permission.RECEIVE_STOCK
    ),
    DocumentType.STOCK_ADJUSTMENT: _workflow(
        DocumentType.STOCK_ADJUSTMENT, "posted", "Posted", Permission.ADJUST_STOCK
    ),
    DocumentType.PURCHASE_ORDER: _purchase_order(),
    DocumentType.STOCK_COUNT: _stock_count(),
    DocumentType.TRANSFER: _workflow(
        DocumentType.TRANSFER, "transferred", "Transferred", Permission.RECEIVE_STOCK
    ),
    DocumentType.TRANSFER_OUT: _workflow(
        DocumentType.TRANSFER_OUT, "sent", "Sent", Permission.ADJUST_STOCK
    ),
    DocumentType.TRANSFER_IN: _workflow(
        DocumentType.TRANSFER_IN, "received", "Received", Permission.RECEIVE_STOCK
    ),
    DocumentType.SUPPLIER_RETURN: _workflow(
        DocumentType.SUPPLIER_RETURN, "returned", "Returned", Permission.PURCHASE
    ),
    DocumentType.SUPPLIER_BILL: _supplier_bill(),
    DocumentType.PURCHASE_REQUEST: _purchase_request(),
}
