"""Which back-office pages each built-in role sees: the work of its role, nothing else."""

import pytest

from posapp.domain.permissions import BUILT_IN_ROLES
from posapp.ui.presenters.back_office_pages import PAGE_WORK, pages_for


def _pages(role: str) -> list[str]:
    permissions = BUILT_IN_ROLES[role][1]
    return pages_for(lambda permission: permission in permissions)


def test_a_stock_clerk_sees_stock_goods_in_and_counts_only() -> None:
    assert _pages("stock_clerk") == ["Stock", "Goods in and adjustments", "Stock counts"]


def test_an_accountant_reads_but_manages_no_people_or_stock_documents() -> None:
    pages = _pages("accountant")
    assert "People" not in pages
    assert "Goods in and adjustments" not in pages
    assert "Stock counts" not in pages
    assert {"Products", "Stock", "Shifts and Z reports", "Journal"} <= set(pages)


@pytest.mark.parametrize("role", ["administrator"])
def test_an_administrator_sees_every_page(role: str) -> None:
    assert _pages(role) == list(PAGE_WORK)


def test_a_cashier_sees_none() -> None:
    assert _pages("cashier") == []
