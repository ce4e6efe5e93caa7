"""What one caller may cost head office: bytes of body, counted as they arrive, and requests a
second per node.

A `Content-Length` is a claim; a chunked body makes none. So the body is counted as it is read,
and reading stops at the limit: a 200 MB chunked body costs head office what the limit allows,
not 200 MB."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(Exception):
    """The request's body went past the limit while it was being read."""


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, or BodyTooLarge as soon as more than `limit` bytes have arrived."""
    parts: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        parts.append(chunk)
    return b"".join(parts)


class CappedBodies:
    """ASGI middleware: every request body is cut off at `limit` bytes, whoever reads it. A
    reader gets BodyTooLarge (FastAPI's own body parsing answers 400; the batch route 413)."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        size = 0

        async def capped() -> Message:
            nonlocal size
            message = await receive()
            if message["type"] == "http.request":
                size += len(message.get("body", b""))
                if size > self.limit:
                    raise BodyTooLarge
            return message

        await self.app(scope, capped, send)


class RateLimiter:
    """A token bucket per node: `rate` requests a second on average, `burst` at once. Kept in
    this process (each server process limits what reaches it). Draining a backlog sends a few
    large batches a second, far below the rate."""

    def __init__(
        self, *, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._rate = rate
        self._burst = float(burst)
        self._clock = clock
        self._buckets: dict[uuid.UUID, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def wait(self, node_id: uuid.UUID) -> float:
        """0 when a request may go ahead now (and it is counted), else the seconds until one may."""
        now = self._clock()
        with self._lock:
            tokens, then = self._buckets.get(node_id, (self._burst, now))
            tokens = min(self._burst, tokens + (now - then) * self._rate)
            if tokens >= 1:
                self._buckets[node_id] = (tokens - 1, now)
                return 0.0
            self._buckets[node_id] = (tokens, now)
            return (1 - tokens) / self._rate
