"""Text in the scripts a shop sells in, for the PDFs reportlab draws (shelf labels).

reportlab draws characters one after the other, left to right, in one font. Arabic needs its
letters joined (each takes the form of its place in the word) and the line laid out right to
left; Chinese, Japanese and Korean need a font that has their characters at all. Joining and
ordering are done here (arabic-reshaper, python-bidi), and the font comes from the system's:
the project ships DejaVu Sans Mono for Latin, Greek and Cyrillic; for the rest it uses a font
the computer has (on Debian the setup installs DejaVu Sans and Droid Sans Fallback)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

_RIGHT_TO_LEFT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_HAN_KANA_HANGUL = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")

# fontconfig language for each script, and fonts to try where there is no fontconfig.
_SYSTEM_FONTS = {
    "arabic": ("ar", ("C:/Windows/Fonts/arial.ttf", "/Library/Fonts/Arial Unicode.ttf")),
    "cjk": ("zh", ("C:/Windows/Fonts/simsun.ttc", "C:/Windows/Fonts/msyh.ttc")),
}


def is_right_to_left(text: str) -> bool:
    return _RIGHT_TO_LEFT.search(text) is not None


def visual(text: str) -> str:
    """`text` as it is drawn: Arabic letters joined and the line in right-to-left order."""
    if not is_right_to_left(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return str(get_display(arabic_reshaper.reshape(text)))


def script_of(text: str) -> str | None:
    if _HAN_KANA_HANGUL.search(text):
        return "cjk"
    if is_right_to_left(text):
        return "arabic"
    return None


@cache
def _system_font(script: str) -> str | None:
    """The registered name of a system font covering `script`, or None when there is none."""
    language, candidates = _SYSTEM_FONTS[script]
    paths: list[str] = []
    if shutil.which("fc-list"):
        listed = subprocess.run(
            ["fc-list", f":lang={language}", "file"], capture_output=True, text=True, check=False
        ).stdout
        paths = sorted(
            (line.split(":")[0].strip() for line in listed.splitlines() if line.strip()),
            key=lambda path: ("Mono" in path, "Bold" in path, path),  # plain, proportional first
        )
    paths += [path for path in candidates if os.path.exists(path)]
    for path in paths:
        if Path(path).suffix.lower() not in (".ttf", ".ttc"):
            continue  # reportlab embeds TrueType outlines only
        name = f"posapp-{script}"
        try:
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
        except Exception:  # a font reportlab cannot read: try the next one
            continue
        return name
    return None


def font_for(text: str, default: str) -> str:
    """The font to draw `text` in: `default`, unless its script needs a font that has it."""
    script = script_of(text)
    if script is None:
        return default
    return _system_font(script) or default
