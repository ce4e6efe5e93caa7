"""`posapp cost`: cost what is waiting (a shop without head office), the value of the stock as
of a day, and why a sale's lines cost what they did."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from posapp import bootstrap
from posapp.cli.people_commands import open_as
from posapp.domain.money import Money
from posapp.domain.quantity import Quantity
from posapp.services import costing
from posapp.services.shared import FieldError


def add_cost_commands(commands: Any, actions: Any) -> None:
    cost = actions(commands, "cost", "cost of goods and the value of stock", "cost_command")
    cost.add_parser("run", help="cost every movement waiting (late ones from where they belong)")
    value = cost.add_parser("value", help="stock and its value per product and location")
    value.add_argument("--as-of", default=None, help="YYYY-MM-DD (default: today)")
    why = cost.add_parser("why", help="what a sale's lines cost, and the goods they took")
    why.add_argument("number", help="the sale's number (S01-T01-…)")
    close = cost.add_parser("close", help="close the costing period through a day (--as)")
    close.add_argument("--through", required=True, help="the period's last day, YYYY-MM-DD")
    landed = cost.add_parser("landed", help="freight, duty… added to a goods receipt (--as)")
    landed.add_argument("receipt", help="the goods receipt's number (GR-…)")
    landed.add_argument("amount", help="what was paid, e.g. 16.00")
    landed.add_argument("--description", default="Freight", help="what it was (default Freight)")
    landed.add_argument(
        "--basis", default="value", help="spread by value (default), quantity or weight"
    )


def cost_command(data_dir: Path, args: argparse.Namespace) -> int:
    node = open_as(data_dir, args)
    try:
        return _ACTIONS[args.cost_command](node, args)
    finally:
        node.close()


def _run(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    done = bootstrap.costing.run(node)
    print(f"costed {done.movements:,} movement(s) of {done.products:,} product(s)")
    return 0


def _value(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    as_of = node.clock.now().date() if args.as_of is None else _day(args.as_of)
    bootstrap.costing.run(node)  # what the tills sold since the last run counts too
    currency = node.settings.currency
    total = 0
    for row in bootstrap.costing.value(node, as_of):
        total += row.value_minor
        print(
            f"{row.sku:<16} {row.name[:36]:<36} {row.location:<10} "
            f"{Quantity.from_thousandths(row.quantity_milli)!s:>12} "
            f"{Money(row.value_minor, currency)!s:>14}"
        )
    print(f"stock value at the end of {as_of.isoformat()}: {Money(total, currency)}")
    return 0


def _why(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    bootstrap.costing.run(node)
    lines = bootstrap.costing.why(node, args.number)
    if not lines:
        raise FieldError("number", args.number, "is not a sale of this store")
    currency = node.settings.currency
    for line in lines:
        cost = "not costed" if line.cost_minor is None else str(Money(line.cost_minor, currency))
        sold = Quantity.from_thousandths(-line.quantity_milli)
        print(f"{line.sku}: {sold} cost {cost}, sold for {Money(line.net_minor, currency)}")
        for part in line.taken:
            quantity = Quantity.from_thousandths(part.quantity_milli)
            worth = Money(part.value_minor, currency)
            print(f"    {quantity!s:>10} at {worth!s:>12}  {part.source}")
    print(_profit(lines, currency))
    return 0


def _profit(lines: list[costing.CostedLine], currency: str) -> str:
    profit = costing.document_profit(lines)
    if profit.uncosted:
        return "profit: not known until every line is costed"
    margin = profit.margin_percent
    shown = "" if margin is None else f" ({margin} % of the net)"
    return f"profit {Money(profit.profit_minor, currency)}{shown}"


def _close(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    closed = bootstrap.costing.close_period(node, _day(args.through, "through"))
    value = Money(closed.value_minor, node.settings.currency)
    print(
        f"closed through {closed.through.isoformat()}: {closed.products:,} product(s), "
        f"stock worth {value} at its end"
    )
    return 0


def _landed(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    currency = node.settings.currency
    try:
        amount = Money.parse(args.amount, currency)
    except ValueError as error:
        raise FieldError("amount", args.amount, str(error)) from None
    added = bootstrap.costing.add_landed_cost(
        node, args.receipt, args.description, amount.minor, args.basis
    )
    for sku, part in added.shares:
        print(f"{sku:<16} {Money(part, currency)!s:>14}")
    charged = Money(added.charged_minor, currency)
    print(f"{added.receipt}: {Money(added.amount_minor, currency)} added, {charged} in all")
    return 0


def _day(typed: str, field: str = "as-of") -> date:
    try:
        return date.fromisoformat(typed)
    except ValueError:
        raise FieldError(field, typed, "is not a day as YYYY-MM-DD") from None


_ACTIONS = {"run": _run, "value": _value, "why": _why, "landed": _landed, "close": _close}
