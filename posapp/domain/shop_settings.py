"""The settings a shop may change, each defined once: its type, default, range, meaning and who
may change it.

The CLI checks a value typed by a person against these, head office checks a `master.setting`
sent by a node against them, and a node checks a setting it pulls before it applies it: a value
the till could not start with ("never" minutes, tenders given as one word) is refused at every
door with the same reason."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from posapp.domain.errors import DomainError
from posapp.domain.numbers import MAX_AMOUNT_MINOR
from posapp.domain.permissions import Permission
from posapp.domain.scan_codes import WeightRule


class SettingRefused(DomainError):
    """A value a setting cannot take; the message names the setting and the value."""


Check = Callable[[str, object], None]


@dataclass(frozen=True)
class SettingDefinition:
    key: str
    default: object
    means: str
    check: Check
    changed_by: Permission


# The limits and controls that protect the shop from its own staff are set by those who decide
# what each role may do: a manager who may lift the cash-out limit must not simply raise it.
_CONTROLS = Permission.MANAGE_USERS
_DEVICES = Permission.DEVICE_SETTINGS


def _whole(low: int, high: int, unit: str = "") -> Check:
    def check(key: str, value: object) -> None:
        if type(value) is not int or not low <= value <= high:
            raise SettingRefused(
                f"{key} takes a whole number from {low} to {high}{unit}, got {value!r}"
            )

    return check


def _flag(key: str, value: object) -> None:
    if type(value) is not bool:
        raise SettingRefused(f"{key} takes true or false (a bool), got {value!r}")


_LINE = re.compile(r"[^\x00-\x1f\x7f-\x9f]*")
_WORD = re.compile(r"[a-z][a-z0-9_]{0,19}")


def _lines(most: int, width: int) -> Check:
    def check(key: str, value: object) -> None:
        if not isinstance(value, list) or len(value) > most:
            raise SettingRefused(f"{key} takes a list of at most {most} lines, got {value!r}")
        for line in value:
            if not isinstance(line, str) or len(line) > width or not _LINE.fullmatch(line):
                raise SettingRefused(
                    f"{key}: {line!r} is not a line of at most {width} printable characters"
                )

    return check


def _tenders(key: str, value: object) -> None:
    if (
        not isinstance(value, list)
        or not 1 <= len(value) <= 12
        or not all(isinstance(kind, str) and _WORD.fullmatch(kind) for kind in value)
        or len(set(value)) != len(value)
    ):
        raise SettingRefused(
            f'{key} takes a list of tender names such as ["cash", "card"], got {value!r}'
        )
    if "cash" not in value:
        raise SettingRefused(f'{key} must include "cash": change is given in cash')


def _weight_rules(key: str, value: object) -> None:
    if not isinstance(value, list) or len(value) > 20:
        raise SettingRefused(f"{key} takes a list of scale-label patterns, got {value!r}")
    for pattern in value:
        if not isinstance(pattern, str):
            raise SettingRefused(f"{key}: {pattern!r} is not a pattern such as 21PPPPPWWWWWC")
        try:
            WeightRule(pattern)
        except DomainError as error:
            raise SettingRefused(f"{key}: {error}") from None


_WEDGE = {"gap_ms": (1, 1000), "min_length": (1, 100)}


def _wedge(key: str, value: object) -> None:
    if not isinstance(value, dict):
        raise SettingRefused(f'{key} takes an object such as {{"gap_ms": 50}}, got {value!r}')
    for name, given in value.items():
        if name == "terminator":
            if given not in ("enter", "tab"):
                raise SettingRefused(f"{key}.terminator is enter or tab, got {given!r}")
        elif name in _WEDGE:
            _whole(*_WEDGE[name])(f"{key}.{name}", given)
        else:
            raise SettingRefused(f"{key} has no {name!r}: gap_ms, min_length, terminator")


def _cost_method(key: str, value: object) -> None:
    if value not in ("average", "fifo"):
        raise SettingRefused(f'{key} is "average" or "fifo", got {value!r}')


def _abc_measure(key: str, value: object) -> None:
    if value not in ("net", "margin"):
        raise SettingRefused(f"{key} must be net or margin, not {value!r}")


def _markup(key: str, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise SettingRefused(
            f'{key} takes a percentage such as "35" or "12.5", or null; got {value!r}'
        )
    try:
        percent = Decimal(str(value))
    except InvalidOperation:
        raise SettingRefused(f"{key}: {value!r} is not a percentage") from None
    if (
        not percent.is_finite()
        or not 0 <= percent <= 1000
        or percent != percent.quantize(Decimal("0.01"))
    ):
        raise SettingRefused(
            f"{key} takes a percentage from 0 to 1000 (two decimals), got {value!r}"
        )


DEFINITIONS: dict[str, SettingDefinition] = {
    definition.key: definition
    for definition in (
        SettingDefinition(
            "till.blind_close",
            True,
            "the Z count is typed before the expected amount is shown",
            _flag,
            _CONTROLS,
        ),
        SettingDefinition(
            "till.over_short_tolerance",
            500,
            "minor units a Z count may be off without a manager",
            _whole(0, MAX_AMOUNT_MINOR),
            _CONTROLS,
        ),
        SettingDefinition(
            "till.auto_lock_minutes",
            5,
            "the till locks itself after this long unused (0: never)",
            _whole(0, 24 * 60, " minutes"),
            _CONTROLS,
        ),
        SettingDefinition(
            "till.discount_limit_percent",
            20,
            "above this a discount needs a supervisor",
            _whole(0, 100, " %"),
            _CONTROLS,
        ),
        SettingDefinition(
            "till.cash_out_limit",
            5000,
            "minor units; above this cash out needs a supervisor",
            _whole(0, MAX_AMOUNT_MINOR),
            _CONTROLS,
        ),
        SettingDefinition(
            "till.drawer_per_cashier",
            False,
            "each cashier opens, sells from and closes their own drawer",
            _flag,
            _CONTROLS,
        ),
        SettingDefinition(
            "till.tenders", ["cash", "card", "voucher"], "the payment buttons", _tenders, _DEVICES
        ),
        SettingDefinition(
            "purchasing.over_receipt_percent",
            10,
            "a goods receipt may bring this much more than its purchase order asked for",
            _whole(0, 100, " %"),
            _CONTROLS,
        ),
        SettingDefinition(
            "purchasing.bill_quantity_percent",
            0,
            "a supplier bill may bill this much more than was received (then it is refused)",
            _whole(0, 100, " %"),
            _CONTROLS,
        ),
        SettingDefinition(
            "purchasing.bill_price_percent",
            2,
            "a bill's price may differ from the receipt's cost by this much (then it is refused)",
            _whole(0, 100, " %"),
            _CONTROLS,
        ),
        SettingDefinition(
            "purchasing.pay_from",
            ["Safe", "Bank"],
            "the cash and bank accounts suppliers are paid from",
            _lines(12, 60),
            _CONTROLS,
        ),
        SettingDefinition(
            "stock.refuse_negative",
            False,
            "back-office documents that would take a location below zero are refused "
            "(the till never refuses a sale for it)",
            _flag,
            _CONTROLS,
        ),
        SettingDefinition(
            "stock.expiry_alert_days",
            30,
            "batches expiring within this many days are listed as expiring soon",
            _whole(0, 3650, " days"),
            Permission.MANAGE_CATALOGUE,
        ),
        SettingDefinition(
            "reports.dead_stock_days",
            90,
            "stock not sold for this many days is listed as dead stock",
            _whole(1, 3650, " days"),
            Permission.MANAGE_CATALOGUE,
        ),
        SettingDefinition(
            "reports.abc_measure",
            "net",
            "what ABC classes rank products by: net (net sales) or margin",
            _abc_measure,
            Permission.MANAGE_CATALOGUE,
        ),
        SettingDefinition(
            "reports.abc_a_percent",
            80,
            "class A: the products making the first this % of the measure",
            _whole(1, 100, " %"),
            Permission.MANAGE_CATALOGUE,
        ),
        SettingDefinition(
            "reports.abc_b_percent",
            15,
            "class B: the products making the next this % (the rest are C)",
            _whole(0, 99, " %"),
            Permission.MANAGE_CATALOGUE,
        ),
        SettingDefinition(
            "reports.xyz_x_percent",
            50,
            "class X: weekly demand varies by at most this % of its mean (its coefficient of "
            "variation)",
            _whole(1, 1000, " %"),
            Permission.MANAGE_CATALOGUE,
        ),
        SettingDefinition(
            "reports.xyz_y_percent",
            100,
            "class Y: demand varies by at most this %; beyond it, Z",
            _whole(1, 1000, " %"),
            Permission.MANAGE_CATALOGUE,
        ),
        SettingDefinition(
            "costing.method",
            "average",
            "how a product without its own method is costed: average (moving average) or fifo",
            _cost_method,
            Permission.MANAGE_CATALOGUE,
        ),
        SettingDefinition(
            "costing.publish_move_percent",
            5,
            "head office sends a product's new last cost to the tills at once when it moves by "
            "more than this; smaller moves at most once a day",
            _whole(0, 100, " %"),
            Permission.MANAGE_CATALOGUE,
        ),
        SettingDefinition(
            "pricing.markup_percent",
            None,
            "a product without a price sells at its cost plus this % (null: never)",
            _markup,
            Permission.MANAGE_CATALOGUE,
        ),
        SettingDefinition(
            "receipt.header", [], "lines under the store name", _lines(10, 64), _DEVICES
        ),
        SettingDefinition(
            "receipt.footer",
            ["Thank you for shopping with us"],
            "lines at the end of the receipt",
            _lines(10, 64),
            _DEVICES,
        ),
        SettingDefinition(
            "barcodes.weight_rules",
            ["21PPPPPWWWWWC", "22PPPPPEEEEEC"],
            "scale-label patterns",
            _weight_rules,
            _DEVICES,
        ),
        SettingDefinition(
            "scanner.wedge", {}, "gap_ms, min_length, terminator (enter or tab)", _wedge, _DEVICES
        ),
    )
}


def check_setting(key: str, value: object) -> None:
    """SettingRefused unless `key` is a shop setting and `value` one it can take."""
    definition = DEFINITIONS.get(key)
    if definition is None:
        raise SettingRefused(
            f"{key!r} is not a setting a shop may change; these are: {', '.join(DEFINITIONS)}"
        )
    definition.check(key, value)
