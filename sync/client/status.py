"""What the till shows about sync: an immutable snapshot the worker replaces, never mutates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    online: bool | None  # None: not tried yet
    pending: int
    oldest_pending_at: datetime | None
    quarantined: int
    last_error: str | None
    last_success_at: datetime | None
    set_aside: int = 0  # master records pulled that this node could not take
    last_set_aside: str | None = None  # what and why, for the newest of them

    @classmethod
    def unknown(cls, *, enrolled: bool) -> SyncStatus:
        return cls(enrolled, None, 0, None, 0, None, None)

    def summary(self, now: datetime) -> str:
        """One line for the status bar."""
        if not self.enrolled:
            return f"Sync: not enrolled ({self.pending} to send)"
        state = {True: "online", False: "OFFLINE", None: "starting"}[self.online]
        parts = [f"Sync: {state}", f"{self.pending} to send"]
        if self.oldest_pending_at is not None and self.pending:
            parts.append(f"oldest {_age(now - self.oldest_pending_at)}")
        if self.quarantined:
            parts.append(f"{self.quarantined} QUARANTINED")
        if self.set_aside:
            parts.append(f"{self.set_aside} records set aside")
        if self.last_error and not self.online:
            parts.append(self.last_error[:80])
        return " · ".join(parts)


def _age(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 60:
        return f"{max(seconds, 0)} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"
