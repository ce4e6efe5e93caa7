"""Exceptions the domain raises. Each names the value that was wrong, so the edge can show it."""


class DomainError(ValueError):
    """Base class for every rule the domain refuses to break."""


class CurrencyMismatch(DomainError):
    def __init__(self, left: str, right: str) -> None:
        super().__init__(f"cannot combine amounts in {left} and {right}")
        self.left = left
        self.right = right


class UnknownCurrency(DomainError):
    def __init__(self, code: str) -> None:
        super().__init__(f"unknown currency code {code!r}")
        self.code = code


class InvalidAmount(DomainError):
    """An amount typed or imported that is not a valid money value."""


class AmountTooLarge(InvalidAmount):
    """An amount beyond MAX_AMOUNT_MINOR (posapp.domain.numbers): typed, imported or computed."""


class InvalidQuantity(DomainError):
    """A quantity that is not a number, is out of range, or has too many decimals."""


class InvalidBarcode(DomainError):
    """A barcode whose length, characters or check digit are wrong."""


class InvalidLifecycleTransition(DomainError):
    def __init__(self, current: str, wanted: str) -> None:
        super().__init__(f"a product cannot go from {current} to {wanted}")
        self.current = current
        self.wanted = wanted


class UnknownBarcode(DomainError):
    def __init__(self, code: str) -> None:
        # A 300-character scan (a scanner misread, a pasted text) is named by its start and length.
        shown = repr(code) if len(code) <= 48 else f"{code[:40]!r}… ({len(code)} characters)"
        super().__init__(f"no product has the barcode {shown}")
        self.code = code


class ProductExpired(DomainError):
    def __init__(self, name: str, expiry: str, *, batch: str | None = None) -> None:
        said = "its label says so" if batch is None else f"batch {batch}, as received"
        super().__init__(f"{name!r} expired on {expiry} ({said}) and cannot be sold")
        self.name = name


class ProductNotSellable(DomainError):
    def __init__(self, name: str, state: str) -> None:
        super().__init__(f"{name!r} is {state.lower()} and cannot be sold")
        self.name = name
        self.state = state


class DuplicateBarcode(DomainError):
    def __init__(self, code: str) -> None:
        super().__init__(f"barcode {code!r} already belongs to another product")
        self.code = code


class DuplicateSku(DomainError):
    def __init__(self, sku: str) -> None:
        super().__init__(f"SKU {sku!r} already belongs to another product")
        self.sku = sku


class InvalidDiscount(DomainError):
    """A discount that is not a number, is more than 100 %, or takes more than the line costs."""


class EmptyBasket(DomainError):
    def __init__(self) -> None:
        super().__init__("the basket is empty")


class UnknownLine(DomainError):
    def __init__(self, line_id: object) -> None:
        super().__init__(f"no basket line {line_id}")


class InsufficientPayment(DomainError):
    """The tenders do not cover what is due."""


class InvalidTender(DomainError):
    """A tender that cannot be taken: negative, zero, a card paying more than is due."""


class NotReturnable(DomainError):
    """A return of something that was not sold, or was already returned."""


class UnknownDocument(DomainError):
    def __init__(self, number: str) -> None:
        super().__init__(f"no sale with the number {number!r} on this till")
        self.number = number


class ProductHasNoPrice(DomainError):
    def __init__(self, name: str) -> None:
        super().__init__(f"{name!r} has no price yet; set one in the back office")
        self.name = name
