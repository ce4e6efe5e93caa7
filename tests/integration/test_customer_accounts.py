"""Customers with credit on a real store: bad details named and nothing saved; a sale on account
within the limit, refused beyond it unless a manager allows it; the balance is the sum of the
receivable entries and a payment lowers it; the customer's price group prices the basket."""

import uuid
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import text

from posapp.bootstrap.node import Node, till_actions
from posapp.bootstrap.people import add_user
from posapp.domain.customers import CreditLimitExceeded, NoCreditAccount
from posapp.domain.errors import DomainError
from posapp.domain.money import Money
from posapp.domain.payment import ACCOUNT, CASH, Tender
from posapp.domain.permissions import Permission
from posapp.domain.quantity import Quantity
from posapp.services.partners.customer_admin import receive_payment, save_customer
from posapp.services.people.overrides import Approval
from posapp.services.selling import checkout
from posapp.services.shared.field_parsing import FieldError

ACME = {
    "code": "C001",
    "name": "Acme Ltd",
    "price_group": "TRADE",
    "credit_limit": "100.00",
    "payment_terms_days": "30",
    "addresses": "Head office: 1 High St\nDepot: 5 Dock Rd",
}


def save(node: Node, fields: dict[str, str], customer_id: uuid.UUID | None = None) -> uuid.UUID:
    return save_customer(
        node.unit_of_work(),
        customer_id=customer_id,
        fields=fields,
        currency="EUR",
        by="test",
        clock=node.clock,
        new_id=node.new_id,
    )


def count(node: Node, table: str) -> int:
    with node.store.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_a_credit_limit_of_abc_is_named_and_nothing_is_saved(demo_node: Node) -> None:
    events = count(demo_node, "outbox_events")
    with pytest.raises(FieldError) as refused:
        save(demo_node, {**ACME, "credit_limit": "abc"})
    assert refused.value.field == "credit_limit"
    assert str(refused.value) == "Credit limit: 'abc' — is not an amount in EUR"
    with pytest.raises(FieldError, match=r"Payment terms \(days\)"):
        save(demo_node, {**ACME, "payment_terms_days": "soon"})
    assert count(demo_node, "customers") == 0
    assert count(demo_node, "outbox_events") == events
    save(demo_node, ACME)
    with pytest.raises(FieldError, match="belongs to another customer"):
        save(demo_node, {**ACME, "name": "Another Acme"})
    assert count(demo_node, "customers") == 1


# A cashier who may do anything at the till but go over a credit limit (the helper below sets
# each sale's amount by changing the price, which their role must then allow).
CASHIER = frozenset(Permission) - {Permission.CREDIT_OVER_LIMIT}


def sell_on_account(
    node: Node, customer_id: uuid.UUID, minor: int, *, approval: Approval | None = None
) -> None:
    """A sale of `minor` on account, by a cashier whose role may not go over a credit limit."""
    actions = till_actions(node)
    actions = replace(actions, till=replace(actions.till, cashier_permissions=CASHIER))
    with node.unit_of_work() as uow:
        account = uow.customers.account(customer_id)
    assert account is not None
    found = actions.scan(_first_barcode(node))
    basket = actions.till.new_basket().with_customer(account.ref)
    item = actions.till.sellable(found.product)
    basket = basket.add(item, Quantity.of(1), line_id=node.new_id())
    basket = basket.override_price(basket.lines[0].line_id, Money(minor, "EUR"))
    checkout.complete_sale(
        node.unit_of_work(),
        basket=basket,
        tenders=[Tender(ACCOUNT, Money(minor, "EUR"))],
        till=actions.till,
        clock=node.clock,
        new_id=node.new_id,
        codec=actions.codec,
        approvals=() if approval is None else (approval,),
    )


