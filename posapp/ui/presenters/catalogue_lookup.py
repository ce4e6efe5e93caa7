"""Screen logic of the catalogue lookup, without Qt: what to query, what to show.

Search-as-you-type sends one request per keystroke to a worker; answers can come back after the
cashier has typed more. Each request carries a serial number and only the newest answer is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from posapp.domain.catalogue import ProductRow

MIN_SEARCH_LENGTH = 1
COUNT_CAP = 1000  # matches are counted up to here: "50 of 1,000+ found"


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

    def search_answered(
        self, serial: int, rows: Sequence[ProductRow], matching: int | None = None
    ) -> bool:
        """Apply an answer; False when it is stale and was ignored. `matching` is how many
        products match, counted up to COUNT_CAP + 1 (None: all of them are shown)."""
        if serial != self._serial:
            return False
        self.rows = rows
        if not rows:
            self.message = "nothing found"
        elif matching is None or matching <= len(rows):
            self.message = f"{len(rows)} found"
        elif matching > COUNT_CAP:
            self.message = f"{len(rows)} of {COUNT_CAP:,}+ found"
        else:
            self.message = f"{len(rows)} of {matching:,} found"
        return True
