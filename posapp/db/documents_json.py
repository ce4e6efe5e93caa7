"""Canonical JSON for documents and parked baskets.

Canonical (sorted keys, no spaces, integers for money and quantities) so that the same document
always gives the same bytes: the journal hashes them at commit and again, rebuilt from the stored
rows, when it is verified; the outbox sends them to head office.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from posapp.db.pricing_json import (
    context_from_dict,
    context_to_dict,
    pricing_from_dict,
    pricing_to_dict,
)
from posapp.domain.basket import Basket, BasketLine, SellableItem
from posapp.domain.customers import CustomerRef
from posapp.domain.discount import Discount, DiscountKind
from posapp.domain.money import Money
from posapp.domain.quantity import Quantity
from posapp.domain.sale import SaleDocument
from posapp.domain.tax import PriceMode, TaxRate, TaxRounding


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _id(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


def _time(value: datetime) -> str:
    return value.isoformat(timespec="microseconds")


def sale_to_dict(doc: SaleDocument) -> dict[str, Any]:
    document = {
        "id": str(doc.id),
        "number": doc.number,
        "kind": doc.kind.value,
        "store_id": str(doc.store_id),
        "terminal_code": doc.terminal_code,
        "location_id": str(doc.location_id),
        "cashier_id": str(doc.cashier_id),
        "created_at": _time(doc.created_at),
        "currency": doc.currency,
        "price_mode": doc.price_mode.value,
        "subtotal": doc.subtotal.minor,
        "discount": doc.discount.minor,
        "net": doc.net.minor,
        "tax": doc.tax.minor,
        "total": doc.total.minor,
        "rounding": doc.rounding.minor,
        "original_id": _id(doc.original_id),
        "flags": list(doc.flags),
        "lines": [
            {
                "id": str(line.line_id),
                "line_no": line.line_no,
                "product_id": str(line.product_id),
                "sku": line.sku,
                "name": line.name,
                "unit": line.unit,
                "quantity_milli": line.quantity.thousandths,
                "list_price": line.list_price.minor,
                "unit_price": line.unit_price.minor,
                "line_discount": line.line_discount.minor,
                "basket_discount": line.basket_discount.minor,
                "amount": line.amount.minor,
                "net": line.net.minor,
                "tax": line.tax.minor,
                "taxes": [[code, ppm, tax.minor] for code, ppm, tax in line.taxes],
                "original_line_id": _id(line.original_line_id),
                # Only when there is one, so documents from before price notes keep their bytes
                # (and their journal hashes).
                **({"price_note": line.price_note} if line.price_note else {}),
            }
            for line in doc.lines
        ],
        "tenders": [
            {"kind": t.kind, "amount": t.amount.minor, "reference": t.reference}
            for t in doc.tenders
        ],
    }
    if doc.customer_id is not None:
        document["customer_id"] = str(doc.customer_id)
    return document


def sale_json(doc: SaleDocument) -> str:
    return canonical(sale_to_dict(doc))


# -- parked baskets ---------------------------------------------------------------------------


def _discount_to_dict(discount: Discount | None) -> dict[str, Any] | None:
    if discount is None:
        return None
    return {
        "kind": discount.kind.value,
        "percent": None if discount.percent is None else str(discount.percent),
        "amount": None if discount.amount is None else discount.amount.minor,
    }


def _discount_from_dict(data: dict[str, Any] | None, currency: str) -> Discount | None:
    if data is None:
        return None
    return Discount(
        DiscountKind(data["kind"]),
        percent=None if data["percent"] is None else Decimal(data["percent"]),
        amount=None if data["amount"] is None else Money(data["amount"], currency),
    )


def basket_json(basket: Basket) -> str:
    return canonical(
        {
            "currency": basket.currency,
            "price_mode": basket.price_mode.value,
            "tax_rounding": basket.tax_rounding.value,
            "discount": _discount_to_dict(basket.discount),
            "pricing": context_to_dict(basket.pricing),
            "customer": None
            if basket.customer is None
            else {
                "id": str(basket.customer.id),
                "code": basket.customer.code,
                "name": basket.customer.name,
                "group": basket.customer.price_group,
            },
            "lines": [
                {
                    "id": str(line.line_id),
                    "product_id": str(line.item.product_id),
                    "sku": line.item.sku,
                    "name": line.item.name,
                    "unit": line.item.unit,
                    "weighed": line.item.weighed,
                    "price": line.item.price.minor,
                    "cost": None if line.item.cost is None else line.item.cost.minor,
                    "tax_rates": [[rate.code, rate.rate_ppm] for rate in line.item.tax_rates],
                    "quantity_milli": line.quantity.thousandths,
                    "unit_price": line.unit_price.minor,
                    "discount": _discount_to_dict(line.discount),
                    "rules": pricing_to_dict(line.item.pricing),
                }
                for line in basket.lines
            ],
        }
    )


def basket_from_json(text: str) -> Basket:
    data = json.loads(text)
    currency = data["currency"]
    lines = tuple(
        BasketLine(
            line_id=uuid.UUID(line["id"]),
            item=SellableItem(
                product_id=uuid.UUID(line["product_id"]),
                sku=line["sku"],
                name=line["name"],
                unit=line["unit"],
                weighed=line["weighed"],
                price=Money(line["price"], currency),
                tax_rates=tuple(TaxRate(code, ppm) for code, ppm in line["tax_rates"]),
                cost=None if line.get("cost") is None else Money(line["cost"], currency),
                pricing=pricing_from_dict(line.get("rules")),
            ),
            quantity=Quantity.from_thousandths(line["quantity_milli"]),
            unit_price=Money(line["unit_price"], currency),
            discount=_discount_from_dict(line["discount"], currency),
        )
        for line in data["lines"]
    )
    return Basket(
        currency=currency,
        price_mode=PriceMode(data["price_mode"]),
        tax_rounding=TaxRounding(data["tax_rounding"]),
        lines=lines,
        discount=_discount_from_dict(data["discount"], currency),
        pricing=context_from_dict(data.get("pricing")),
        customer=_customer_from(data.get("customer")),
    )


def _customer_from(data: dict[str, Any] | None) -> CustomerRef | None:
    if data is None:
        return None
    return CustomerRef(uuid.UUID(data["id"]), data["code"], data["name"], data["group"])
