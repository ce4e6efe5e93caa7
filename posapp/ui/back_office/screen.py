"""What the back office window's pages share: its data, locale, worker and status line, and the
plain tables they list things in. The pages (people, shifts, journal, head office sync) subclass
this and BackOfficeWindow joins them, so each shared name has one declared type."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QMainWindow

from posapp.services.shop import BackOffice

_T = TypeVar("_T")


class BackOfficeScreen(QMainWindow):
    _data: BackOffice
    _locale: QLocale

    # Provided by BackOfficeWindow.
    def _run(self, job: Callable[[], _T], done: Callable[[_T], object]) -> None:
        raise NotImplementedError

    def say(self, text: str, *, error: bool = False) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError
