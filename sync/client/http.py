"""Head office over HTTP (requests): every answer sorted into what the sync engine does next."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests

from posapp import __version__
from sync.protocol import (
    AUTHOR_KEY_PATH,
    BATCHES_PATH,
    CHANGES_PATH,
    CLIENT_HEADER,
    CLOCK_HEADER,
    ENROL_PATH,
    FLAGS_PATH,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    REINCARNATE_PATH,
    STORE_FEED_PATH,
    ZONE_HEADER,
)

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 60.0  # a 1,000-event batch on a slow link; nothing waits on it but the worker


class SyncFailure(Exception):
    """Base of what a sync call can end in besides success."""


class Transient(SyncFailure):
    """Network, timeout, 5xx, 429: try again later, with backoff (no sooner than `retry_after`
    seconds when head office said so)."""

    def __init__(self, message: str, *, retry_after: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Rejected(SyncFailure):
    """A 4xx about the batch itself: quarantine it, show it to a manager. `recorded`: head office
    recorded the batch's range as refused, so the batches after it can go on."""

    def __init__(self, status: int, reason: str, *, recorded: bool = False) -> None:
        super().__init__(f"{status}: {reason}")
        self.status = status
        self.reason = reason
        self.recorded = recorded


class NotAllowed(SyncFailure):
    """401/403 (unknown token, revoked) or 426 (this posapp is too old): nothing will succeed
    until someone acts; the queue is kept."""


class Gap(SyncFailure):
    def __init__(self, expected_seq: int) -> None:
        super().__init__(f"head office expects event {expected_seq} next")
        self.expected_seq = expected_seq


class Restored(SyncFailure):
    """Head office holds later events of this till than it has: it was restored from a backup
    and must go on as a new incarnation before it sends anything."""


@dataclass(frozen=True)
class Reincarnation:
    device_id: uuid.UUID
    incarnation: int
    token: str
    last_receipt: int
    last_shift: int = 0  # head office's highest shift and Z numbers of this till
    last_z: int = 0


class MustRefetch(SyncFailure):
    """The master-data cursor is too old or from another epoch: pull from the beginning."""


@dataclass(frozen=True)
class EnrolAnswer:
    device_id: uuid.UUID
    incarnation: int
    token: str
    store_code: str
    terminal_code: str


def _reason(response: requests.Response) -> str:
    try:
        detail = response.json().get("detail", response.text)
    except (ValueError, AttributeError):
        detail = response.text
    return detail if isinstance(detail, str) else json.dumps(detail)[:500]


def encode_events(events: list[dict[str, Any]]) -> str:
    """A batch's events as its body carries them. Event by event, not one dumps() of the whole
    batch: a single call holds the GIL for tens of milliseconds on a 1,000-event batch, and the
    till's checkout thread waits."""
    return ",".join(json.dumps(event, ensure_ascii=False) for event in events)