def _first_barcode(node: Node) -> str:
    with node.store.engine.connect() as connection:
        return str(
            connection.execute(
                text(
                    "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id "
                    "WHERE NOT p.weighed AND p.state = 'ACTIVE' AND b.pack_qty_milli = 1000 LIMIT 1"
                )
            ).scalar_one()
        )


def balance(node: Node, customer_id: uuid.UUID) -> int:
    with node.unit_of_work() as uow:
        account = uow.customers.account(customer_id)
    assert account is not None
    return account.balance.minor


def test_sales_on_account_within_the_limit_and_a_payment_lowers_the_balance(
    demo_node: Node,
) -> None:
    acme = save(demo_node, ACME)
    sell_on_account(demo_node, acme, 6000)
    sell_on_account(demo_node, acme, 4000)  # exactly the 100.00 limit
    assert balance(demo_node, acme) == 10000
    sales_before = count(demo_node, "sales")
    with pytest.raises(CreditLimitExceeded, match=r"over the credit limit of 100\.00 EUR"):
        sell_on_account(demo_node, acme, 1)
    assert count(demo_node, "sales") == sales_before  # nothing written
    # Issue 19: any `over_limit_by` (even "") used to let a sale over the limit through. An
    # approval the service did not verify is refused like none at all…
    forged = Approval(Permission.CREDIT_OVER_LIMIT, "manager decision", str(uuid.uuid4()), "Meg")
    with pytest.raises(CreditLimitExceeded):
        sell_on_account(demo_node, acme, 500, approval=forged)
    # …and a supervisor's PIN, checked by the service that approves, lets it through.
    add_user(demo_node, username="meg", name="Meg Manager", role="manager", pin="2468")
    actions = till_actions(demo_node)
    approval = actions.approve(Permission.CREDIT_OVER_LIMIT, "2468", "manager decision")
    sell_on_account(demo_node, acme, 500, approval=approval)
    assert balance(demo_node, acme) == 10500

    left = receive_payment(
        demo_node.unit_of_work(),
        customer_id=acme,
        amount=Money(7500, "EUR"),
        reference="BACS 991",
        terminal_code="T01",
        by="test",
        clock=demo_node.clock,
        new_id=demo_node.new_id,
    )
    assert left.minor == balance(demo_node, acme) == 3000
    with demo_node.store.engine.connect() as connection:
        entries = connection.execute(
            text(
                "SELECT kind, sum(amount_minor) FROM receivable_entries GROUP BY kind ORDER BY kind"
            )
        ).all()
        sold_to = connection.execute(
            text("SELECT count(*) FROM sales WHERE customer_id IS NOT NULL")
        ).scalar_one()
    assert entries == [("PAYMENT", -7500), ("SALE", 10500)]
    assert sold_to == 3


def test_a_cash_customer_cannot_buy_on_account_and_the_group_price_applies(
    demo_node: Node,
) -> None:
    walk_in = save(demo_node, {**ACME, "code": "C002", "credit_limit": ""})
    with pytest.raises(NoCreditAccount, match="has no account"):
        sell_on_account(demo_node, walk_in, 100)

    # A TRADE price list for the first product: attaching Acme prices the line from it.
    actions = till_actions(demo_node)
    found = actions.scan(_first_barcode(demo_node))
    with demo_node.store.engine.begin() as connection:
        list_id = uuid.uuid4().hex
        connection.execute(
            text(
                "INSERT INTO price_lists (id, code, name, kind, price_group, tax_inclusive, "
                "created_at, updated_at) VALUES (:id, 'TRADE', 'Trade prices', 'customer_group', "
                "'TRADE', 1, '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000')"
            ),
            {"id": list_id},
        )
        connection.execute(
            text("INSERT INTO price_list_items VALUES (:list, :product, 1000, 99)"),
            {"list": list_id, "product": found.product.id.hex},
        )
    found = actions.scan(_first_barcode(demo_node))
    basket = actions.till.new_basket().add(
        actions.till.sellable(found.product), Quantity.of(2), line_id=uuid.uuid4()
    )
    assert basket.totals().lines[0].price_reason == ""
    trade = save(demo_node, {**ACME, "code": "C003"})
    with demo_node.unit_of_work() as uow:
        account = uow.customers.account(trade)
    assert account is not None
    priced = basket.with_customer(account.ref).totals().lines[0]
    assert (priced.unit_price.minor, priced.price_reason) == (99, "Trade prices")
    assert priced.amount.minor == 198
    assert Decimal(2) == priced.line.quantity.value
    checkout.complete_sale(
        demo_node.unit_of_work(),
        basket=basket.with_customer(account.ref),
        tenders=[Tender(CASH, Money(198, "EUR"))],
        till=actions.till,
        clock=demo_node.clock,
        new_id=demo_node.new_id,
        codec=actions.codec,
    )
    with demo_node.store.engine.connect() as connection:
        note = connection.execute(text("SELECT price_note FROM sale_lines")).scalar_one()
    assert note == "Trade prices"


