"""A basket rung up at a node's till, for tests that check how it is priced."""

from __future__ import annotations

from posapp.bootstrap.node import Node, till_actions
from posapp.domain.basket import Basket
from posapp.domain.money import Money
from posapp.domain.quantity import Quantity


def basket_of(node: Node, code: str, quantity: int = 1) -> tuple[Basket, Money]:
    """`quantity` units of the product with barcode `code`, and its shelf price."""
    actions = till_actions(node)
    found = actions.scan(code)
    basket = actions.till.new_basket().add(
        actions.till.sellable(found.product), Quantity.of(quantity), line_id=node.new_id()
    )
    return basket, found.product.price
