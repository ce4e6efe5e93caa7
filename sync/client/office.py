"""Head office's back office over HTTP (requests): a person's sign-in with their password, and
pages of the reports head office keeps and of the chain's lists (sync/server/routes_office,
routes_chain). A refusal carries head
office's own words; a network failure says head office cannot be reached."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

import requests
from pydantic import ValidationError

from posapp import __version__
from sync.contract.office import (
    Documents,
    Flags,
    OfficeSession,
    Page,
    Reports,
    StockAcrossStores,
    StockValueNow,
)
from sync.protocol import (
    OFFICE_DOCUMENTS_PATH,
    OFFICE_FLAGS_PATH,
    OFFICE_REPORTS_PATH,
    OFFICE_SESSION_PATH,
    OFFICE_STOCK_PATH,
    OFFICE_STOCK_VALUE_PATH,
)

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0  # a report's page answers in a second; a slow link gets more
_Answer = TypeVar(
    "_Answer", OfficeSession, Reports, Page, StockValueNow, Documents, StockAcrossStores, Flags
)


class OfficeRefused(Exception):
    """What head office refused (a wrong password, a store not theirs, a report it does not
    keep), or that it cannot be reached: the message says which, for a person to read."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class OfficeClient:
    def __init__(self, base_url: str) -> None:
        self._url = base_url.rstrip("/")
        self._http = requests.Session()
        self._http.headers["User-Agent"] = f"posapp/{__version__}"
        self.session: OfficeSession | None = None

    def sign_in(self, username: str, password: str) -> OfficeSession:
        answer = self._call(
            "POST", OFFICE_SESSION_PATH, json={"username": username, "password": password}
        )
        self.session = _parsed(OfficeSession, answer)
        self._http.headers["Authorization"] = f"Bearer {self.session.token}"
        return self.session

    def reports(self) -> Reports:
        return _parsed(Reports, self._call("GET", OFFICE_REPORTS_PATH))

    def page(
        self,
        name: str,
        first: date,
        last: date,
        *,
        stores: tuple[str, ...] | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> Page:
        params: dict[str, Any] = {
            "from": first.isoformat(),
            "to": last.isoformat(),
            "offset": offset,
            "limit": limit,
        }
        if stores:
            params["store"] = list(stores)
        return _parsed(Page, self._call("GET", f"{OFFICE_REPORTS_PATH}/{name}", params=params))

    def behind_a_row(self, name: str, key: str, first: date, last: date) -> Documents:
        """The documents the row `key` of report `name` counts."""
        params = {"key": key, "from": first.isoformat(), "to": last.isoformat()}
        path = f"{OFFICE_REPORTS_PATH}/{name}/documents"
        return _parsed(Documents, self._call("GET", path, params=params))

    def documents(self, first: date, last: date, *, offset: int = 0, limit: int = 100) -> Documents:
        params = {"from": first.isoformat(), "to": last.isoformat(), "offset": offset}
        answer = self._call("GET", OFFICE_DOCUMENTS_PATH, params={**params, "limit": limit})
        return _parsed(Documents, answer)

    def stock(self, search: str = "", *, offset: int = 0, limit: int = 100) -> StockAcrossStores:
        params = {"search": search, "offset": offset, "limit": limit}
        return _parsed(StockAcrossStores, self._call("GET", OFFICE_STOCK_PATH, params=params))

    def flags(self, *, open_only: bool = True, offset: int = 0, limit: int = 100) -> Flags:
        params = {"open": str(open_only).lower(), "offset": offset, "limit": limit}
        return _parsed(Flags, self._call("GET", OFFICE_FLAGS_PATH, params=params))

    def stock_value(self) -> StockValueNow:
        return _parsed(StockValueNow, self._call("GET", OFFICE_STOCK_VALUE_PATH))

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, **asked: Any) -> Any:
        try:
            answer = self._http.request(
                method, self._url + path, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT), **asked
            )
        except requests.RequestException as error:
            raise OfficeRefused(
                f"head office at {self._url} cannot be reached ({error.__class__.__name__})"
            ) from None
        if answer.status_code >= 400:
            raise OfficeRefused(_detail(answer), status=answer.status_code)
        try:
            return answer.json()
        except ValueError:
            raise OfficeRefused(f"head office answered {path} with something not JSON") from None


def _detail(answer: requests.Response) -> str:
    """Head office's reason, as it said it."""
    try:
        detail = answer.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):
        where = ".".join(str(part) for part in detail[0].get("loc", ())[1:])
        return f"{where}: {detail[0].get('msg', 'not accepted')}"
    return f"head office answered {answer.status_code}"


def _parsed(model: type[_Answer], body: Any) -> _Answer:
    try:
        return model.model_validate(body)
    except ValidationError as error:
        raise OfficeRefused(
            f"head office's answer is not what this posapp reads: {error.errors()[0]['msg']}"
        ) from None
