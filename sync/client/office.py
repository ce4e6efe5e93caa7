"""Head office's back office over HTTP (requests): a person's sign-in with their password, and
pages of the reports head office keeps (sync/server/routes_office). A refusal carries head
office's own words; a network failure says head office cannot be reached."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

import requests
from pydantic import ValidationError

from posapp import __version__
from sync.contract.office import OfficeSession, Page, Reports, StockValueNow
from sync.protocol import OFFICE_REPORTS_PATH, OFFICE_SESSION_PATH, OFFICE_STOCK_VALUE_PATH

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0  # a report's page answers in a second; a slow link gets more
_Answer = TypeVar("_Answer", OfficeSession, Reports, Page, StockValueNow)


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
