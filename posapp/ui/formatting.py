"""Numbers, money and dates formatted for the user's locale (the only place that does it)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QLocale

from posapp.domain.currency import minor_unit_exponent
from posapp.domain.money import Money

_SYMBOLS = {
    "EUR": "€",
    "USD": "$",
    "GBP": "£",
    "JPY": "¥",
    "PLN": "zł",
    "RUB": "₽",
    "UAH": "₴",
    "TRY": "₺",
    "SEK": "kr",
    "NOK": "kr",
    "DKK": "kr",
    "CZK": "Kč",
}


def format_money(amount: Money, locale: QLocale) -> str:
    """`€12.50` in en_US, `12,50 €` in de_DE. The float exists only for display: every amount a
    till handles has far fewer than 15 significant digits, so no digit is ever misprinted."""
    places = minor_unit_exponent(amount.currency)
    symbol = _SYMBOLS.get(amount.currency, amount.currency)
    return locale.toCurrencyString(float(amount.amount), symbol, places)


def format_quantity(value: Decimal, unit: str, locale: QLocale) -> str:
    """`2`, `12`, `0.512 kg` — whole pieces without decimals, weights to the gram."""
    if unit == "pc" and value == value.to_integral_value():
        return locale.toString(int(value))
    places = max(0, -int(value.normalize().as_tuple().exponent))
    text = locale.toString(float(value), "f", min(places, 3))
    return text if unit == "pc" else f"{text} {unit}"
