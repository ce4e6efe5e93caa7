"""Telling a keyboard-wedge scanner from a person typing, without Qt.

A scanner "types" a whole code in a burst — a few milliseconds per character — and ends with
Enter. A person is ten times slower. Characters are held back while they arrive fast; a burst of
at least `min_length` characters ended by Enter is a scan (it never reaches the focused field);
anything else is handed back, in order, to the field it was typed into. A held character waits at
most `max_gap_ms`, too short for a person to notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Hold:
    """Keep the character for now."""


@dataclass(frozen=True)
class Release:
    """Deliver these characters to the focused widget after all (a person typed them)."""

    text: str


@dataclass(frozen=True)
class Scanned:
    code: str


@dataclass
class WedgeDetector:
    max_gap_ms: float = 50.0
    min_length: int = 6
    _buffer: list[str] = field(default_factory=list)
    _last_ms: float = 0.0

    def character(self, char: str, at_ms: float) -> list[Hold | Release]:
        released: list[Hold | Release] = []
        if self._buffer and at_ms - self._last_ms > self.max_gap_ms:
            released.append(Release("".join(self._buffer)))
            self._buffer.clear()
        self._buffer.append(char)
        self._last_ms = at_ms
        return [*released, Hold()]

    def enter(self, at_ms: float) -> Scanned | Release | None:
        """Enter ends a scan when a long enough burst is still running; otherwise whatever was
        held goes back to the field (then the Enter itself), and None means nothing was held."""
        if not self._buffer:
            return None
        burst = at_ms - self._last_ms <= self.max_gap_ms and len(self._buffer) >= self.min_length
        text = "".join(self._buffer)
        self._buffer.clear()
        return Scanned(text) if burst else Release(text)

    def quiet(self, at_ms: float) -> Release | None:
        """No key came for a while: a held burst that stopped without Enter was typed."""
        if self._buffer and at_ms - self._last_ms >= self.max_gap_ms:
            text = "".join(self._buffer)
            self._buffer.clear()
            return Release(text)
        return None

    @property
    def holding(self) -> bool:
        return bool(self._buffer)
