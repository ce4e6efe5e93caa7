"""Screen logic of the shop settings page, without Qt: how each setting is shown in the list,
which editor it gets, and how what a manager typed becomes the value the use case checks.

A manager types lines, yes or no, and numbers; JSON is for the command line. The use case still
checks every value against its definition, so this only reads text, it decides no range."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from posapp.domain.shop_settings import SettingRefused, check_setting
from posapp.services.shop import SettingRow

EditorKind = Literal["yes_no", "lines", "number", "text", "json"]


def shown(value: object) -> str:
    """A value as one cell of the list."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "—"
    if isinstance(value, list):
        return " · ".join(str(item) for item in value) or "(none)"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False) if value else "(as the scanner sends)"
    return str(value)


@dataclass(frozen=True)
class SettingForm:
    """The editor of one setting: its kind, the text it opens with, and the value read back."""

    row: SettingRow

    @property
    def kind(self) -> EditorKind:
        default = self.row.default
        if isinstance(default, bool):
            return "yes_no"
        if isinstance(default, list):
            return "lines"
        if isinstance(default, int):
            return "number"
        if isinstance(default, dict):
            return "json"
        return "text"  # a percentage, or nothing

    @property
    def hint(self) -> str:
        return {
            "yes_no": "yes or no",
            "lines": "one per line",
            "number": "a whole number",
            "json": 'an object, such as {"gap_ms": 50}',
            "text": "blank for none",
        }[self.kind]

    def text(self) -> str:
        """What the editor opens with: the setting's current value."""
        value = self.row.value
        match self.kind:
            case "yes_no":
                return "yes" if value else "no"
            case "lines":
                return "\n".join(str(item) for item in value) if isinstance(value, list) else ""
            case "json":
                return json.dumps(value, ensure_ascii=False)
        return "" if value is None else str(value)

    def value(self, typed: str) -> object:
        """The value `typed` spells, checked as the use case will check it, so the editor can
        say what is wrong before it closes; SettingRefused naming the setting otherwise."""
        value = self._read(typed)
        check_setting(self.row.key, value)
        return value

    def _read(self, typed: str) -> object:
        text = typed.strip()
        match self.kind:
            case "yes_no":
                if text.lower() not in ("yes", "no"):
                    raise SettingRefused(f"{self.row.key} takes yes or no, got {typed!r}")
                return text.lower() == "yes"
            case "lines":
                return [line.strip() for line in typed.splitlines() if line.strip()]
            case "number":
                try:
                    return int(text)
                except ValueError:
                    raise SettingRefused(
                        f"{self.row.key} takes a whole number, got {typed!r}"
                    ) from None
            case "json":
                try:
                    return json.loads(text or "{}")
                except json.JSONDecodeError as error:
                    raise SettingRefused(f"{self.row.key}: {error.msg}, in {typed!r}") from None
        return text or None
