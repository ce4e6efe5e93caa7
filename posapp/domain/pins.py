"""PINs: what a valid one looks like, and how it is kept — a slow, salted scrypt hash, so a
copied database does not give the PINs away. Offline tills check PINs against these hashes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from posapp.domain.errors import DomainError

# scrypt cost: ~30 ms a check here — slow for guessing, quick enough for a supervisor's PIN.
_N, _R, _P = 2**14, 8, 1
PIN_LENGTHS = range(4, 9)


class InvalidPin(DomainError):
    pass


def check_pin_format(pin: str) -> str:
    if not (pin.isdigit() and len(pin) in PIN_LENGTHS):
        raise InvalidPin("a PIN is 4 to 8 digits")
    return pin


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    check_pin_format(pin)
    return _scrypt(pin, salt)


def hash_password(password: str) -> str:
    """The back-office password: at least 8 characters, kept like a PIN."""
    if len(password) < 8:
        raise InvalidPin("a password has at least 8 characters")
    return _scrypt(password, None)


def _scrypt(secret: str, salt: bytes | None) -> str:
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    encode = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${encode(salt).decode()}${encode(digest).decode()}"


def pin_matches(stored: str | None, pin: str) -> bool:
    """Whether `pin` (or a password) is the secret `stored` was made from."""
    if not stored or not stored.startswith("scrypt$"):
        return False
    _, n, r, p, salt, expected = stored.split("$")
    digest = hashlib.scrypt(
        pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(digest, base64.b64decode(expected))
