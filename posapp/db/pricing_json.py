"""Price rules and pricing context as JSON, for parked baskets: a basket recalled after a
restart prices exactly as it did when it was parked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from posapp.domain.pricing import (
    NO_RULES,
    ItemPricing,
    ListPrice,
    PriceListKind,
    PricingContext,
    Promotion,
    PromotionKind,
    Validity,
)


def _validity(validity: Validity) -> list[str | None]:
    return [
        validity.start.isoformat() if validity.start else None,
        validity.end.isoformat() if validity.end else None,
    ]


def _validity_from(pair: list[str | None]) -> Validity:
    start, end = pair
    return Validity(
        date.fromisoformat(start) if start else None, date.fromisoformat(end) if end else None
    )


def pricing_to_dict(pricing: ItemPricing) -> dict[str, Any] | None:
    if pricing == NO_RULES:
        return None
    return {
        "lists": [
            {
                "code": entry.list_code,
                "name": entry.list_name,
                "kind": entry.kind.value,
                "price": entry.price_minor,
                "inclusive": entry.tax_inclusive,
                "valid": _validity(entry.validity),
                "min_qty": str(entry.min_quantity),
                "group": entry.group,
                "store": entry.store,
                "holds": entry.holds_at_volume,
            }
            for entry in pricing.list_prices
        ],
        "promotions": [
            {
                "code": promotion.code,
                "name": promotion.name,
                "kind": promotion.kind.value,
                "valid": _validity(promotion.validity),
                "stores": sorted(promotion.stores),
                "percent": None if promotion.percent is None else str(promotion.percent),
                "amount": promotion.amount_minor,
                "buy": promotion.buy,
                "free": promotion.free,
                "inclusive": promotion.tax_inclusive,
                "stacks": promotion.stacks,
            }
            for promotion in pricing.promotions
        ],
        "markup": None if pricing.markup_percent is None else str(pricing.markup_percent),
    }


def pricing_from_dict(data: dict[str, Any] | None) -> ItemPricing:
    if data is None:
        return NO_RULES
    return ItemPricing(
        list_prices=tuple(
            ListPrice(
                list_code=entry["code"],
                list_name=entry["name"],
                kind=PriceListKind(entry["kind"]),
                price_minor=entry["price"],
                tax_inclusive=entry["inclusive"],
                validity=_validity_from(entry["valid"]),
                min_quantity=Decimal(entry["min_qty"]),
                group=entry["group"],
                store=entry["store"],
                holds_at_volume=entry.get("holds", False),  # absent from older caches
            )
            for entry in data["lists"]
        ),
        promotions=tuple(
            Promotion(
                code=entry["code"],
                name=entry["name"],
                kind=PromotionKind(entry["kind"]),
                validity=_validity_from(entry["valid"]),
                stores=frozenset(entry["stores"]),
                percent=None if entry["percent"] is None else Decimal(entry["percent"]),
                amount_minor=entry["amount"],
                buy=entry["buy"],
                free=entry["free"],
                tax_inclusive=entry["inclusive"],
                stacks=entry["stacks"],
            )
            for entry in data["promotions"]
        ),
        markup_percent=None if data["markup"] is None else Decimal(data["markup"]),
    )


def context_to_dict(context: PricingContext | None) -> dict[str, Any] | None:
    if context is None:
        return None
    return {"day": context.day.isoformat(), "store": context.store, "group": context.price_group}


def context_from_dict(data: dict[str, Any] | None) -> PricingContext | None:
    if data is None:
        return None
    return PricingContext(date.fromisoformat(data["day"]), data["store"], data["group"])