def test_goods_bought_on_account_and_returned_are_credited_to_the_account(
    demo_node: Node,
) -> None:
    from posapp.services.selling.returns import ORIGINAL_TENDER

    acme = save(demo_node, ACME)
    sell_on_account(demo_node, acme, 4000)
    with demo_node.store.engine.connect() as connection:
        number = connection.execute(text("SELECT number FROM sales WHERE kind = 'SALE'")).scalar()
    actions = till_actions(demo_node)
    sale = actions.find_sale(str(number))
    line = sale.lines[0]
    returned = actions.refund(str(number), [(line.line.line_id, Quantity.of(1))], ORIGINAL_TENDER)
    assert returned.refund == Money(4000, "EUR")
    assert [(t.kind, t.amount.minor) for t in returned.document.tenders] == [(ACCOUNT, -4000)]
    assert returned.document.customer_id == acme
    assert balance(demo_node, acme) == 0
    with demo_node.store.engine.connect() as connection:
        entries = connection.execute(
            text("SELECT kind, amount_minor, reference FROM receivable_entries ORDER BY kind")
        ).all()
    assert entries == [("RETURN", -4000, f"return of {number}"), ("SALE", 4000, None)]


def test_a_refund_to_account_needs_a_customer_and_writes_nothing_without_one(
    demo_node: Node,
) -> None:
    actions = till_actions(demo_node)
    found = actions.scan(_first_barcode(demo_node))
    basket = actions.till.new_basket().add(
        actions.till.sellable(found.product), Quantity.of(1), line_id=demo_node.new_id()
    )
    returns_before = count(demo_node, "sales")
    with pytest.raises(DomainError, match="only a customer's document can go on account"):
        actions.refund_without_receipt(basket, ACCOUNT)
    assert count(demo_node, "sales") == returns_before
    assert count(demo_node, "receivable_entries") == 0


def test_payments_on_account_at_the_till_are_in_the_shifts_report_by_tender(
    demo_node: Node,
) -> None:
    """Card on account is on the report as the card terminal has it; cash counts in the drawer."""
    from posapp.services.selling.receipts import shift_report_layout

    acme = save(demo_node, ACME)
    sell_on_account(demo_node, acme, 9000)
    actions = till_actions(demo_node)
    before = actions.x_report().payload
    actions.take_account_payment(acme, Money(2500, "EUR"), "card", "auth 77812")
    actions.take_account_payment(acme, Money(1000, "EUR"), CASH, "")
    after = actions.x_report().payload

    assert after["account_payments"] == {"card": 2500, "cash": 1000}
    assert after["cash"]["expected"] == before["cash"]["expected"] + 1000
    assert after["by_tender"] == before["by_tender"]  # not sales: the takings are unchanged
    assert balance(demo_node, acme) == 9000 - 3500
    printed = "\n".join(line.text for line in shift_report_layout(actions.x_report()).lines)
    assert "On account, card" in printed
    assert "25.00" in printed
