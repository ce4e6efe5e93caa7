"""The GTIN check digit, summed as bytes for speed, is the one the weights 3-1-3 from the right
give digit by digit."""

from hypothesis import given
from hypothesis import strategies as st

from posapp.domain.catalogue import gtin_check_digit


def _by_the_book(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


@given(st.text("0123456789", min_size=1, max_size=17))
def test_the_check_digit_is_the_one_the_weights_give(body: str) -> None:
    assert gtin_check_digit(body) == _by_the_book(body)


def test_known_codes() -> None:
    assert gtin_check_digit("400638133393") == "1"  # EAN-13 4006381333931
    assert gtin_check_digit("9638507") == "4"  # EAN-8 96385074
    assert gtin_check_digit("٤٠٠٦٣٨١٣٣٣٩٣") == "1"  # the same in Arabic-Indic digits
