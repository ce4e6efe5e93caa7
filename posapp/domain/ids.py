"""Time-ordered UUIDs (version 7, RFC 9562) made on the node: no server needed to name things."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable

_POOL = 512


class Uuid7Factory:
    """Makes UUIDv7s: 48-bit Unix milliseconds, then a 12-bit counter, then 62 random bits.

    Within one millisecond the counter keeps ids increasing, so rows inserted in order stay in
    index order. `now_ms` and `random_bytes` are injectable so tests are deterministic.
    """

    def __init__(
        self,
        now_ms: Callable[[], int] = lambda: time.time_ns() // 1_000_000,
        random_bytes: Callable[[int], bytes] = os.urandom,
    ) -> None:
        self._now_ms = now_ms
        self._random_bytes = random_bytes
        self._last_ms = -1
        self._counter = 0
        self._random: list[int] = []

    def __call__(self) -> uuid.UUID:
        ms = max(self._now_ms(), self._last_ms)
        if ms == self._last_ms:
            self._counter += 1
            if self._counter > 0xFFF:  # counter exhausted: borrow the next millisecond
                ms += 1
                self._counter = 0
        else:
            self._counter = 0
        self._last_ms = ms
        if not self._random:
            # One draw of random bytes for the next 512 ids: a draw is a system call, and asking
            # for 8 bytes at a time cost a tenth of an import's time.
            pool = self._random_bytes(8 * _POOL)
            self._random = [int.from_bytes(pool[i : i + 8], "big") for i in range(0, len(pool), 8)]
        tail = self._random.pop() & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | self._counter << 64 | 0b10 << 62 | tail
        return uuid.UUID(int=value)
