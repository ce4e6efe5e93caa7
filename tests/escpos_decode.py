"""Reading ESC/POS bytes back the way a printer would: text lines in their code pages, the QR
codes stored, drawer kicks and cuts. Only the commands our encoder sends are known; anything
else fails loudly rather than being skipped."""

from __future__ import annotations

from dataclasses import dataclass, field

CODE_PAGES = {
    0: "cp437",
    2: "cp850",
    13: "cp857",
    14: "cp737",
    15: "iso8859_7",
    16: "cp1252",
    17: "cp866",
    18: "cp852",
    19: "cp858",
    46: "cp1251",
    47: "cp1253",
    48: "cp1254",
}


@dataclass
class Printout:
    lines: list[str] = field(default_factory=list)
    qr_codes: list[str] = field(default_factory=list)
    drawer_kicks: list[tuple[int, int, int]] = field(default_factory=list)  # pin, on, off
    cuts: int = 0


def decode(data: bytes) -> Printout:
    out = Printout()
    page = "cp437"
    line = bytearray()
    text = ""
    i = 0
    while i < len(data):
        byte = data[i]
        if byte == 0x0A:
            out.lines.append(text + line.decode(page))
            text, line = "", bytearray()
            i += 1
        elif byte == 0x1B:  # ESC
            command = data[i + 1]
            if command == ord("t"):
                text += line.decode(page)
                line = bytearray()
                page = CODE_PAGES[data[i + 2]]
                i += 3
            elif command in b"!EaM-{V":
                i += 3
            elif command == ord("@"):
                i += 2
            elif command == ord("d"):
                i += 3
            elif command == ord("p"):
                out.drawer_kicks.append((data[i + 2], data[i + 3], data[i + 4]))
                i += 5
            else:
                raise ValueError(f"unknown ESC {bytes([command])!r} at {i}")
        elif byte == 0x1D:  # GS
            command = data[i + 1]
            if command == ord("V"):
                out.cuts += 1
                i += 3
            elif command == ord("!") or command == ord("B"):
                i += 3
            elif command == ord("(") and data[i + 2] == ord("k"):
                size = data[i + 3] + 256 * data[i + 4]
                body = data[i + 5 : i + 5 + size]
                if body[:3] == b"1P0":  # store the QR code's data
                    out.qr_codes.append(body[3:].decode("ascii"))
                i += 5 + size
            else:
                raise ValueError(f"unknown GS {bytes([command])!r} at {i}")
        elif byte == 0x10:  # DLE EOT n: a status request, not printed
            i += 3
        else:
            line.append(byte)
            i += 1
    if line or text:
        out.lines.append(text + line.decode(page))
    return out
