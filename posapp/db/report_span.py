"""What a ledger report (db.ledger_reports) is worked out over: its days in the store's time
zone, the instants they begin and end, and the shop's report settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from posapp.domain.reporting import ReportDefinition, ReportRow


@dataclass(frozen=True)
class Span:
    """The report's days in the store's time zone, and the instants they begin and end."""

    first: date
    last: date
    zone: ZoneInfo

    @property
    def starts(self) -> datetime:
        return datetime.combine(self.first, time(), self.zone).astimezone(UTC)

    @property
    def ends(self) -> datetime:
        """The first instant after the last day."""
        return datetime.combine(self.last + timedelta(days=1), time(), self.zone).astimezone(UTC)

    def day_of(self, at: datetime) -> date:
        return at.astimezone(self.zone).date()


Rows = list[ReportRow]
Settings = dict[str, object]
Builder = Callable[[Engine, ReportDefinition, Span, Settings], Rows]
