"""Numbers, money and dates formatted for the user's locale (the only place that does it)."""

from __future__ import annotations

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
