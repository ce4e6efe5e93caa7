"""Ports for the till's devices besides the printer: a scale, a customer display and scanners
that are not keyboards. Adapters live in posapp.devices; fakes record what they were asked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from posapp.domain.permissions import Permission
from posapp.domain.quantity import Quantity
from posapp.services.people import Approval, require_permission
from posapp.services.shared import TillContext


class DeviceError(Exception):
    """A device could not do what was asked; the message names the device and the problem.
    Nothing was added or written because of it."""


class ScaleError(DeviceError):
    pass


class Scale(Protocol):
    name: str

    def read_weight(self) -> Quantity:
        """A stable weight in kilograms, or ScaleError saying why there is none (still moving,
        over capacity, nothing on it, no answer, an answer that makes no sense)."""
        ...


class CustomerDisplay(Protocol):
    name: str

    def show(self, top: str, bottom: str) -> None:
        """Two lines for the customer: the last item and the total. Raises DeviceError."""
        ...


class CodeSource(Protocol):
    """A scanner that is not a keyboard (serial, USB-COM): codes arrive on its own thread."""

    name: str

    def start(self, on_code: Callable[[str], None], on_error: Callable[[str], None]) -> None: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class DeviceSetup:
    """What the device settings screen may do, wired by bootstrap: read the configured URLs,
    try a URL on the real device (returns what happened, raises DeviceError or ValueError),
    and save one (None removes the device). Saved settings apply at the next start."""

    configured: Callable[[], dict[str, str]]
    test: Callable[[str, str], str]
    save: Callable[[str, str | None], None]

    def for_person(self, till: TillContext, approval: Approval | None) -> DeviceSetup:
        """This setup for whoever is at `till`: saving is refused (ApprovalRequired) unless their
        role, or the supervisor who approved, may change the till's devices (a printer pointed
        elsewhere prints every receipt there)."""

        def save(kind: str, url: str | None) -> None:
            require_permission(
                till, Permission.DEVICE_SETTINGS, approval, what="changing the till's devices"
            )
            self.save(kind, url)

        return replace(self, save=save)
