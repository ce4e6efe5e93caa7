import uuid

from posapp.domain.catalogue import LifecycleState, ProductRow, ScannedProduct
from posapp.domain.money import Money
from posapp.domain.quantity import Quantity
from posapp.ui.presenters.catalogue_lookup import CatalogueLookupPresenter, ScanRequest

ROW = ProductRow(
    uuid.uuid4(), "MLK", "Milk", "pc", LifecycleState.ACTIVE, Money(99, "EUR"), "RED", False
)


def test_only_the_newest_answer_is_shown() -> None:
    presenter = CatalogueLookupPresenter()
    first = presenter.text_changed("m")
    second = presenter.text_changed("mi")
    assert first is not None and second is not None
    assert not presenter.search_answered(first.serial, [ROW, ROW])  # late answer to "m"
    assert presenter.search_answered(second.serial, [ROW])
    assert presenter.rows == [ROW] and presenter.message == "1 found"


def test_clearing_the_field_clears_results_and_outdates_pending_answers() -> None:
    presenter = CatalogueLookupPresenter()
    pending = presenter.text_changed("milk")
    assert presenter.text_changed("") is None
    assert pending is not None and not presenter.search_answered(pending.serial, [ROW])
    assert presenter.rows == ()


def test_enter_on_digits_is_a_scan_and_words_are_not() -> None:
    presenter = CatalogueLookupPresenter()
    assert presenter.enter_pressed("milk") is None
    request = presenter.enter_pressed(" 4006381333931 ")
    assert isinstance(request, ScanRequest) and request.code == "4006381333931"
    assert presenter.scan_answered(
        request.serial, ScannedProduct(ROW, "4006381333931", Quantity.of(12))
    )
    assert presenter.message == "barcode 4006381333931 (pack of 12)"


def test_failure_is_shown_as_the_reason() -> None:
    presenter = CatalogueLookupPresenter()
    request = presenter.enter_pressed("123")
    assert request is not None
    assert presenter.failed(request.serial, "no product has the barcode '123'")
    assert presenter.rows == () and "123" in presenter.message
