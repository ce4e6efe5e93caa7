"""Screen logic of the catalogue lookup, without Qt: what to query, what to show.

Search-as-you-type sends one request per keystroke to a worker; answers can come back after the
cashier has typed more. Each request carries a serial number and only the newest answer is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from posapp.domain.catalogue import ProductRow

MIN_SEARCH_LENGTH = 1


@dataclass(frozen=True)
class SearchRequest:
    serial: int
    text: str


@dataclass
class CatalogueLookupPresenter:
    rows: Sequence[ProductRow] = ()
    message: str = ""
    _serial: int = field(default=0, repr=False)

    @property
    def serial(self) -> int:
        """The newest request's number; answers to older ones are ignored."""
        return self._serial

    def text_changed(self, text: str) -> SearchRequest | None:
        self._serial += 1
        if len(text.strip()) < MIN_SEARCH_LENGTH:
            self.rows = ()
            self.message = ""
            return None
        return SearchRequest(self._serial, text)

    def search_answered(self, serial: int, rows: Sequence[ProductRow]) -> bool:
        """Apply an answer; False when it is stale and was ignored."""
        if serial != self._serial:
            return False
        self.rows = rows
        self.message = f"{len(rows)} found" if rows else "nothing found"
        return True
