"""Who made a master-data change, with proof head office can check (a till's token alone can
author none).

Head office keeps one secret. A user's author key is HMAC(secret, user id, key version): head
office derives it again whenever it needs it and stores no keys, and raising the version revokes
every copy a node holds. A node receives the key at an online password sign-in and keeps it
sealed under a key made from that password (scrypt), so the user can author changes offline
afterwards, and nobody holding the store file alone can. A change's proof is
HMAC(author key, event id, kind, payload): it binds the change to its event id, so it cannot be
altered, or replayed as another event (head office takes each event id once)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import uuid
from dataclasses import dataclass, field

KEY_BYTES = 32
# The same scrypt cost as passwords and PINs: ~30 ms to open a sealed key, slow for guessing.
_N, _R, _P = 2**14, 8, 1


@dataclass(frozen=True)
class Author:
    """What travels with a master-data event: who, under which key version, and the proof."""

    user_id: uuid.UUID
    version: int
    proof: str  # hex HMAC-SHA256


@dataclass(frozen=True)
class AuthorKey:
    """A user's author key, open in memory for as long as they are signed in."""

    user_id: uuid.UUID
    username: str
    version: int
    key: bytes = field(repr=False)

    def sign(self, event_id: uuid.UUID, kind: str, payload: str) -> Author:
        return Author(self.user_id, self.version, proof(self.key, event_id, kind, payload))


def derive_author_key(server_secret: bytes, user_id: uuid.UUID, version: int) -> bytes:
    """Head office's derivation: the same user and version always give the same key."""
    message = f"posapp author key\n{user_id}\n{version}".encode()
    return hmac.digest(server_secret, message, "sha256")


def proof(key: bytes, event_id: uuid.UUID, kind: str, payload: str) -> str:
    message = f"posapp master change\n{event_id}\n{kind}\n".encode() + payload.encode()
    return hmac.new(key, message, "sha256").hexdigest()


def proof_matches(key: bytes, event_id: uuid.UUID, kind: str, payload: str, given: str) -> bool:
    return hmac.compare_digest(proof(key, event_id, kind, payload), given)


def seal(key: bytes, password: str) -> str:
    """`key` sealed under `password`: "scrypt$n$r$p$salt$sealed$check" (base64 parts)."""
    salt = os.urandom(16)
    opening = _opening_key(password, salt, _N, _R, _P)
    sealed = bytes(a ^ b for a, b in zip(key, _stream(opening, len(key)), strict=True))
    check = hmac.digest(opening, b"check" + sealed, "sha256")
    parts = (salt, sealed, check)
    return f"scrypt${_N}${_R}${_P}$" + "$".join(base64.b64encode(p).decode() for p in parts)


def open_sealed(sealed_text: str, password: str) -> bytes | None:
    """The key `seal` sealed, or None when `password` is not the one it was sealed under (or the
    text is not a sealed key)."""
    try:
        scheme, n, r, p, *parts = sealed_text.split("$")
        salt, sealed, check = (base64.b64decode(part) for part in parts)
        if scheme != "scrypt":
            return None
        opening = _opening_key(password, salt, int(n), int(r), int(p))
    except ValueError:
        return None
    if not hmac.compare_digest(hmac.digest(opening, b"check" + sealed, "sha256"), check):
        return None
    return bytes(a ^ b for a, b in zip(sealed, _stream(opening, len(sealed)), strict=True))


def _opening_key(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32)


def _stream(opening: bytes, length: int) -> bytes:
    # One block is enough for a 32-byte key; the salt makes `opening` new at every sealing, so
    # the same stream never seals two keys.
    assert length <= KEY_BYTES
    return hmac.digest(opening, b"seal", "sha256")[:length]
