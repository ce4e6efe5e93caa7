"""What head office's back office API takes and answers (sync/server/routes_office), shared by
the server and the client that reads it (sync/client/office). A report's values travel as JSON
numbers when whole (money in minor units, quantities in thousandths, counts) and as text when
not (percentages to one decimal, classes), so nothing is rounded through a float."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict

from sync.contract.fields import text

Value = int | str | None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SignIn(_Strict):
    username: Annotated[str, text(50, least=1)]  # printable: no NUL reaches the database
    password: Annotated[str, text(200, least=1)]


class OfficeSession(_Strict):
    token: str
    expires_at: datetime
    display_name: str
    stores: dict[str, str]  # store code (or "*", every store) → the role held there
    reporting_stores: list[str] | None  # the stores whose reports they may see; None: all


class ReportEntry(_Strict):
    name: str
    title: str


class Reports(_Strict):
    reports: list[ReportEntry]


class Row(_Strict):
    key: str
    label: str
    values: dict[str, Value]


class Page(_Strict):
    report: str
    first: date
    last: date
    stores: list[str] | None  # None: every store
    offset: int
    row_count: int
    rows: list[Row]
    total: Row


class StockValueNow(_Strict):
    value_minor: int  # what costing holds of the stock of these stores now
    stores: list[str] | None  # None: every store


class Document(_Strict):
    """A sale or return, as a drill-down or the chain's list of documents shows it."""

    number: str
    store: str
    at: datetime  # in its store's time zone
    kind: str  # SALE or RETURN
    cashier: str
    total_minor: int


class Documents(_Strict):
    rows: list[Document]
    more: bool  # there are more than these (a narrower span or row lists them)


class ProductStock(_Strict):
    """A product's stock on hand in each store (thousandths), and in them all."""

    product_id: str
    sku: str
    name: str
    stores: dict[str, int]
    total_milli: int


class StockAcrossStores(_Strict):
    offset: int
    row_count: int
    rows: list[ProductStock]


class Flag(_Strict):
    """Something head office accepted from a till but flagged for a person to look at."""

    id: int
    store: str
    terminal: str
    problem: str
    flagged_at: datetime
    resolved_at: datetime | None


class Flags(_Strict):
    offset: int
    row_count: int
    rows: list[Flag]
