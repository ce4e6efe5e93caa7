"""Demo data and simulated trading on a node: a catalogue, the records a first start shows beside
it, and the simulator that rings up sales through the till's own actions."""

from __future__ import annotations

import random
from collections.abc import Callable

from posapp.bootstrap.node import Node, till_actions
from posapp.db.catalogue_queries import sample_barcodes
from posapp.db.demo_data import load_demo_data
from posapp.db.product_list import first_sellable_skus
from posapp.db.store import (
    StoreError,
)
from posapp.domain.customers import CustomerRef
from posapp.services.devices import DeviceError
from posapp.services.selling import Simulator
from posapp.services.shared import Edit


def load_demo_catalogue(
    node: Node, *, products: int, seed: int, progress: Callable[[int, int], None]
) -> int:
    return load_demo_data(
        node.store.engine,
        product_count=products,
        seed=seed,
        currency=node.settings.currency,
        now=node.clock.now(),
        new_id=node.new_id,
        progress=progress,
    )


def load_demo_records(node: Node) -> None:
    """What a first start shows beside the demo catalogue, made through the back office's own
    services: customers (cash, trade on credit, a VIP group), a trade price list, two
    promotions and two suppliers with what they supply."""

    skus = first_sellable_skus(node.store.engine, 12)
    if len(skus) < 12:
        raise StoreError("load the demo catalogue first: the demo records price its products")
    edit = Edit(by="demo", clock=node.clock, new_id=node.new_id)
    _demo_customers(node, edit)
    _demo_pricing(node, edit, skus)
    _demo_suppliers(node, edit, skus)
    _demo_stock(node)


# A demo store's opening stock comes in through goods receipts, as a real one's would; beyond
# this many products (benchmark catalogues) the rest start without stock.
DEMO_STOCKED = 5_000
_RECEIPT_LINES = 1_000


def _demo_stock(node: Node) -> None:
    """Every sellable product received from the two demo suppliers, at its cost: enough for a
    few days of `simulate`, so nothing goes negative."""
    from posapp.bootstrap import stock
    from posapp.db.stock_queries import sellable_products
    from posapp.services.stock import DraftHeader, DraftLine

    administrator = _administrator(node)
    chance = random.Random(1)
    products = sellable_products(node.store.engine, DEMO_STOCKED)
    for start in range(0, len(products), _RECEIPT_LINES):
        chunk = products[start : start + _RECEIPT_LINES]
        supplier = "S01" if start // _RECEIPT_LINES % 2 == 0 else "S02"
        lines = [
            DraftLine(sku, _opening_quantity(chance, weighed, pack), cost)
            for sku, cost, weighed, pack in chunk
        ]
        header = DraftHeader(
            supplier_code=supplier, reference=f"DEMO-{start // _RECEIPT_LINES + 1}"
        )
        stock.receive(administrator, header, lines)
    _demo_orders(administrator, [sku for sku, _, weighed, _ in products[:20] if not weighed])


def _demo_orders(administrator: Node, skus: list[str]) -> None:
    """An order sent and waiting, one half delivered (something to receive at the door), and a
    transfer on its way to another shop."""
    from posapp.bootstrap import stock
    from posapp.services.stock import DraftHeader, DraftLine

    if len(skus) < 5:
        return
    stock.order(
        administrator,
        DraftHeader(supplier_code="S01", reference="Weekly order"),
        [DraftLine(sku, 48_000, 60) for sku in skus[:3]],
    )
    partly = stock.order(
        administrator,
        DraftHeader(supplier_code="S02", reference="Dairy"),
        [DraftLine(skus[3], 24_000, 55), DraftLine(skus[4], 12_000, 70)],
    )
    stock.receive_order(
        administrator,
        partly.number,
        DraftHeader(reference="Delivery note 1 of 2"),
        [DraftLine(skus[3], 24_000)],
    )
    # Goods on their way to the chain's other shop: a transfer out, sent and in transit.
    from posapp.bootstrap import transfers

    sister = "S02" if administrator.settings.store_code != "S02" else "S01"
    transfers.send(
        administrator,
        DraftHeader(to_store=sister, reference="For the other shop"),
        [DraftLine(skus[0], 12_000), DraftLine(skus[1], 6_000)],
    )