class HeadOffice:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        read_timeout: float = READ_TIMEOUT,
        zone: str | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._timeout = (CONNECT_TIMEOUT, read_timeout)
        self._session = requests.Session()
        self._session.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
        self._session.headers[CLIENT_HEADER] = f"posapp/{__version__}"
        if zone is not None:
            self._session.headers[ZONE_HEADER] = zone
        if token is not None:
            self._session.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        self._session.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {**kwargs.pop("headers", {}), CLOCK_HEADER: datetime.now(UTC).isoformat()}
        try:
            response = self._session.request(
                method,
                f"{self.base_url}{path}",
                timeout=self._timeout,
                headers=headers,
                **kwargs,
            )
        except requests.RequestException as error:
            raise Transient(f"{type(error).__name__}: {error}") from None
        status = response.status_code
        if status == 429 or status >= 500:
            raise Transient(f"{status}: {_reason(response)}", retry_after=_retry_after(response))
        if status in (401, 403, 426):
            raise NotAllowed(f"{status}: {_reason(response)}")
        return response

    def enrol_node(
        self, code: str, *, store_code: str, terminal_code: str, has_documents: bool
    ) -> EnrolAnswer:
        response = self._call(
            "POST",
            ENROL_PATH,
            json={
                "code": code,
                "store_code": store_code,
                "terminal_code": terminal_code,
                "has_documents": has_documents,
            },
        )
        if response.status_code != 200:
            raise Rejected(response.status_code, _reason(response))
        body = response.json()
        return EnrolAnswer(
            uuid.UUID(body["device_id"]),
            int(body["incarnation"]),
            body["token"],
            body["store_code"],
            body["terminal_code"],
        )

    def send_batch(self, batch_id: uuid.UUID, events: list[dict[str, Any]]) -> dict[str, Any]:
        return self.send_encoded(batch_id, encode_events(events))

    def send_encoded(self, batch_id: uuid.UUID, encoded: str) -> dict[str, Any]:
        """Send a batch whose events `encode_events` wrote."""
        body = f'{{"batch_id":"{batch_id}","events":[{encoded}]}}'
        response = self._call(
            "POST",
            BATCHES_PATH,
            data=body.encode(),
            headers={"Content-Type": "application/json"},
        )
        if response.status_code == 409:
            answer = _json(response)
            if answer.get("restored") is True:
                raise Restored(_reason(response))
            expected = answer.get("expected_seq")
            if isinstance(expected, int):
                raise Gap(expected)
        if response.status_code == 422:
            refused = _json(response).get("refused")
            raise Rejected(422, _reason(response), recorded=isinstance(refused, list))
        if response.status_code != 200:
            raise Rejected(response.status_code, _reason(response))
        return _json(response)

    def reincarnate(self, *, resume_from: int) -> Reincarnation:
        response = self._call("POST", REINCARNATE_PATH, json={"resume_from": resume_from})
        if response.status_code != 200:
            raise Rejected(response.status_code, _reason(response))
        body = _json(response)
        return Reincarnation(
            uuid.UUID(str(body["device_id"])),
            int(body["incarnation"]),
            str(body["token"]),
            int(body["last_receipt"]),
            int(body.get("last_shift", 0)),
            int(body.get("last_z", 0)),
        )

    def author_key(self, username: str, password: str) -> dict[str, Any]:
        """The author key of a person who just signed in here with their password; NotAllowed
        (403) when head office does not know them or they hold no role in this store."""
        response = self._call(
            "POST", AUTHOR_KEY_PATH, json={"username": username, "password": password}
        )
        if response.status_code != 200:
            raise Rejected(response.status_code, _reason(response))
        return _json(response)

    def flags(self) -> list[dict[str, Any]]:
        """What head office flagged or refused of this till's store."""
        response = self._call("GET", FLAGS_PATH)
        if response.status_code != 200:
            raise Rejected(response.status_code, _reason(response))
        found = _json(response).get("flags")
        return found if isinstance(found, list) else []

    def changes(
        self, cursor: str | None, limit: int, store_cursor: str | None = None
    ) -> dict[str, Any]:
        """Master data after `cursor`; with `store_cursor` ("" for none yet), the answer says
        whether the store feed has movements after it (`store_waiting`)."""
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        if store_cursor is not None:
            params["store_cursor"] = store_cursor
        response = self._call("GET", CHANGES_PATH, params=params)
        if response.status_code == 410:
            raise MustRefetch(_reason(response))
        if response.status_code != 200:
            raise Rejected(response.status_code, _reason(response))
        return _json(response)

    def store_movements(self, cursor: str | None, limit: int) -> dict[str, Any]:
        """The movements the store's other nodes made after `cursor` (sync/server/store_feed)."""
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        response = self._call("GET", STORE_FEED_PATH, params=params)
        if response.status_code != 200:
            raise Rejected(response.status_code, _reason(response))
        return _json(response)


def _retry_after(response: requests.Response) -> float:
    try:
        return min(float(response.headers.get("Retry-After", 0)), 3600.0)
    except ValueError:
        return 0.0


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        raise Transient(f"{response.status_code}: an answer that is not JSON") from None
    if not isinstance(body, dict):
        raise Transient(f"{response.status_code}: an answer that is not a JSON object")
    return body
