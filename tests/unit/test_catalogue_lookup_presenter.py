import uuid

from posapp.domain.catalogue import LifecycleState, ProductRow
from posapp.domain.money import Money
from posapp.ui.presenters.catalogue_lookup import CatalogueLookupPresenter

ROW = ProductRow(
    uuid.uuid4(), "MLK", "Milk", "pc", LifecycleState.ACTIVE, Money(99, "EUR"), "RED", False
)


def test_only_the_newest_answer_is_shown() -> None:
    presenter = CatalogueLookupPresenter()
    first = presenter.text_changed("m")
    second = presenter.text_changed("mi")
    assert first is not None
    assert second is not None
    assert not presenter.search_answered(first.serial, [ROW, ROW])  # late answer to "m"
    assert presenter.search_answered(second.serial, [ROW])
    assert presenter.rows == [ROW]
    assert presenter.message == "1 found"


def test_clearing_the_field_clears_results_and_outdates_pending_answers() -> None:
    presenter = CatalogueLookupPresenter()
    pending = presenter.text_changed("milk")
    assert presenter.text_changed("") is None
    assert pending is not None
    assert not presenter.search_answered(pending.serial, [ROW])
    assert presenter.rows == ()


def test_no_results_says_so() -> None:
    presenter = CatalogueLookupPresenter()
    request = presenter.text_changed("zzz")
    assert request is not None
    assert presenter.search_answered(request.serial, [])
    assert presenter.message == "nothing found"


def test_the_message_says_how_many_are_shown_of_how_many_match() -> None:
    presenter = CatalogueLookupPresenter()
    request = presenter.text_changed("a")
    assert request is not None
    presenter.search_answered(request.serial, [ROW] * 50, 96)
    assert presenter.message == "50 of 96 found"
    presenter.search_answered(request.serial, [ROW] * 50, 1001)
    assert presenter.message == "50 of 1,000+ found"
    presenter.search_answered(request.serial, [ROW] * 3, 3)
    assert presenter.message == "3 found"
