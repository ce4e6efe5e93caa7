"""What a new shop answers at its first start, and what makes an answer acceptable.

The setup window and `posapp init` collect the same answers and get the same refusals, every one
of them at once (a person fixes three fields in one go rather than meeting them one by one)."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from posapp.domain.currency import MINOR_UNIT_EXPONENTS
from posapp.domain.errors import DomainError
from posapp.domain.pins import PIN_LENGTHS

_PRINTABLE = re.compile(r"[^\x00-\x1f\x7f-\x9f]*")
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,49}")
MIN_PASSWORD = 8
LINE_WIDTH = 64  # a receipt line; longer header or address lines would wrap on 80 mm paper


class SetupRefused(DomainError):
    """Answers the shop cannot start with; `problems` names each one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ShopAnswers:
    shop_name: str
    currency: str
    time_zone: str
    address: tuple[str, ...] = ()
    tax_number: str = ""
    standard_rate_percent: str = "20"
    reduced_rate_percent: str = "10"
    receipt_header: tuple[str, ...] = ()


@dataclass(frozen=True)
class Administrator:
    """The first administrator, or an existing one who has no password or PIN yet."""

    username: str
    name: str
    password: str
    pin: str


def rate_ppm(percent: str) -> int:
    """A tax rate typed as a percentage ("20", "5.5") in millionths; ValueError if it is not one."""
    try:
        rate = Decimal(percent.strip().rstrip("%").strip())
    except InvalidOperation:
        raise ValueError(percent) from None
    if not rate.is_finite() or not 0 <= rate <= 100 or rate != rate.quantize(Decimal("0.0001")):
        raise ValueError(percent)
    return int(rate * 10_000)


def _lines(name: str, lines: tuple[str, ...], most: int) -> list[str]:
    problems = []
    if len(lines) > most:
        problems.append(f"{name}: at most {most} lines, got {len(lines)}")
    for line in lines:
        if len(line) > LINE_WIDTH or not _PRINTABLE.fullmatch(line):
            problems.append(
                f"{name}: {line[:20]!r}… is not a line of at most {LINE_WIDTH} printable characters"
            )
    return problems


def shop_problems(answers: ShopAnswers) -> list[str]:
    problems = []
    name = answers.shop_name.strip()
    if not name or len(name) > LINE_WIDTH or not _PRINTABLE.fullmatch(name):
        problems.append(f"shop name: 1 to {LINE_WIDTH} printable characters")
    if answers.currency not in MINOR_UNIT_EXPONENTS:
        problems.append(
            f"currency {answers.currency!r} is not one of {', '.join(sorted(MINOR_UNIT_EXPONENTS))}"
        )
    if answers.time_zone not in zoneinfo.available_timezones():
        problems.append(
            f"time zone {answers.time_zone!r} is not a zone name such as Europe/Paris or UTC"
        )
    problems += _lines("address", answers.address, 4)
    problems += _lines("receipt header", answers.receipt_header, 10)
    if len(answers.tax_number) > 40 or not _PRINTABLE.fullmatch(answers.tax_number):
        problems.append("tax number: at most 40 printable characters")
    for label, typed in (
        ("standard tax rate", answers.standard_rate_percent),
        ("reduced tax rate", answers.reduced_rate_percent),
    ):
        try:
            rate_ppm(typed)
        except ValueError:
            problems.append(f"{label} {typed!r} is not a percentage from 0 to 100")
    return problems


def administrator_problems(
    admin: Administrator, *, pin_repeated: str, password_repeated: str
) -> list[str]:
    problems = []
    if not USERNAME.fullmatch(admin.username):
        problems.append(
            f"username {admin.username!r}: 2–50 lower-case letters, digits, dots, dashes"
            " or underscores"
        )
    if not admin.name.strip() or not _PRINTABLE.fullmatch(admin.name):
        problems.append("the administrator needs a name to show on receipts")
    if len(admin.password) < MIN_PASSWORD:
        problems.append(f"the password needs at least {MIN_PASSWORD} characters")
    elif admin.password != password_repeated:
        problems.append("the two passwords differ")
    if not (admin.pin.isdigit() and len(admin.pin) in PIN_LENGTHS):
        problems.append(f"the PIN is {PIN_LENGTHS.start} to {PIN_LENGTHS.stop - 1} digits")
    elif admin.pin != pin_repeated:
        problems.append("the two PINs differ")
    elif admin.pin == admin.password:
        problems.append("the PIN and the password must differ")
    return problems


def check_setup(
    answers: ShopAnswers | None,
    admin: Administrator,
    *,
    pin_repeated: str,
    password_repeated: str,
) -> None:
    """SetupRefused naming every problem; None when the shop can start with these answers."""
    problems = shop_problems(answers) if answers is not None else []
    problems += administrator_problems(
        admin, pin_repeated=pin_repeated, password_repeated=password_repeated
    )
    if problems:
        raise SetupRefused(problems)
