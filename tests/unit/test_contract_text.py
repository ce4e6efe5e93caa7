"""Control characters found in JSON text without decoding it, as the contract's document check
does over a whole payload."""

from __future__ import annotations

import json

import pytest

from sync.contract.text import first_control_character


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("Oakridge Quark 500 g", None),
        ('Crème fraîche, 12" pizza, C:\\path', None),  # quotes and backslashes are not controls
        ("a\\u0000 written out", None),  # the six characters \u0000, not a NUL
        ("NUL\x00", 0x00),
        ("drawer kick \x1bp", 0x1B),
        ("new\nline", 0x0A),
        ("tab\there", 0x09),
        ("delete\x7f", 0x7F),
        ("C1 \x85 next line", 0x85),
    ],
    ids=lambda value: repr(value)[:24],
)
def test_control_characters_are_found_however_json_writes_them(
    value: str, found: int | None
) -> None:
    for ascii_only in (True, False):
        text = json.dumps({"name": value}, ensure_ascii=ascii_only)
        assert first_control_character(text) == found, text
