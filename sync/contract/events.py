"""One event checked against the contract, and the refusal that names what was wrong."""

from __future__ import annotations

from typing import Any

import msgspec
from pydantic import ValidationError

from posapp.domain.numbers import MAX_AMOUNT_MINOR
from posapp.domain.stock import COMPLETED_EVENT, LANDED_COST_EVENT, PREFIXES, DocumentType
from sync.contract.documents import DOCUMENT, DOCUMENTS, SaleDocument, describe_decoding
from sync.contract.journal import journal_payload
from sync.contract.master import master_change
from sync.contract.purchasing import PREFIXES as PURCHASE_PREFIXES
from sync.contract.purchasing import PurchaseDocument, SupplierPayment
from sync.contract.stock import CountPosted, LandedCost, StockDocumentCompleted
from sync.contract.text import first_control_character

DOCUMENT_KINDS = {"sale.completed": "SALE", "return.completed": "RETURN"}
STOCK_DOCUMENT_KIND = COMPLETED_EVENT
PURCHASE_DOCUMENT_KIND = "purchase.document"
COUNT_POSTED_KIND = "stock.count_posted"
LANDED_COST_KIND = LANDED_COST_EVENT
PAYMENT_KIND = "purchase.payment"
JOURNAL_PREFIX = "journal."
MASTER_PREFIX = "master."

# pydantic's words for a few failures, in the words a person fixing the data needs.
_PLAIN = {
    "string_pattern_mismatch": "contains a control character or a character it may not",
    "missing": "is required",
    "extra_forbidden": "is not a field of this record",
    "json_invalid": "is not valid JSON (or is nested too deeply)",
    "dict_type": "is not a JSON object",
    "model_type": "is not a JSON object",
    "typed_dict_type": "is not a JSON object",
}


class EventRefused(ValueError):
    """An event the contract refuses: `seq` is the event's, the message says what and why."""

    def __init__(self, seq: int, kind: str, reason: str) -> None:
        super().__init__(f"event {seq} ({kind}): {reason}")
        self.seq = seq
        self.kind = kind
        self.reason = reason


def describe(error: ValidationError, *, skip: int = 0) -> str:
    """The first problems of a ValidationError as "field.path: what is wrong"."""
    parts = []
    for problem in error.errors(include_url=False)[:3]:
        where = ".".join(str(step) for step in problem["loc"][skip:])
        words = _PLAIN.get(problem["type"], problem["msg"])
        given = problem.get("input")
        if problem["type"] == "string_pattern_mismatch" and isinstance(given, str):
            words = _pattern_words(given)
        elif problem["type"] not in _PLAIN and isinstance(given, str | int | float | bool):
            words = f"{words}, got {repr(given)[:40]}"
        parts.append(f"{where}: {words}" if where else words)
    return "; ".join(parts)


def _pattern_words(value: str) -> str:
    for character in value:
        if ord(character) < 0x20 or 0x7F <= ord(character) <= 0x9F:
            return f"contains a control character (U+{ord(character):04X})"
    return f"{value[:40]!r} is not in the form this field takes"


def check_documents(seqs: list[int], kinds: list[str], payloads: list[str]) -> list[SaleDocument]:
    """Sales and returns, all in one decoder pass (a backlog of thousands is one call);
    EventRefused for the first that is refused."""
    for seq, kind, payload in zip(seqs, kinds, payloads, strict=True):
        code = first_control_character(payload)
        if code is not None:
            raise EventRefused(seq, kind, f"text contains a control character (U+{code:04X})")
    try:
        documents = DOCUMENTS.decode("[" + ",".join(payloads) + "]")
    except msgspec.DecodeError as error:
        index, reason = describe_decoding(error)
        if index is None:  # not JSON at all: which payload, and where in it
            index = next((n for n, payload in enumerate(payloads) if _unreadable(payload)), 0)
            reason = _unreadable(payloads[index]) or reason
        raise EventRefused(seqs[index], kinds[index], reason) from None
    for seq, kind, document in zip(seqs, kinds, documents, strict=True):
        if document.kind != DOCUMENT_KINDS[kind]:
            raise EventRefused(seq, kind, f"a {kind} event carries a {document.kind} document")
        # Each amount is bounded; so must their sum be, or a report's total overflows.
        if sum(abs(line.amount) for line in document.lines) > MAX_AMOUNT_MINOR:
            raise EventRefused(seq, kind, f"lines: add up to more than {MAX_AMOUNT_MINOR}")
    return documents


def _unreadable(payload: str) -> str | None:
    """Why `payload` alone cannot be read, or None."""
    try:
        DOCUMENT.decode(payload)
    except msgspec.DecodeError as error:
        return describe_decoding(error)[1]
    return None


