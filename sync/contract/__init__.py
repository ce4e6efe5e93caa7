"""The sync contract: what each event kind a node sends, and each master record head office sends
back, may contain. The client builds events that pass it; head office checks every event against
it before anything is applied; a node checks every record it pulls before applying it.

Versions. CONTRACT_VERSION names this set of shapes. Within a protocol version the contract only
grows, so that an old node keeps working against a newer head office:
- a new event kind or master entity is added here first; head office accepts and flags a kind it
  does not know yet, and nodes start sending it only once head office is upgraded;
- a new field is added as optional, with the default that describes what older nodes meant;
- no field is removed, renamed, narrowed or given another meaning: that is a new protocol version
  (`sync.protocol.PROTOCOL_VERSION`), and head office answers an older one with 426.
Records are closed (a field the contract does not name is refused), so head office is upgraded
before the nodes that send the new field.

Bounds come from `posapp.domain.numbers`, the same ones the editors, imports and the till use.
"""

from typing import Final

from sync.contract.documents import DocumentLine, SaleDocument, Tender
from sync.contract.events import (
    COUNT_POSTED_KIND,
    DOCUMENT_KINDS,
    JOURNAL_PREFIX,
    LANDED_COST_KIND,
    MASTER_PREFIX,
    PAYMENT_KIND,
    PURCHASE_DOCUMENT_KIND,
    STOCK_DOCUMENT_KIND,
    EventRefused,
    check_count,
    check_documents,
    check_journal,
    check_landed_cost,
    check_master,
    check_purchase,
    check_stock_document,
    describe,
)
from sync.contract.journal import CashMoved, ShiftClosed, ShiftOpened
from sync.contract.master import RECORDS, master_record
from sync.contract.purchasing import PurchaseDocument, PurchaseLine, SupplierPayment
from sync.contract.stock import (
    CountPosted,
    LandedCost,
    LineShare,
    StockDocumentCompleted,
    StockLine,
)
from sync.contract.store_feed import StoreMovement, StorePage, store_page

# 4: stock documents; 5: counts' adjustments, the store feed; 6: products' categories and brands;
# 7: goods receipts' landed costs
CONTRACT_VERSION: Final = 7

__all__ = [
    "CONTRACT_VERSION",
    "COUNT_POSTED_KIND",
    "DOCUMENT_KINDS",
    "JOURNAL_PREFIX",
    "LANDED_COST_KIND",
    "MASTER_PREFIX",
    "PAYMENT_KIND",
    "PURCHASE_DOCUMENT_KIND",
    "RECORDS",
    "STOCK_DOCUMENT_KIND",
    "CashMoved",
    "CountPosted",
    "DocumentLine",
    "EventRefused",
    "LandedCost",
    "LineShare",
    "PurchaseDocument",
    "PurchaseLine",
    "SaleDocument",
    "ShiftClosed",
    "ShiftOpened",
    "StockDocumentCompleted",
    "StockLine",
    "StoreMovement",
    "StorePage",
    "SupplierPayment",
    "Tender",
    "check_count",
    "check_documents",
    "check_journal",
    "check_landed_cost",
    "check_master",
    "check_purchase",
    "check_stock_document",
    "describe",
    "master_record",
    "store_page",
]
