import pytest

from posapp.domain.errors import InsufficientPayment, InvalidTender
from posapp.domain.money import Money
from posapp.domain.payment import CARD, CASH, CashRounding, Tender, exact_cash, settle

NO_ROUNDING = CashRounding()
FIVE_CENTS = CashRounding(step_minor=5)


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def test_cash_with_change_records_change_as_negative_cash() -> None:
    settlement = settle(eur(1234), [Tender(CASH, eur(2000))], NO_ROUNDING)
    assert settlement.change == eur(766)
    assert settlement.tenders[-1] == Tender(CASH, eur(-766))
    assert sum(t.amount.minor for t in settlement.tenders) == 1234


def test_split_card_and_cash() -> None:
    settlement = settle(
        eur(5000), [Tender(CARD, eur(3000), "A1"), Tender(CASH, eur(2500))], FIVE_CENTS
    )
    assert settlement.change == eur(500)
    assert settlement.rounding.is_zero()
    assert sum(t.amount.minor for t in settlement.tenders) == 5000


def test_cash_rounding_only_for_cash_only_payments() -> None:
    cash = settle(eur(1002), [Tender(CASH, eur(1000))], FIVE_CENTS)
    assert cash.rounding == eur(-2)
    assert cash.paid == eur(1000)
    assert cash.change.is_zero()
    with pytest.raises(InsufficientPayment):
        settle(eur(1002), [Tender(CARD, eur(1000))], FIVE_CENTS)
    assert exact_cash(eur(1003), FIVE_CENTS) == Tender(CASH, eur(1005))


def test_card_cannot_pay_more_than_is_due() -> None:
    with pytest.raises(InvalidTender, match="only cash gives change"):
        settle(eur(1000), [Tender(CARD, eur(1500))], NO_ROUNDING)


@pytest.mark.parametrize("minor", [0, -100], ids=["zero", "negative"])
def test_tender_must_be_positive(minor: int) -> None:
    with pytest.raises(InvalidTender):
        settle(eur(1000), [Tender(CASH, eur(minor))], NO_ROUNDING)


def test_not_enough() -> None:
    with pytest.raises(InsufficientPayment, match=r"2\.34 EUR still to pay"):
        settle(eur(1234), [Tender(CASH, eur(1000))], NO_ROUNDING)


def test_refund_is_settled_with_negative_tenders() -> None:
    settlement = settle(eur(-499), [Tender(CASH, eur(-499))], NO_ROUNDING)
    assert settlement.change.is_zero()
    assert settlement.paid == eur(-499)
    with pytest.raises(InvalidTender):
        settle(eur(-499), [Tender(CASH, eur(499))], NO_ROUNDING)
