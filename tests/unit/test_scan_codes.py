from datetime import date
from decimal import Decimal

import pytest

from posapp.domain.catalogue import gtin_check_digit
from posapp.domain.errors import DomainError
from posapp.domain.scan_codes import UnreadableCode, WeightRule, looks_like_code, read_scan


def _ean13(body: str) -> str:
    return body + gtin_check_digit(body)


def test_plain_barcode_is_looked_up_as_it_is() -> None:
    scan = read_scan("4006381333931")
    assert scan.lookups == ("4006381333931",)
    assert scan.weight is None


def test_weight_label_gives_product_code_and_grams() -> None:
    scan = read_scan(_ean13("211234501234"))
    assert scan.lookups == (_ean13("211234500000"),)
    assert scan.weight is not None
    assert scan.weight.value == Decimal("1.234")


def test_price_label_gives_the_price_in_minor_units() -> None:
    scan = read_scan(_ean13("221234500499"))
    assert scan.price_minor == 499
    assert scan.weight is None


def test_shop_rules_replace_the_defaults() -> None:
    rules = (WeightRule("28PPPPWWWWWWC"),)
    scan = read_scan(_ean13("280042001500"), rules)
    assert scan.weight is not None
    assert scan.weight.value == Decimal("1.5")
    assert read_scan(_ean13("211234501234"), rules).weight is None  # 21 is not a label here


def _wrong_check_digit(code: str) -> str:
    return code[:-1] + str((int(code[-1]) + 1) % 10)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (_wrong_check_digit(_ean13("211234501234")), "wrong check digit"),
        (_ean13("211234500000"), "weight is zero"),
    ],
    ids=["check-digit", "zero-weight"],
)
def test_bad_weight_labels_are_refused(code: str, message: str) -> None:
    with pytest.raises(UnreadableCode, match=message):
        read_scan(code)


@pytest.mark.parametrize(
    "pattern", ["21PPPPPWWWWW", "11PPPPPWWWWWC", "21PPPPPWWEEEC", "21PPPPPPPPPPC"]
)
def test_nonsense_rules_are_refused_when_set(pattern: str) -> None:
    with pytest.raises(DomainError, match="scale label rule"):
        WeightRule(pattern)


def test_gs1_with_batch_expiry_and_weight() -> None:
    scan = read_scan("]C101040123456789011726123110AB1\x1d3103000525")
    assert scan.lookups == ("04012345678901", "4012345678901")
    assert scan.batch == "AB1"
    assert scan.expiry == date(2026, 12, 31)
    assert scan.weight is not None
    assert scan.weight.value == Decimal("0.525")


def test_gs1_in_brackets_and_without_symbology_identifier() -> None:
    assert read_scan("(01)04012345678901(17)261231").expiry == date(2026, 12, 31)
    assert read_scan("01040123456789011726123110AB1").batch == "AB1"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("]C10104012345678901171302303", "impossible date|cannot be read"),
        ("]C10104012345678902", "check digit"),
        ("]C110AB1", "no GTIN"),
    ],
)
def test_bad_gs1_codes_are_named(code: str, message: str) -> None:
    with pytest.raises(UnreadableCode, match=message):
        read_scan(code)


def test_what_counts_as_a_code_in_the_scan_field() -> None:
    assert looks_like_code("4006381333931")
    assert looks_like_code("]C10104012345678901")
    assert looks_like_code("(01)04012345678901(10)AB1")
    assert not looks_like_code("cola 33")
    assert not looks_like_code("(cheap) milk")