def _opening_quantity(chance: random.Random, weighed: bool, pack_milli: int) -> int:
    """30–80 kg of what is weighed; 100–300 units of the rest, and 10–25 cases more of what
    also sells by the case."""
    if weighed:
        return chance.randint(30, 80) * 1000
    units = chance.randint(100, 300) * 1000
    return units + (chance.randint(10, 25) * pack_milli if pack_milli > 1000 else 0)


def _administrator(node: Node) -> Node:
    """The node as its first administrator acts (demo documents are made by a person too)."""
    from dataclasses import replace

    from posapp.domain.actors import Actor

    with node.unit_of_work() as uow:
        found = next(user for user in uow.users.all() if user.role == "administrator")
    actor = Actor(found.id, found.display_name, found.role, found.permissions)
    return replace(node, actor=actor)


def _demo_customers(node: Node, edit: Edit) -> None:
    from posapp.services import partners

    currency = node.settings.currency
    for fields in (
        {"code": "C001", "name": "Walk-in Café", "phone": "+44 20 7946 0101"},
        {
            "code": "C002",
            "name": "Harbour Hotel Ltd",
            "tax_id": "GB123456789",
            "price_group": "TRADE",
            "credit_limit": "2500.00",
            "payment_terms_days": "30",
            "email": "accounts@harbourhotel.example",
            "addresses": "Head office: 1 Quay St\nKitchen: 3 Quay St",
        },
        {
            "code": "C003",
            "name": "Ada Lovelace",
            "price_group": "VIP",
            "credit_limit": "200.00",
            "payment_terms_days": "14",
        },
    ):
        partners.save_customer(
            node.unit_of_work(), customer_id=None, fields=fields, currency=currency, **edit
        )


def _demo_pricing(node: Node, edit: Edit, skus: list[str]) -> None:
    """A trade price list, 3 for 2 on bakery, and −10 % on three products this week."""
    from posapp.services import pricing

    currency = node.settings.currency
    pricing.save_price_list(
        node.unit_of_work(),
        list_id=None,
        header={
            "code": "TRADE",
            "name": "Trade price",
            "kind": "customer_group",
            "price_group": "TRADE",
            "tax_inclusive": "yes",
        },
        items=[{"sku": sku, "min_qty": "1", "price": "0.99"} for sku in skus[:6]],
        currency=currency,
        **edit,
    )
    pricing.save_promotion(
        node.unit_of_work(),
        promotion_id=None,
        fields={
            "code": "BAKERY32",
            "name": "3 for 2",
            "kind": "buy_x_get_y",
            "buy_qty": "2",
            "free_qty": "1",
            "categories": "Bakery",
        },
        currency=currency,
        **edit,
    )
    pricing.save_promotion(
        node.unit_of_work(),
        promotion_id=None,
        fields={
            "code": "WEEK10",
            "name": "This week −10 %",
            "kind": "percent_off",
            "percent": "10",
            "skus": "\n".join(skus[6:9]),
        },
        currency=currency,
        **edit,
    )


def _demo_suppliers(node: Node, edit: Edit, skus: list[str]) -> None:
    from posapp.services import partners

    currency = node.settings.currency
    for code, name, lead, lines in (
        ("S01", "Dockside Wholesale", "3", skus[:8]),
        ("S02", "Hill Farm Dairy", "1", skus[8:12]),
    ):
        partners.save_supplier(
            node.unit_of_work(),
            supplier_id=None,
            fields={
                "code": code,
                "name": name,
                "payment_terms_days": "30",
                "lead_time_days": lead,
                "contacts": "Orders desk; +44 20 7946 0000",
            },
            items=[
                {"sku": sku, "supplier_code": f"{code}-{n:04d}", "cost": "0.60"}
                for n, sku in enumerate(lines, 1)
            ],
            currency=currency,
            **edit,
        )


def simulator(
    node: Node, *, seed: int, print_receipts: bool = False, customers: bool = False
) -> Simulator:
    """`customers`: some baskets get one of the shop's customers attached."""
    codes = sample_barcodes(node.store.engine, 2000, seed)
    if not codes:
        raise StoreError("the catalogue has no sellable products; load some with demo-data")
    actions = till_actions(node)
    if print_receipts and actions.printer is None:
        raise DeviceError("--print needs a printer: posapp devices set printer URL")
    attached: tuple[CustomerRef, ...] = ()
    if customers:
        with node.unit_of_work() as uow:
            attached = tuple(uow.customers.search("", 50))
    return Simulator(
        actions=actions,
        barcodes=codes,
        seed=seed,
        print_receipts=print_receipts,
        customers=attached,
    )
