"""Refusals raised by more than one use case."""

from __future__ import annotations

from posapp.domain.errors import DomainError


class NoOpenShift(DomainError):
    def __init__(self) -> None:
        super().__init__("no shift is open on this till: open one by counting the float first")


class NoAuthorKey(DomainError):
    """A master-data change on a node enrolled with head office, by nobody who can prove it."""

    def __init__(self, refused_because: str | None = None) -> None:
        if refused_because is not None:  # the person signed in, but head office said no
            super().__init__(
                "this store sends its changes to head office, and head office gave you no key "
                f"to sign them with ({refused_because}): ask for a role in this store there"
            )
            return
        super().__init__(
            "this store sends its changes to head office, which takes a change to products, "
            "prices, customers, users or settings only from a person it can identify: sign in "
            "to the back office with your username and password (once while head office is "
            "reachable; offline after that), or on the command line add --as USERNAME"
        )
