"""Cash: shifts, from the float to the Z report."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class OpenShift:
    id: uuid.UUID
    number: int
    cashier_name: str
    opened_at: datetime
    opening_float_minor: int


@dataclass(frozen=True, slots=True)
class ShiftSums:
    """What an X or Z report adds up, over the documents rung up in one shift."""

    sales: tuple[int, int]  # count, total (minor units)
    returns: tuple[int, int]  # count, total (negative)
    discounts_minor: int
    by_tender: tuple[tuple[str, int], ...]  # kind, net amount (change and refunds included)
    by_tax: tuple[tuple[str, int, int, int], ...]  # code, ppm, base, tax
    by_cashier: tuple[tuple[str, int, int], ...]  # name, documents, total
    cash_in_minor: int
    cash_out_minor: int
    drops_minor: int
    account_payments: tuple[tuple[str, int], ...] = ()  # tender, amount taken on account


class Shifts(Protocol):
    def open_shift_id(self, terminal_code: str, drawer: str = "") -> uuid.UUID | None: ...

    def current(self, terminal_code: str, drawer: str = "") -> OpenShift | None: ...

    def open(
        self,
        *,
        shift_id: uuid.UUID,
        terminal_code: str,
        cashier_id: uuid.UUID,
        float_minor: int,
        count: dict[str, int],
        at: datetime,
        drawer: str = "",
    ) -> int: ...

    def add_cash_movement(
        self,
        *,
        movement_id: uuid.UUID,
        shift_id: uuid.UUID,
        kind: str,
        amount_minor: int,
        reason: str,
        user_id: uuid.UUID,
        at: datetime,
    ) -> None: ...

    def sums(self, shift_id: uuid.UUID) -> ShiftSums: ...

    def journal_counts_since(self, since: datetime, kinds: tuple[str, ...]) -> dict[str, int]: ...

    def close(
        self,
        *,
        shift_id: uuid.UUID,
        count: dict[str, int],
        counted_minor: int,
        expected_minor: int,
        approved_by: uuid.UUID | None,
        at: datetime,
    ) -> None: ...

    def next_z_number(self, terminal_code: str) -> int: ...

    def add_z_report(
        self,
        *,
        report_id: uuid.UUID,
        terminal_code: str,
        number: int,
        shift_id: uuid.UUID,
        payload: str,
        at: datetime,
    ) -> None: ...

    def z_report(self, terminal_code: str, number: int) -> str | None: ...
