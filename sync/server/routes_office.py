"""Head office's back office API: a person of the chain signs in with their password, lists the
catalogue's reports and reads a page of one over the stores their roles let them see. People,
not nodes: a node's token opens nothing here, and a person's token opens no sync route.

No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time, and
they name the access check made in the same call.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import Depends, FastAPI, Header, HTTPException, Query
from sqlalchemy.exc import SQLAlchemyError

from posapp.domain.reporting import CATALOGUE, ReportPage, ReportRow
from posapp.services.shared import FieldError
from sync.contract.office import (
    OfficeSession,
    Page,
    ReportEntry,
    Reports,
    Row,
    SignIn,
    StockValueNow,
    Value,
)
from sync.protocol import (
    OFFICE_PAGE_MOST,
    OFFICE_REPORTS_PATH,
    OFFICE_SESSION_PATH,
    OFFICE_STOCK_VALUE_PATH,
)
from sync.server import office
from sync.server.access import Service
from sync.server.people import Person, PersonRefused
from sync.server.reports import head_office_report
from sync.server.routes_chain import add_chain_lists, checked_codes
from sync.server.wire import Problem


def add_office(app: FastAPI, service: Service) -> None:
    _add_session(app, service)
    reader = _reader(service)
    _add_reports(app, service, reader)
    _add_stock_value(app, service, reader)
    add_chain_lists(app, service, reader)


def _reader(service: Service) -> Callable[..., Person]:
    """The check the report routes depend on: the person a session's bearer token names."""

    def person(authorization: Annotated[str | None, Header()] = None) -> Person:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise HTTPException(401, "sign in to head office's back office first")
        try:
            with service.engine.begin() as connection:
                found = office.person_for_token(connection, token.strip(), service.clock())
        except SQLAlchemyError:
            raise HTTPException(503, "head office's database is unreachable") from None
        if found is None:
            raise HTTPException(401, "this sign-in has ended: sign in again")
        return found

    return person


def _add_session(app: FastAPI, service: Service) -> None:
    @app.post(
        OFFICE_SESSION_PATH,
        response_model=OfficeSession,
        responses={403: {"model": Problem}},
        tags=["back office"],
    )
    def sign_in(body: SignIn) -> OfficeSession:
        """A person's session (a bearer token for the routes below), for their password."""
        try:
            session = office.open_session(
                service.engine,
                username=body.username,
                password=body.password,
                now=service.clock(),
            )
            with service.engine.begin() as connection:
                stores = office.reporting_stores(connection, session.person)
        except PersonRefused as refused:
            raise HTTPException(403, str(refused)) from None
        return OfficeSession(
            token=session.token,
            expires_at=session.expires_at,
            display_name=session.person.display_name,
            stores=session.person.grants,
            reporting_stores=None if stores is None else list(stores),
        )


def _add_reports(app: FastAPI, service: Service, person: Callable[..., Person]) -> None:
    @app.get(
        OFFICE_REPORTS_PATH,
        response_model=Reports,
        responses={401: {"model": Problem}},
        tags=["back office"],
    )
    def reports(_: Annotated[Person, Depends(person)]) -> Reports:
        """The catalogue's reports: head office answers each of them."""
        return Reports(
            reports=[
                ReportEntry(name=name, title=report.title) for name, report in CATALOGUE.items()
            ]
        )

    @app.get(
        OFFICE_REPORTS_PATH + "/{name}",
        response_model=Page,
        responses={
            400: {"model": Problem},
            401: {"model": Problem},
            403: {"model": Problem},
            409: {"model": Problem},
        },
        tags=["back office"],
    )
    def report_page(
        name: str,
        first: Annotated[date, Query(alias="from")],
        last: Annotated[date, Query(alias="to")],
        reader: Annotated[Person, Depends(person)],
        store: Annotated[list[str] | None, Query(max_length=20)] = None,
        offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=OFFICE_PAGE_MOST)] = 100,
    ) -> Page:
        """A page of a report over the days `from` … `to`, for the stores asked (`store`, as
        often as needed) or every store the reader may see; its total covers every row."""
        checked_codes(store)
        try:
            with service.engine.begin() as connection:
                stores = office.stores_asked(connection, reader, store)
            page = head_office_report(
                service.engine, name, first, last, stores=stores, offset=offset, limit=limit
            )
        except PersonRefused as refused:
            raise HTTPException(403, str(refused)) from None
        except FieldError as wrong:
            raise HTTPException(400, str(wrong)) from None
        return _page(page, stores)


def _add_stock_value(app: FastAPI, service: Service, person: Callable[..., Person]) -> None:
    @app.get(
        OFFICE_STOCK_VALUE_PATH,
        response_model=StockValueNow,
        responses={400: {"model": Problem}, 401: {"model": Problem}, 403: {"model": Problem}},
        tags=["back office"],
    )
    def stock_value_now(
        reader: Annotated[Person, Depends(person)],
        store: Annotated[list[str] | None, Query(max_length=20)] = None,
    ) -> StockValueNow:
        """What the stock of the stores asked (or every store the reader may see) is worth now,
        as costing holds it."""
        checked_codes(store)
        try:
            with service.engine.begin() as connection:
                stores = office.stores_asked(connection, reader, store)
                value = office.stock_value_now(connection, stores)
        except PersonRefused as refused:
            raise HTTPException(403, str(refused)) from None
        return StockValueNow(value_minor=value, stores=None if stores is None else list(stores))


def _page(page: ReportPage, stores: tuple[str, ...] | None) -> Page:
    return Page(
        report=page.report.name,
        first=page.first,
        last=page.last,
        stores=None if stores is None else list(stores),
        offset=page.offset,
        row_count=page.row_count,
        rows=[_row(row) for row in page.rows],
        total=_row(page.total),
    )


def _row(row: ReportRow) -> Row:
    return Row(key=row.key, label=row.label, values={k: _value(v) for k, v in row.values.items()})


def _value(value: int | Decimal | str | None) -> Value:
    if isinstance(value, Decimal):
        return str(value)
    return value
