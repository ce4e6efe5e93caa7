import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import ean

from posapp.domain.catalogue import (
    LifecycleState,
    check_lifecycle_transition,
    gtin_check_digit,
    validate_barcode,
)
from posapp.domain.errors import InvalidBarcode, InvalidLifecycleTransition

S = LifecycleState


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        (S.NEW, S.ACTIVE),
        (S.ACTIVE, S.PHASE_OUT),
        (S.PHASE_OUT, S.DISCONTINUED),
        (S.DISCONTINUED, S.ARCHIVED),
        (S.NEW, S.ARCHIVED),
        (S.PHASE_OUT, S.ACTIVE),
        (S.ARCHIVED, S.ACTIVE),
    ],
    ids=lambda s: s.value,
)
def test_allowed_transitions(current: LifecycleState, wanted: LifecycleState) -> None:
    check_lifecycle_transition(current, wanted)


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        (S.ACTIVE, S.NEW),
        (S.ARCHIVED, S.DISCONTINUED),
        (S.DISCONTINUED, S.PHASE_OUT),
        (S.ACTIVE, S.ACTIVE),
        (S.NEW, S.NEW),
    ],
    ids=lambda s: s.value,
)
def test_refused_transitions(current: LifecycleState, wanted: LifecycleState) -> None:
    with pytest.raises(InvalidLifecycleTransition, match=f"from {current.value} to {wanted.value}"):
        check_lifecycle_transition(current, wanted)


def test_only_archived_products_cannot_be_sold() -> None:
    assert [s for s in S if not s.sellable] == [S.ARCHIVED]
    assert [s for s in S if s.purchasable] == [S.NEW, S.ACTIVE]


@pytest.mark.parametrize(
    "code",
    ["4006381333931", "96385074", "036000291452", "10012345678902", "ABC-123", "PLU4011"],
    ids=["ean13", "ean8", "upc-a", "gtin14", "internal", "plu"],
)
def test_valid_barcodes(code: str) -> None:
    assert validate_barcode(code) == code


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("4006381333932", "check digit"),
        ("96385075", "check digit"),
        ("", "printable"),
        ("12 34", "printable"),
        ("x" * 49, "printable"),
        ("café", "printable"),
    ],
    ids=["ean13-digit", "ean8-digit", "empty", "space", "too-long", "non-ascii"],
)
def test_invalid_barcodes_name_the_problem(code: str, reason: str) -> None:
    with pytest.raises(InvalidBarcode, match=reason):
        validate_barcode(code)


def test_check_digit_completes_a_gtin() -> None:
    assert gtin_check_digit("400638133393") == "1"


@given(body=st.text(alphabet="0123456789", min_size=7, max_size=13))
def test_check_digit_agrees_with_stdnum(body: str) -> None:
    assert gtin_check_digit(body) == str(ean.calc_check_digit(body))
