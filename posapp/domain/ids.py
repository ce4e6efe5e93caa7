"""Time-ordered UUIDs (version 7, RFC 9562) made on the node: no server needed to name things."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable

_POOL = 512
_FORTY_EIGHT_BITS, _SIXTY_TWO_BITS = (1 << 48) - 1, (1 << 62) - 1
_NEW_UUID, _SET, _SAFE = object.__new__, object.__setattr__, uuid.SafeUUID.unknown


def uuid_from_int(value: int) -> uuid.UUID:
    """The UUID of a 128-bit integer, as `uuid.UUID(int=value)` makes it, without its checks:
    an import makes two ids per product, and the constructor's checks cost a third of each.
    (Python 3.14 adds the same shortcut, `UUID._from_int`.) The caller gives 0 ≤ value < 2**128;
    test_ids checks the result against the constructor's."""
    made = _NEW_UUID(uuid.UUID)
    _SET(made, "int", value)
    _SET(made, "is_safe", _SAFE)
    return made


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
        ms, last = self._now_ms(), self._last_ms
        if ms <= last:  # within one millisecond, or the clock stepped back: keep increasing
            ms, counter = last, self._counter + 1
            if counter > 0xFFF:  # counter exhausted: borrow the next millisecond
                ms, counter = ms + 1, 0
        else:
            counter = 0
        self._last_ms, self._counter = ms, counter
        if not self._random:
            # One draw of random bytes for the next 512 ids: a draw is a system call, and asking
            # for 8 bytes at a time cost a tenth of an import's time.
            pool = self._random_bytes(8 * _POOL)
            self._random = [int.from_bytes(pool[i : i + 8], "big") for i in range(0, len(pool), 8)]
        tail = self._random.pop() & _SIXTY_TWO_BITS
        return uuid_from_int(
            (ms & _FORTY_EIGHT_BITS) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | tail
        )
