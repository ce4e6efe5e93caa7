"""`posapp purchase`: the buying side from a script or a terminal — purchase requests and the
orders made from them, supplier bills matched to receipts, payments, balances and ageing, and
goods returned to their supplier. Made by a person: `--as USERNAME`."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from posapp import bootstrap
from posapp.cli.people_commands import open_as
from posapp.cli.stock_lines import lines_from
from posapp.domain.money import Money
from posapp.domain.payables import BUCKETS
from posapp.services.shared import FieldError, money_field
from posapp.services.stock import BillLineDraft, DraftHeader

_BILL_LINE = "SKU=QUANTITY@PRICE[%TAX][:RECEIPT] (e.g. 4006381333931=24@1.15%20:GR-T01-000003)"


def add_purchase_commands(commands: Any, actions: Any) -> None:
    purchase = actions(
        commands, "purchase", "requests, bills, payments, returns (as --as USERNAME)", "purchase"
    )
    asking = purchase.add_parser("request", help="ask for goods: a purchase request, submitted")
    asking.add_argument("lines", nargs="+", metavar="SKU=QUANTITY")
    asking.add_argument("--note", default=None)
    ordering = purchase.add_parser("order-requests", help="one order of approved requests")
    ordering.add_argument("numbers", nargs="+", metavar="PR-…")
    ordering.add_argument("--supplier", required=True)
    billing = purchase.add_parser("bill", help="a supplier's invoice, as a draft bill")
    billing.add_argument("--supplier", required=True)
    billing.add_argument("--invoice", required=True, help="the supplier's invoice number")
    billing.add_argument("--date", default=None, help="the invoice's date, YYYY-MM-DD")
    billing.add_argument(
        "--receipts", nargs="*", default=[], help="bill these receipts as received"
    )
    billing.add_argument("lines", nargs="*", metavar="LINE", help=_BILL_LINE)
    matching = purchase.add_parser("match", help="match a draft bill's lines to receipts")
    matching.add_argument("number", help="the bill (SB-…)")
    matching.add_argument("matches", nargs="+", metavar="LINE=RECEIPT")
    posting = purchase.add_parser("post", help="check a bill against its receipts and owe it")
    posting.add_argument("number")
    paying = purchase.add_parser("pay", help="pay a supplier from an account")
    paying.add_argument("--supplier", required=True)
    paying.add_argument("--account", required=True, help="one of purchasing.pay_from")
    paying.add_argument("--amount", required=True)
    paying.add_argument("--date", default=None, help="when it was paid, YYYY-MM-DD")
    paying.add_argument("--reference", default=None)
    paying.add_argument("bills", nargs="*", metavar="SB-…", help="none: the oldest first")
    owed = purchase.add_parser("balance", help="what a supplier is owed")
    owed.add_argument("supplier")
    aged = purchase.add_parser("ageing", help="what is owed, by how late, as of a day")
    aged.add_argument("--as-of", default=None, help="YYYY-MM-DD (default: today)")
    back = purchase.add_parser("return", help="goods sent back to their supplier")
    back.add_argument("--supplier", required=True)
    back.add_argument("--receipt", default=None, help="the receipt that brought them")
    back.add_argument("--location", default=None)
    back.add_argument("--reference", default=None)
    back.add_argument("lines", nargs="+", metavar="SKU=QUANTITY")


def purchase_command(data_dir: Any, args: argparse.Namespace) -> int:
    node = open_as(data_dir, args)
    try:
        return _ACTIONS[args.purchase](node, args)
    finally:
        node.close()


def _day(node: bootstrap.node.Node, typed: str | None, *, end: bool = False) -> datetime:
    """A day typed as YYYY-MM-DD, at noon in the store's zone (or the day's end for
    `as of`); today when none is typed."""
    zone = ZoneInfo(node.settings.time_zone)
    if not typed:
        return datetime.now(UTC)
    try:
        day = date.fromisoformat(typed)
    except ValueError:
        raise FieldError("date", typed, "is not a date (YYYY-MM-DD)") from None
    moment = time(23, 59, 59) if end else time(12)
    return datetime.combine(day, moment, zone).astimezone(UTC)


def _request(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    document = bootstrap.purchasing.request(node, lines_from(node, args.lines), args.note)
    print(f"{document.number} submitted: {len(document.lines)} line(s)")
    return 0


def _order_requests(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    order = bootstrap.purchasing.order_requests(node, args.numbers, args.supplier)
    print(f"{order.number} drafted for {args.supplier}: {len(order.lines)} line(s)")
    return 0


def _bill_lines(node: bootstrap.node.Node, typed: list[str]) -> list[BillLineDraft]:
    admin, lines = bootstrap.stock.stock_admin(node), []
    for number, word in enumerate(typed, start=1):
        code, _, rest = word.partition("=")
        rest, _, receipt = rest.partition(":")
        quantity, _, priced = rest.partition("@")
        price, _, tax = priced.partition("%")
        if not code or not quantity or not price:
            raise FieldError(f"line {number}", word, f"is {_BILL_LINE}")
        sku = admin.identify(code)["sku"]
        found = lines_from(node, [f"{sku}={quantity}"])[0]
        money = money_field(f"line {number} price", price, node.settings.currency, required=True)
        assert money is not None
        rate = None
        if tax:
            try:
                rate = round(float(tax) * 10_000)
            except ValueError:
                raise FieldError(f"line {number} tax", tax, "is a percentage") from None
        lines.append(BillLineDraft(sku, found.quantity_milli, money.minor, rate, receipt or None))
    return lines


def _bill(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    day = _day(node, args.date)
    if args.receipts:
        bill = bootstrap.purchasing.bill_receipts(
            node, args.supplier, args.invoice, day, args.receipts
        )
    else:
        lines = _bill_lines(node, args.lines)
        bill = bootstrap.purchasing.bill(node, args.supplier, args.invoice, day, lines)
    print(f"{bill.number} drafted: {len(bill.lines)} line(s) of {args.invoice}")
    return 0


def _match(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    matches = []
    for word in args.matches:
        line, _, receipt = word.partition("=")
        if not line.isdigit() or not receipt:
            raise FieldError("match", word, "is LINE=RECEIPT, e.g. 2=GR-T01-000003")
        matches.append((int(line), receipt))
    bill_id = bootstrap.stock.document_id(node, args.number)
    bootstrap.purchasing.match(node, bill_id, matches)
    print(f"{args.number}: {len(matches)} line(s) matched")
    return 0


def _post(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    posted = bootstrap.purchasing.post(node, bootstrap.stock.document_id(node, args.number))
    total = Money(posted.total_minor, node.settings.currency)
    print(f"{posted.number} posted: {total} owed, due {posted.due_at.astimezone():%Y-%m-%d}")
    if posted.costs_final_through is not None:
        print(
            f"  some goods were costed in the period closed through "
            f"{posted.costs_final_through}: the billed price does not change their cost"
        )
    return 0


def _pay(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    money = money_field("amount", args.amount, node.settings.currency, required=True)
    assert money is not None
    number = bootstrap.purchasing.pay(
        node,
        args.supplier,
        args.account,
        money.minor,
        args.bills,
        _day(node, args.date) if args.date else None,
        args.reference,
    )
    print(f"{number}: {money} paid to {args.supplier} from {args.account}")
    return 0


def _balance(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    owed = bootstrap.purchasing.balance(node, args.supplier)
    print(f"{args.supplier} is owed {Money(owed, node.settings.currency)}")
    return 0


def _ageing(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    as_of = _day(node, args.as_of, end=True)
    names = bootstrap.purchasing.supplier_names(node)
    print(
        f"{'supplier':<24}" + "".join(f"{b:>13}" for b in BUCKETS) + f"{'credit':>13}{'total':>13}"
    )
    for row in bootstrap.purchasing.ageing(node, as_of):
        amounts = [*(row.buckets[b] for b in BUCKETS), row.credit_minor, row.total_minor]
        print(
            f"{names.get(row.supplier_id, '?')[:23]:<24}"
            + "".join(f"{Money(a, node.settings.currency).amount:>13,}" for a in amounts)
        )
    return 0


def _return(node: bootstrap.node.Node, args: argparse.Namespace) -> int:
    header = DraftHeader(
        supplier_code=args.supplier, location_code=args.location, reference=args.reference
    )
    returned = bootstrap.purchasing.return_goods(
        node, header, lines_from(node, args.lines), args.receipt
    )
    print(f"{returned.number} returned to {args.supplier}: {len(returned.lines)} line(s)")
    return 0


_ACTIONS = {
    "request": _request,
    "order-requests": _order_requests,
    "bill": _bill,
    "match": _match,
    "post": _post,
    "pay": _pay,
    "balance": _balance,
    "ageing": _ageing,
    "return": _return,
}
