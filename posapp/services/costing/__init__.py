"""Costing: the cost of every movement and the value of what is on hand, per product and
costing scope (a store), kept by FIFO or moving average (posapp.domain.costing), recomputed
from the earliest affected point when late data arrives. It runs where the scope's whole ledger
is: on a node for a shop without head office, at head office for an enrolled chain — each
implements `CostLedger`."""

from posapp.services.costing.margins import may_see_margins, till_margin
from posapp.services.costing.periods import (
    ClosedPeriod,
    PeriodBook,
    boundary_of,
    close_period,
)
from posapp.services.costing.ports import CostLedger, CostStep, OneByOne, Recost
from posapp.services.costing.recosting import (
    STATE_EVERY,
    STEP,
    Recosted,
    catch_up,
    explain,
    recost_product,
    without_cycle_collection,
)
from posapp.services.costing.views import (
    CostedLine,
    CostsAdmin,
    DocumentProfit,
    Held,
    StockValue,
    TakenFrom,
    ValuedStock,
    document_profit,
    most_valuable,
    shares_of,
)

__all__ = [
    "STATE_EVERY",
    "STEP",
    "ClosedPeriod",
    "CostLedger",
    "CostStep",
    "CostedLine",
    "CostsAdmin",
    "DocumentProfit",
    "Held",
    "OneByOne",
    "PeriodBook",
    "Recost",
    "Recosted",
    "StockValue",
    "TakenFrom",
    "ValuedStock",
    "boundary_of",
    "catch_up",
    "close_period",
    "document_profit",
    "explain",
    "may_see_margins",
    "most_valuable",
    "recost_product",
    "shares_of",
    "till_margin",
    "without_cycle_collection",
]
