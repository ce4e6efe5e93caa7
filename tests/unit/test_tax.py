import random
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posapp.domain.money import Money
from posapp.domain.tax import PriceMode, TaxableLine, TaxRate, TaxRounding, compute_tax

VAT20 = TaxRate("VAT20", 200_000)
VAT19 = TaxRate("VAT19", 190_000)
VAT7 = TaxRate("VAT7", 70_000)
LEVY2 = TaxRate("LEVY2", 20_000)


def line(minor: int, *rates: TaxRate) -> TaxableLine:
    return TaxableLine(Money(minor, "EUR"), rates)


def test_inclusive_price_carves_tax_out() -> None:
    result = compute_tax(
        [line(11900, VAT19)],
        mode=PriceMode.INCLUSIVE,
        rounding=TaxRounding.PER_LINE,
        currency="EUR",
    )
    assert (result.net.minor, result.tax.minor, result.gross.minor) == (10000, 1900, 11900)


def test_exclusive_price_adds_tax_on_top() -> None:
    result = compute_tax(
        [line(1000, VAT20)], mode=PriceMode.EXCLUSIVE, rounding=TaxRounding.PER_LINE, currency="EUR"
    )
    assert (result.net.minor, result.tax.minor, result.gross.minor) == (1000, 200, 1200)


def test_two_rates_on_one_line_share_the_net_base() -> None:
    # 10.00 net, 20 % VAT and a 2 % levy → 2.00 + 0.20
    result = compute_tax(
        [line(1000, VAT20, LEVY2)],
        mode=PriceMode.EXCLUSIVE,
        rounding=TaxRounding.PER_LINE,
        currency="EUR",
    )
    assert result.tax.minor == 220
    assert dict((code, m.minor) for code, m in result.lines[0].tax_by_rate) == {
        "VAT20": 200,
        "LEVY2": 20,
    }
    assert {r.code: (r.base.minor, r.tax.minor) for r in result.by_rate} == {
        "VAT20": (1000, 200),
        "LEVY2": (1000, 20),
    }


def test_per_line_and_per_document_rounding_differ_as_policies_should() -> None:
    # Three lines of 0.05 at 19 % inclusive: each line's tax is 0.798 cents → 1 cent per line,
    # but 2.39 cents over the document → 2 cents.
    lines = [line(5, VAT19)] * 3
    per_line = compute_tax(
        lines, mode=PriceMode.INCLUSIVE, rounding=TaxRounding.PER_LINE, currency="EUR"
    )
    per_document = compute_tax(
        lines, mode=PriceMode.INCLUSIVE, rounding=TaxRounding.PER_DOCUMENT, currency="EUR"
    )
    assert per_line.tax.minor == 3
    assert per_document.tax.minor == 2
    assert per_document.gross.minor == per_line.gross.minor == 15  # inclusive: paid stays paid
    assert sum(t.tax.minor for t in per_document.lines) == per_document.tax.minor


def test_zero_rate_line_has_no_tax() -> None:
    result = compute_tax(
        [line(999, TaxRate("VAT0", 0))],
        mode=PriceMode.INCLUSIVE,
        rounding=TaxRounding.PER_LINE,
        currency="EUR",
    )
    assert result.tax.minor == 0
    assert result.net.minor == 999


rates = st.sampled_from([VAT20, VAT19, VAT7, LEVY2, TaxRate("VAT5.5", 55_000)])
rate_sets = st.lists(rates, min_size=1, max_size=3, unique_by=lambda r: r.code).map(tuple)
amounts = st.integers(min_value=0, max_value=10**7).map(lambda minor: Money(minor, "EUR"))
lines_strategy = st.lists(st.builds(TaxableLine, amounts, rate_sets), min_size=1, max_size=12)


@given(net=st.integers(min_value=0, max_value=10**9), line_rates=rate_sets)
def test_inclusive_exclusive_round_trip_stays_within_one_minor_unit(
    net: int, line_rates: tuple[TaxRate, ...]
) -> None:
    forward = compute_tax(
        [TaxableLine(Money(net, "EUR"), line_rates)],
        mode=PriceMode.EXCLUSIVE,
        rounding=TaxRounding.PER_LINE,
        currency="EUR",
    )
    back = compute_tax(
        [TaxableLine(forward.gross, line_rates)],
        mode=PriceMode.INCLUSIVE,
        rounding=TaxRounding.PER_LINE,
        currency="EUR",
    )
    assert abs(back.net.minor - net) <= 1


@pytest.mark.parametrize("rounding", list(TaxRounding), ids=lambda r: r.value)
@pytest.mark.parametrize("mode", list(PriceMode), ids=lambda m: m.value)
@given(lines=lines_strategy, seed=st.integers())
def test_totals_never_depend_on_line_order(
    mode: PriceMode, rounding: TaxRounding, lines: list[TaxableLine], seed: int
) -> None:
    shuffled = list(lines)
    random.Random(seed).shuffle(shuffled)
    a = compute_tax(lines, mode=mode, rounding=rounding, currency="EUR")
    b = compute_tax(shuffled, mode=mode, rounding=rounding, currency="EUR")
    assert (a.net, a.tax, a.gross) == (b.net, b.tax, b.gross)
    assert a.by_rate == b.by_rate


@pytest.mark.parametrize("rounding", list(TaxRounding), ids=lambda r: r.value)
@pytest.mark.parametrize("mode", list(PriceMode), ids=lambda m: m.value)
@given(lines=lines_strategy)
def test_lines_add_up_to_the_document(
    mode: PriceMode, rounding: TaxRounding, lines: list[TaxableLine]
) -> None:
    result = compute_tax(lines, mode=mode, rounding=rounding, currency="EUR")
    assert result.gross.minor == result.net.minor + result.tax.minor
    assert sum(t.tax.minor for t in result.lines) == result.tax.minor
    assert sum(r.tax.minor for r in result.by_rate) == result.tax.minor
    for taxed, original in zip(result.lines, lines, strict=True):
        paid = taxed.gross if mode is PriceMode.INCLUSIVE else taxed.net
        assert paid == original.amount


@given(
    amount=st.integers(min_value=-(10**9), max_value=10**9),
    ppms=st.lists(st.integers(min_value=0, max_value=1_000_000), min_size=1, max_size=3),
    mode=st.sampled_from(PriceMode),
)
def test_per_line_tax_is_the_exact_share_rounded_half_away_from_zero(
    amount: int, ppms: list[int], mode: PriceMode
) -> None:
    # The per-line path works in integers for speed; it must agree with the exact rational.
    rates = tuple(TaxRate(f"R{i}", ppm) for i, ppm in enumerate(ppms))
    combined = Fraction(sum(ppms), 1_000_000)
    exact = amount * combined if mode is PriceMode.EXCLUSIVE else amount * combined / (1 + combined)
    expected = int(abs(exact) + Fraction(1, 2)) * (1 if exact >= 0 else -1)
    result = compute_tax(
        [line(amount, *rates)], mode=mode, rounding=TaxRounding.PER_LINE, currency="EUR"
    )
    assert result.tax.minor == expected
    assert sum(tax.minor for _, tax in result.lines[0].tax_by_rate) == expected
