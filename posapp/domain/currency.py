"""ISO 4217 currencies the application knows, with their minor-unit exponent."""

from typing import Final

from posapp.domain.errors import UnknownCurrency

# Exponent = number of decimal places of the minor unit. Kept short and explicit: a store's currency
# must be one of these; adding one is a one-line change reviewed by a person.
MINOR_UNIT_EXPONENTS: Final[dict[str, int]] = {
    "EUR": 2,
    "USD": 2,
    "GBP": 2,
    "CHF": 2,
    "SEK": 2,
    "NOK": 2,
    "DKK": 2,
    "PLN": 2,
    "CZK": 2,
    "HUF": 2,
    "RON": 2,
    "BGN": 2,
    "TRY": 2,
    "RUB": 2,
    "UAH": 2,
    "RSD": 2,
    "CAD": 2,
    "AUD": 2,
    "NZD": 2,
    "ZAR": 2,
    "MXN": 2,
    "BRL": 2,
    "INR": 2,
    "CNY": 2,
    "GEL": 2,
    "AED": 2,
    "MAD": 2,
    "JPY": 0,
    "KRW": 0,
    "ISK": 0,
    "CLP": 0,
    "VND": 0,
    "KWD": 3,
    "BHD": 3,
    "JOD": 3,
    "OMR": 3,
    "TND": 3,
}


def minor_unit_exponent(code: str) -> int:
    """Decimal places of `code`'s minor unit (2 for EUR cents, 0 for JPY, 3 for KWD fils)."""
    try:
        return MINOR_UNIT_EXPONENTS[code]
    except KeyError:
        raise UnknownCurrency(code) from None
