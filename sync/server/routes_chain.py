"""Head office's back office API, the chain's lists: the documents behind a report's row, the
sales and returns of a span, each product's stock in every store, and what head office flagged
— each over the stores the reader may see (or those asked, each one theirs).

No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time."""

import re
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query

from posapp.domain.reporting import DRILL_MOST
from posapp.services.reporting import drilled_report
from posapp.services.shared import FieldError
from sync.contract.office import (
    Document,
    Documents,
    Flag,
    Flags,
    ProductStock,
    StockAcrossStores,
)
from sync.protocol import (
    OFFICE_DOCUMENTS_PATH,
    OFFICE_FLAGS_PATH,
    OFFICE_PAGE_MOST,
    OFFICE_REPORTS_PATH,
    OFFICE_STOCK_PATH,
)
from sync.server import office
from sync.server.access import Service
from sync.server.chain_lists import review_flags, stock_across_stores
from sync.server.people import Person, PersonRefused
from sync.server.row_documents import documents_of, row_documents
from sync.server.wire import Problem

_STORE = re.compile(r"^[A-Za-z0-9_-]{1,20}$")  # as people.py grants them
_REFUSALS: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem} for status in (400, 401, 403)
}
_TAGS: list[str | Enum] = ["back office"]
Stores = Annotated[list[str] | None, Query(max_length=20)]
First = Annotated[date, Query(alias="from")]
Last = Annotated[date, Query(alias="to")]
Offset = Annotated[int, Query(ge=0)]
Limit = Annotated[int, Query(ge=1, le=OFFICE_PAGE_MOST)]


def checked_codes(store: list[str] | None) -> None:
    wrong = next((code for code in store or () if not _STORE.match(code)), None)
    if wrong is not None:
        raise HTTPException(400, f"store {wrong!r} is not a store code")


def add_chain_lists(app: FastAPI, service: Service, person: Callable[..., Person]) -> None:
    _add_documents(app, service, person)
    _add_stock_and_flags(app, service, person)


def _stores_for(
    service: Service, reader: Person, store: list[str] | None
) -> tuple[str, ...] | None:
    """The stores asked (each one the reader's) or every store they may see: 403 otherwise."""
    checked_codes(store)
    try:
        with service.engine.begin() as connection:
            return office.stores_asked(connection, reader, store)
    except PersonRefused as refused:
        raise HTTPException(403, str(refused)) from None


def _add_documents(app: FastAPI, service: Service, person: Callable[..., Person]) -> None:
    @app.get(
        OFFICE_REPORTS_PATH + "/{name}/documents",
        response_model=Documents,
        responses=_REFUSALS,
        tags=_TAGS,
    )
    def behind_a_row(
        name: str,
        key: str,
        first: First,
        last: Last,
        reader: Annotated[Person, Depends(person)],
        store: Stores = None,
    ) -> Documents:
        """The sales and returns the row `key` of a report counts over `from` … `to`, newest
        first: 500 to list and, where there are more, the next one (`more` says so)."""
        stores = _stores_for(service, reader, store)
        try:
            report = drilled_report(name, first, last)
            with service.engine.connect() as connection:
                found = row_documents(connection, report, key, first, last, stores=stores)
        except (FieldError, ValueError) as wrong:
            raise HTTPException(400, str(wrong)) from None
        return Documents(rows=[Document(**vars(d)) for d in found], more=len(found) > DRILL_MOST)

    @app.get(OFFICE_DOCUMENTS_PATH, response_model=Documents, responses=_REFUSALS, tags=_TAGS)
    def documents(
        first: First,
        last: Last,
        reader: Annotated[Person, Depends(person)],
        store: Stores = None,
        offset: Offset = 0,
        limit: Limit = 100,
    ) -> Documents:
        """The sales and returns of `from` … `to` (each store's local days), newest first."""
        stores = _stores_for(service, reader, store)
        if last < first:
            raise HTTPException(400, f"to: {last} is before the first day, {first}")
        with service.engine.connect() as connection:
            found = documents_of(connection, first, last, stores=stores, offset=offset, most=limit)
        return Documents(rows=[Document(**vars(d)) for d in found[:limit]], more=len(found) > limit)


def _add_stock_and_flags(app: FastAPI, service: Service, person: Callable[..., Person]) -> None:
    @app.get(
        OFFICE_STOCK_PATH,
        response_model=StockAcrossStores,
        responses=_REFUSALS,
        tags=_TAGS,
    )
    def stock(
        reader: Annotated[Person, Depends(person)],
        search: Annotated[str, Query(max_length=100)] = "",
        store: Stores = None,
        offset: Offset = 0,
        limit: Limit = 100,
    ) -> StockAcrossStores:
        """Each product's stock on hand in every store (thousandths), by SKU; `search`: the
        products whose SKU or name holds it."""
        stores = _stores_for(service, reader, store)
        with service.engine.connect() as connection:
            count, rows = stock_across_stores(
                connection, stores, search=search, offset=offset, limit=limit
            )
        return StockAcrossStores(
            offset=offset, row_count=count, rows=[ProductStock(**vars(row)) for row in rows]
        )

    @app.get(OFFICE_FLAGS_PATH, response_model=Flags, responses=_REFUSALS, tags=_TAGS)
    def flags(
        reader: Annotated[Person, Depends(person)],
        store: Stores = None,
        open_only: Annotated[bool, Query(alias="open")] = True,
        offset: Offset = 0,
        limit: Limit = 100,
    ) -> Flags:
        """What head office accepted from the tills but flagged for a person, newest first;
        `open=false` lists the resolved ones too."""
        stores = _stores_for(service, reader, store)
        with service.engine.connect() as connection:
            count, rows = review_flags(
                connection, stores, open_only=open_only, offset=offset, limit=limit
            )
        return Flags(offset=offset, row_count=count, rows=[Flag(**vars(row)) for row in rows])
