"""What the `posapp stock` commands read from their words: a document's header from its
options, its lines from SKU=QUANTITY[@COST] words."""

from __future__ import annotations

import argparse

from posapp import bootstrap
from posapp.services import stock
from posapp.services.shared import FieldError


def header_from(node: bootstrap.node.Node, args: argparse.Namespace) -> stock.DraftHeader:
    """A document's header from the options its command has (supplier, reason, reference,
    location, date)."""
    fields = ("supplier", "reason", "reference", "location", "date", "to", "to_store")
    return bootstrap.stock.header_of(
        node, {name: str(getattr(args, name, None) or "") for name in fields}
    )


def lines_from(node: bootstrap.node.Node, typed: list[str]) -> list[stock.DraftLine]:
    """`CODE=QUANTITY[@COST]` each; the code a SKU or a barcode, the quantity in the product's
    unit (a case barcode names the product, not twelve of it)."""
    admin, rows = bootstrap.stock.stock_admin(node), []
    for line in typed:
        code, _, rest = line.partition("=")
        quantity, _, cost = rest.partition("@")
        if not code or not quantity:
            raise FieldError("line", line, "is SKU=QUANTITY or SKU=QUANTITY@COST")
        found = admin.identify(code)
        rows.append({**found, "quantity": quantity, "cost": cost})
    return stock.read_lines(rows, node.settings.currency)
