"""Stock: documents that move goods besides the till's sales (goods receipts, stock
adjustments, purchase orders, counts; transfers to come), their workflow held as data, and
what the stock screens read (stock on hand, a product's movements)."""

from posapp.services.stock.batches import (
    ExpiryAlert,
    expiring_soon,
    pick_first_expiring,
    write_off_expired,
)
from posapp.services.stock.bills import (
    BillLineDraft,
    BillPosted,
    bill_receipts,
    create_bill,
    match_bill,
    post_bill,
)
from posapp.services.stock.count_corrections import correct_counts
from posapp.services.stock.counting_admin import CountLineRow, CountRow, CountsAdmin
from posapp.services.stock.counts import CountStarted, count_items, post_count, start_count
from posapp.services.stock.documents import change_status, create_document, save_draft
from posapp.services.stock.drafts import DraftHeader, DraftLine, read_lines
from posapp.services.stock.landed_costs import LandedCostAdded, add_landed_cost
from posapp.services.stock.line_files import LINE_COLUMNS, lines_by_location
from posapp.services.stock.order_print import OrderLinePrint, PurchaseOrderPrint
from posapp.services.stock.orders import RECEIVED_BY_RECEIPTS, receive_order
from posapp.services.stock.payables_admin import (
    OpenBill,
    OpenOrder,
    PayablesAdmin,
    SupplierAccount,
)
from posapp.services.stock.payments import AgeingRow, ageing, pay_supplier, supplier_balance
from posapp.services.stock.places import add_location, set_limits
from posapp.services.stock.requests import order_from_requests
from posapp.services.stock.stock_admin import (
    DocumentRow,
    DocumentView,
    MovementRow,
    StockAdmin,
    StockRow,
)
from posapp.services.stock.supplier_returns import return_to_supplier
from posapp.services.stock.transfers import (
    TransferReceived,
    receive_transfer,
    settle_transfer,
    transfer_reference,
)
from posapp.services.stock.workflows import WorkflowsAdmin, save_workflow

__all__ = [
    "LINE_COLUMNS",
    "RECEIVED_BY_RECEIPTS",
    "AgeingRow",
    "BillLineDraft",
    "BillPosted",
    "CountLineRow",
    "CountRow",
    "CountStarted",
    "CountsAdmin",
    "DocumentRow",
    "DocumentView",
    "DraftHeader",
    "DraftLine",
    "ExpiryAlert",
    "LandedCostAdded",
    "MovementRow",
    "OpenBill",
    "OpenOrder",
    "OrderLinePrint",
    "PayablesAdmin",
    "PurchaseOrderPrint",
    "StockAdmin",
    "StockRow",
    "SupplierAccount",
    "TransferReceived",
    "WorkflowsAdmin",
    "add_landed_cost",
    "add_location",
    "ageing",
    "bill_receipts",
    "change_status",
    "correct_counts",
    "count_items",
    "create_bill",
    "create_document",
    "expiring_soon",
    "lines_by_location",
    "match_bill",
    "order_from_requests",
    "pay_supplier",
    "pick_first_expiring",
    "post_bill",
    "post_count",
    "read_lines",
    "receive_order",
    "receive_transfer",
    "return_to_supplier",
    "save_draft",
    "save_workflow",
    "set_limits",
    "settle_transfer",
    "start_count",
    "supplier_balance",
    "transfer_reference",
    "write_off_expired",
]
