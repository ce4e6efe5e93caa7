import uuid
from datetime import UTC, datetime

import pytest

from posapp.domain.catalogue import LifecycleState, ProductRow
from posapp.domain.errors import (
    DomainError,
    DuplicateBarcode,
    DuplicateSku,
    InvalidBarcode,
    ProductNotSellable,
    UnknownBarcode,
)
from posapp.domain.ids import Uuid7Factory
from posapp.domain.money import Money
from posapp.services.catalogue.lookup import register_product, scan_barcode, search_products
from posapp.services.shared import NewProduct
from posapp.services.shared.clock import FixedClock
from tests.unit.fakes import FakeCatalogue, FakeUnitOfWork

CLOCK = FixedClock(datetime(2026, 11, 21, 9, 0, tzinfo=UTC))


def product(name: str, state: LifecycleState = LifecycleState.ACTIVE) -> ProductRow:
    return ProductRow(
        uuid.uuid4(), name[:3].upper(), name, "pc", state, Money(199, "EUR"), "STD", False
    )


@pytest.fixture
def catalogue() -> FakeCatalogue:
    catalogue = FakeCatalogue()
    catalogue.add(product("Whole Milk 1 L"), ("4006381333931", 1000), ("14006381333938", 12000))
    catalogue.add(product("Old Cola", LifecycleState.ARCHIVED), ("96385074", 1000))
    return catalogue


def test_scan_finds_the_product_with_its_pack_quantity(catalogue: FakeCatalogue) -> None:
    single = scan_barcode(catalogue, code="4006381333931")
    case = scan_barcode(catalogue, code=" 14006381333938\n")
    assert single.product.name == case.product.name == "Whole Milk 1 L"
    assert (single.pack_quantity.thousandths, case.pack_quantity.thousandths) == (1000, 12000)


@pytest.mark.parametrize(
    "code",
    ["5901234123457", "garbage!!", "", "4006381333932"],
    ids=["unknown", "garbage", "empty", "bad-check-digit"],
)
def test_scan_of_anything_unknown_says_so(catalogue: FakeCatalogue, code: str) -> None:
    with pytest.raises(UnknownBarcode):
        scan_barcode(catalogue, code=code)


def test_archived_product_is_refused_by_name(catalogue: FakeCatalogue) -> None:
    with pytest.raises(ProductNotSellable, match="'Old Cola' is archived"):
        scan_barcode(catalogue, code="96385074")


def test_search_ignores_blank_text(catalogue: FakeCatalogue) -> None:
    assert search_products(catalogue, text="   ") == ()
    assert [p.name for p in search_products(catalogue, text="mil")] == ["Whole Milk 1 L"]


def new_product(**changes: object) -> NewProduct:
    values: dict[str, object] = dict(
        sku="MLK-1",
        name="Milk",
        price=Money(129, "EUR"),
        tax_class_code="RED",
        barcodes=[("5901234123457", 1000)],
    )
    values.update(changes)
    return NewProduct(**values)  # type: ignore[arg-type]


def test_register_product_commits_once() -> None:
    uow = FakeUnitOfWork()
    result = register_product(uow, product=new_product(), clock=CLOCK, new_id=Uuid7Factory())
    assert uow.commits == 1
    assert uow.committed.barcode_owner("5901234123457") == result.product_id


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"sku": "  "}, DomainError),
        ({"name": ""}, DomainError),
        ({"price": Money(-1, "EUR")}, DomainError),
        ({"tax_class_code": "NOPE"}, DomainError),
        ({"barcodes": [("5901234123458", 1000)]}, InvalidBarcode),
        ({"barcodes": [("5901234123457", 0)]}, DomainError),
        ({"barcodes": [("5901234123457", 1000), ("5901234123457", 6000)]}, DomainError),
        ({"sku": "TAKEN"}, DuplicateSku),
        ({"barcodes": [("4006381333931", 1000)]}, DuplicateBarcode),
    ],
    ids=[
        "blank-sku",
        "blank-name",
        "negative-price",
        "unknown-tax-class",
        "bad-check-digit",
        "zero-pack",
        "same-barcode-twice",
        "duplicate-sku",
        "duplicate-barcode",
    ],
)
def test_register_product_refuses_bad_input_and_writes_nothing(
    changes: dict[str, object], error: type[Exception]
) -> None:
    catalogue = FakeCatalogue()
    taken = product("Taken")
    catalogue.add(
        ProductRow(
            taken.id, "TAKEN", "Taken", "pc", LifecycleState.ACTIVE, Money(1, "EUR"), "STD", False
        ),
        ("4006381333931", 1000),
    )
    uow = FakeUnitOfWork(catalogue)
    with pytest.raises(error):
        register_product(uow, product=new_product(**changes), clock=CLOCK, new_id=Uuid7Factory())
    assert uow.commits == 0
    assert uow.committed.count_products() == 1
