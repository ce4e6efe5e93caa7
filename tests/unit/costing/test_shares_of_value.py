"""A product's value shared among its places: by quantity held, largest remainder, adding up to
the value; a place owing stock takes none unless no place holds any, when the first place
carries the whole (goods sold before they came are worth what they were costed at)."""

from __future__ import annotations

from posapp.services.costing import ValuedStock, most_valuable, shares_of


def test_shared_by_quantity_held_and_adding_up() -> None:
    assert shares_of(1000, [1000, 2000]) == [333, 667]
    assert shares_of(1001, [1000, 1000, 1000]) == [334, 334, 333]
    assert shares_of(500, [3000, -1000]) == [500, 0]  # the place owing stock takes none
    assert sum(shares_of(7, [1, 1, 1])) == 7


def test_a_product_held_nowhere_keeps_its_value_on_its_first_place() -> None:
    assert shares_of(-1350, [-3000]) == [-1350]
    assert shares_of(-1350, [-1000, -2000]) == [-1350, 0]
    assert shares_of(0, []) == []


def test_the_most_valuable_products_places_in_their_order_at_most_the_rows_asked() -> None:
    held = {
        "a": (900, [("A", "Apples", "FLOOR", 1000), ("A", "Apples", "BACK", 2000)]),
        "b": (500, [("B", "Bread", "FLOOR", 1000)]),
    }
    assert most_valuable(["a", "b"], held, 2) == [
        ValuedStock("A", "Apples", "BACK", 2000, 600),
        ValuedStock("A", "Apples", "FLOOR", 1000, 300),
    ]
    assert [v.sku for v in most_valuable(["a", "b"], held, 10)] == ["A", "A", "B"]
