import uuid

import pytest

from posapp.domain.customers import (
    CreditLimitExceeded,
    CustomerAccount,
    CustomerRef,
    NoCreditAccount,
)
from posapp.domain.money import Money

ACME = CustomerRef(uuid.uuid4(), "C001", "Acme Ltd", "TRADE")


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def test_a_sale_within_the_limit_is_allowed_and_one_beyond_is_refused_with_figures() -> None:
    account = CustomerAccount(ACME, credit_limit=eur(100000), balance=eur(95000))
    account.check_on_account(eur(5000))  # exactly at the limit
    with pytest.raises(CreditLimitExceeded) as refused:
        account.check_on_account(eur(5001))
    assert "Acme Ltd" in str(refused.value)
    assert "1000.00 EUR" in str(refused.value)
    account.check_on_account(eur(5001), over_limit_allowed=True)  # a manager said yes
    assert account.available == eur(5000)


def test_a_customer_without_a_credit_limit_cannot_buy_on_account() -> None:
    with pytest.raises(NoCreditAccount, match="Acme Ltd has no account"):
        CustomerAccount(ACME, credit_limit=None, balance=eur(0)).check_on_account(eur(1))
