"""Refusals raised by more than one use case."""

from __future__ import annotations

from posapp.domain.errors import DomainError


class NoOpenShift(DomainError):
    def __init__(self) -> None:
        super().__init__("no shift is open on this till: open one by counting the float first")
