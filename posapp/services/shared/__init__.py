"""The shared kernel of every context: the ports (the unit of work and the repositories it
opens), the till's context, typed errors, the clock, journal entries, reading typed fields and
import files, and the outbox events that carry master-data changes to head office."""

from posapp.services.shared.clock import SystemClock
from posapp.services.shared.errors import NoOpenShift
from posapp.services.shared.field_parsing import (
    FieldError,
    FieldErrors,
    collecting,
    days_field,
    each_error,
    money_field,
    refuse_control_characters,
    text_field,
)
from posapp.services.shared.file_import import ImportRefused, Progress, RowProblem, column_problems
from posapp.services.shared.journal_events import canonical, journal_event
from posapp.services.shared.master_changes import (
    Edit,
    queue_master_change,
    queue_master_changes,
    record_master_edit,
)
from posapp.services.shared.ports import (
    CatalogueReader,
    Clock,
    DocumentCodec,
    IdFactory,
    NewProduct,
    OpenShift,
    ParkedSale,
    ShiftSums,
    StockMovement,
    Suppliers,
    UnitOfWork,
    UserRecord,
)
from posapp.services.shared.ports_catalogue import new_product_record
from posapp.services.shared.ports_history import HistoryDocument, HistoryLineRow
from posapp.services.shared.till import TillContext

__all__ = [
    "CatalogueReader",
    "Clock",
    "DocumentCodec",
    "Edit",
    "FieldError",
    "FieldErrors",
    "HistoryDocument",
    "HistoryLineRow",
    "IdFactory",
    "ImportRefused",
    "NewProduct",
    "NoOpenShift",
    "OpenShift",
    "ParkedSale",
    "Progress",
    "RowProblem",
    "ShiftSums",
    "StockMovement",
    "Suppliers",
    "SystemClock",
    "TillContext",
    "UnitOfWork",
    "UserRecord",
    "canonical",
    "collecting",
    "column_problems",
    "days_field",
    "each_error",
    "journal_event",
    "money_field",
    "new_product_record",
    "queue_master_change",
    "queue_master_changes",
    "record_master_edit",
    "refuse_control_characters",
    "text_field",
]