def check_journal(seq: int, kind: str, payload: str) -> tuple[dict[str, Any], Any]:
    try:
        return journal_payload(kind.removeprefix(JOURNAL_PREFIX), payload)
    except ValidationError as error:
        raise EventRefused(seq, kind, describe(error)) from None
    except ValueError as error:
        raise EventRefused(seq, kind, str(error)) from None


def check_master(seq: int, kind: str, payload: str) -> tuple[str, dict[str, Any] | None]:
    """(key, record or None) of a `master.<entity>` event."""
    try:
        return master_change(payload, kind.removeprefix(MASTER_PREFIX))
    except ValidationError as error:
        raise EventRefused(seq, kind, describe(error)) from None
    except ValueError as error:
        raise EventRefused(seq, kind, str(error)) from None


def check_stock_document(seq: int, kind: str, payload: str) -> StockDocumentCompleted:
    """A completed stock document, checked; its lines' order, its reason, its number's prefix
    and the fields its type needs (a transfer's other location, a transfer out's store) are
    checked here too."""
    try:
        document = StockDocumentCompleted.model_validate_json(payload)
    except ValidationError as error:
        raise EventRefused(seq, kind, describe(error)) from None
    numbers = [line.line_no for line in document.lines]
    if numbers != list(range(1, len(numbers) + 1)):
        raise EventRefused(seq, kind, "lines: numbered 1, 2, 3… in order, each once")
    adjustment = document.doc_type == "stock_adjustment"
    if adjustment != (document.reason is not None):
        raise EventRefused(seq, kind, "reason: an adjustment has one, no other document")
    prefix = PREFIXES[DocumentType(document.doc_type)] + "-"
    if not document.number.startswith(prefix):
        raise EventRefused(seq, kind, f"number: a {document.doc_type} is numbered {prefix}…")
    two_legs = document.doc_type in ("transfer", "transfer_in")
    if two_legs != (document.other_location_id is not None) or any(
        two_legs != (line.other_movement_id is not None) for line in document.lines
    ):
        raise EventRefused(
            seq,
            kind,
            "other_location_id: a transfer or transfer in has it, with each line's "
            "other_movement_id; no other document",
        )
    if document.doc_type == "supplier_return" and document.supplier_id is None:
        raise EventRefused(seq, kind, "supplier_id: a supplier return names its supplier")
    if (document.doc_type == "transfer_out") != (document.to_store is not None):
        raise EventRefused(seq, kind, "to_store: a transfer out names it, no other document")
    if two_legs and document.other_location_id == document.location_id:
        raise EventRefused(seq, kind, "other_location_id: goods move between two locations")
    return document


def check_purchase(seq: int, kind: str, payload: str) -> PurchaseDocument | SupplierPayment:
    """A purchasing document or a payment, checked; a document's lines in order, its number's
    prefix its type's, a bill's supplier and total named."""
    model: type[PurchaseDocument] | type[SupplierPayment] = (
        PurchaseDocument if kind == PURCHASE_DOCUMENT_KIND else SupplierPayment
    )
    try:
        read = model.model_validate_json(payload)
    except ValidationError as error:
        raise EventRefused(seq, kind, describe(error)) from None
    if isinstance(read, SupplierPayment):
        if sum(a.amount_minor for a in read.allocations) > read.amount_minor:
            raise EventRefused(seq, kind, "allocations: they pay more than the payment")
        return read
    numbers = [line.line_no for line in read.lines]
    if numbers != list(range(1, len(numbers) + 1)):
        raise EventRefused(seq, kind, "lines: numbered 1, 2, 3… in order, each once")
    if not read.number.startswith(PURCHASE_PREFIXES[read.doc_type]):
        raise EventRefused(
            seq, kind, f"number: a {read.doc_type} is numbered {PURCHASE_PREFIXES[read.doc_type]}…"
        )
    if read.doc_type != "purchase_request" and read.supplier_id is None:
        raise EventRefused(seq, kind, f"supplier_id: a {read.doc_type} names its supplier")
    if (read.doc_type == "supplier_bill") != (read.total_minor is not None):
        raise EventRefused(seq, kind, "total_minor: a bill has one, no other document")
    return read


def check_count(seq: int, kind: str, payload: str) -> CountPosted:
    try:
        count = CountPosted.model_validate_json(payload)
    except ValidationError as error:
        raise EventRefused(seq, kind, describe(error)) from None
    if count.counted > count.lines:
        raise EventRefused(seq, kind, "counted: more lines counted than the count has")
    if count.posted_at < count.started_at:
        raise EventRefused(seq, kind, "posted_at: before the count started")
    return count


def check_landed_cost(seq: int, kind: str, payload: str) -> LandedCost:
    """A landed cost, checked: its shares add up to it, each receipt line once."""
    try:
        return LandedCost.model_validate_json(payload)
    except ValidationError as error:
        raise EventRefused(seq, kind, describe(error)) from None
