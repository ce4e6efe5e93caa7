"""The sale screen's state and decisions, without Qt: what the window shows and what it asks a
supervisor for are decided here, so they are tested here, keys and widgets aside."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from posapp.domain.basket import SellableItem
from posapp.domain.money import Money
from posapp.domain.payment import exact_cash, settle
from posapp.domain.quantity import Quantity
from posapp.domain.sale import DocumentHeader, SaleDocument, build_sale
from posapp.domain.tax import TaxRate
from posapp.services.shared import TillContext
from posapp.ui.presenters.sale import SalePresenter

VAT20 = TaxRate("VAT20", 200_000)


def _item(name: str, minor: int, *, weighed: bool = False, cost: int | None = None) -> SellableItem:
    return SellableItem(
        uuid.uuid4(),
        name.upper()[:4],
        name,
        "kg" if weighed else "pc",
        weighed,
        Money(minor, "EUR"),
        (VAT20,),
        cost=Money(cost, "EUR") if cost is not None else None,
    )


MILK, BREAD = _item("Milk", 129, cost=90), _item("Bread", 249)
APPLES, EGGS = _item("Apples", 299, weighed=True), _item("Eggs", 300)


def _presenter(*, discount_limit: int = 20) -> SalePresenter:
    till = TillContext(
        store_id=uuid.uuid4(),
        store_code="S01",
        store_name="Corner shop",
        terminal_code="T01",
        location_id=uuid.uuid4(),
        cashier_id=uuid.uuid4(),
        cashier_name="Ann",
        currency="EUR",
        discount_limit_percent=discount_limit,
    )
    return SalePresenter(till=till, new_id=uuid.uuid4)


def _ring(presenter: SalePresenter, *items: SellableItem) -> None:
    for item in items:
        assert presenter.add(item, Quantity.of(1)), presenter.message


def test_adding_selects_the_new_line_and_says_what_was_added() -> None:
    presenter = _presenter()
    _ring(presenter, MILK, BREAD)
    assert presenter.selected_index() == 1
    assert presenter.message == "Bread × 1"
    assert not presenter.is_error
    assert presenter.totals.total == Money(129 + 249, "EUR")


def test_scanning_a_product_again_selects_its_line() -> None:
    presenter = _presenter()
    _ring(presenter, MILK, BREAD, MILK)
    assert len(presenter.basket.lines) == 2
    assert presenter.selected_index() == 0
    assert str(presenter.basket.lines[0].quantity) == "2"


def test_a_refused_change_keeps_the_basket_and_says_why() -> None:
    presenter = _presenter()
    _ring(presenter, BREAD)
    before = presenter.basket
    assert not presenter.set_quantity("0")
    assert presenter.basket is before
    assert presenter.is_error
    assert presenter.message[:1].isupper()  # a sentence, as the cashier reads it
    assert not presenter.set_quantity("1.5")  # a piece item takes whole quantities
    assert presenter.basket is before


def test_a_line_change_without_a_chosen_line_asks_for_one() -> None:
    presenter = _presenter()
    assert not presenter.set_quantity("2")
    assert presenter.message == "Choose a line first"
    assert not presenter.remove_selected()


def test_a_weighed_item_takes_the_weight_as_typed() -> None:
    presenter = _presenter()
    assert presenter.add_weighed(APPLES, "0.512")
    assert presenter.totals.total == Money(153, "EUR")
    assert not presenter.add_weighed(APPLES, "heavy")
    assert presenter.is_error


def test_a_discount_above_the_limit_is_known_before_it_is_given() -> None:
    presenter = _presenter(discount_limit=20)
    _ring(presenter, BREAD)
    assert presenter.discount_above_limit("25%", whole_basket=False)
    assert not presenter.discount_above_limit("20%", whole_basket=False)  # the limit itself
    assert not presenter.discount_above_limit("not a discount", whole_basket=False)
    assert presenter.discount("20%", whole_basket=False)
    assert presenter.totals.total == Money(199, "EUR")  # 249 − 49.8, rounded


def test_selling_below_cost_is_known_before_the_price_changes() -> None:
    presenter = _presenter()
    _ring(presenter, MILK)  # costs 0.90
    assert presenter.below_cost_after_price("0.50")
    assert not presenter.below_cost_after_price("1.00")
    assert presenter.below_cost_after_discount("50%", whole_basket=True)
    assert not presenter.below_cost_after_discount("10%", whole_basket=True)
    assert presenter.totals.total == Money(129, "EUR")  # asking changed nothing


def test_removing_a_line_selects_the_next_one_or_the_last() -> None:
    presenter = _presenter()
    _ring(presenter, MILK, BREAD, EGGS)
    presenter.select(1)
    assert presenter.remove_selected()
    assert [line.item.name for line in presenter.basket.lines] == ["Milk", "Eggs"]
    assert presenter.selected_index() == 1
    assert presenter.remove_selected()
    assert presenter.selected_index() == 0


def test_a_void_clears_the_basket_and_its_approvals() -> None:
    presenter = _presenter()
    _ring(presenter, MILK)
    presenter.approvals.append(object())  # type: ignore[arg-type]  # any approval given
    presenter.void()
    assert presenter.basket.is_empty()
    assert presenter.approvals == []
    assert presenter.selected is None


def _document(presenter: SalePresenter) -> SaleDocument:
    """The document selling the presenter's basket for exact cash would make."""
    till, totals = presenter.till, presenter.totals
    header = DocumentHeader(
        id=uuid.uuid4(),
        number=f"{till.series}-000001",
        store_id=till.store_id,
        terminal_code=till.terminal_code,
        location_id=till.location_id,
        cashier_id=till.cashier_id,
        created_at=datetime(2026, 12, 5, 9, 30, tzinfo=UTC),
    )
    settlement = settle(
        totals.total, [exact_cash(totals.total, till.cash_rounding)], till.cash_rounding
    )
    return build_sale(header, totals, settlement, price_mode=till.price_mode)


def test_a_completed_sale_shows_its_change_until_the_next_one() -> None:
    presenter = _presenter()
    _ring(presenter, MILK)
    document = _document(presenter)
    presenter.completed(document, Money(371, "EUR"))
    assert presenter.message == "S01-T01-000001 completed"
    assert presenter.basket.is_empty()
    assert presenter.last_change == Money(371, "EUR")
    assert presenter.last_refund is None
    assert presenter.last_document is document


def test_a_refund_replaces_the_last_change_on_screen() -> None:
    presenter = _presenter()
    _ring(presenter, MILK)
    presenter.completed(_document(presenter), Money(371, "EUR"))
    _ring(presenter, BREAD)
    presenter.refunded(_document(presenter), Money(249, "EUR"), basket_went_back=True)
    assert presenter.last_change is None
    assert presenter.last_refund == Money(249, "EUR")
    assert presenter.basket.is_empty()


def test_a_refund_by_receipt_leaves_the_basket_being_rung_up() -> None:
    presenter = _presenter()
    _ring(presenter, BREAD)
    presenter.refunded(_document(presenter), Money(129, "EUR"), basket_went_back=False)
    assert [line.item.name for line in presenter.basket.lines] == ["Bread"]


def test_a_recalled_basket_must_be_approved_again() -> None:
    presenter = _presenter()
    _ring(presenter, MILK)
    parked = presenter.basket
    presenter.approvals.append(object())  # type: ignore[arg-type]
    presenter.void()
    _ring(presenter, BREAD)
    presenter.approvals.append(object())  # type: ignore[arg-type]
    presenter.replace_basket(parked, "parked sale recalled")
    assert presenter.approvals == []
    assert presenter.basket is parked
    assert presenter.selected_index() == 0
