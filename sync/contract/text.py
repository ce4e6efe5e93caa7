"""Control characters in JSON text, found without decoding it: the check the documents' hot path
makes over a whole payload at once, instead of a pattern per field."""

from __future__ import annotations

import re

# Where a control character can hide in JSON text: raw (C1 and DEL are legal raw JSON), or
# behind a backslash (NUL is written \u0000, a line feed \n).
_SUSPECT = re.compile(r"[\x00-\x1f\x7f-\x9f\\]")
_SHORT_ESCAPES = {"b": 0x08, "f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09}


def _control(code: int) -> bool:
    return code < 0x20 or 0x7F <= code <= 0x9F


def first_control_character(text: str) -> int | None:
    """The code point of the first control character any string of the JSON `text` holds, or
    None. Most payloads are plain ASCII without escapes and are cleared without a scan."""
    if text.isascii() and "\\" not in text and "\x7f" not in text:
        return None
    position = 0
    while found := _SUSPECT.search(text, position):
        if found[0] != "\\":
            return ord(found[0])
        escape = text[found.end() : found.end() + 5]
        if escape[:1] == "u":
            try:
                code = int(escape[1:5], 16)
            except ValueError:
                return None  # not JSON: the decoder refuses it and says so
            if _control(code):
                return code
            position = found.end() + 5
        elif escape[:1] in _SHORT_ESCAPES:
            return _SHORT_ESCAPES[escape[:1]]
        else:  # \" \\ \/ : the escaped character is no control character
            position = found.end() + 1
    return None
