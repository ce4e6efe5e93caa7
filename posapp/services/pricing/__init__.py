"""Pricing: price lists (per customer group or store) and promotions, edited in the back office."""

from posapp.domain.pricing import PriceListDraft
from posapp.services.pricing.price_list_admin import save_price_list
from posapp.services.pricing.promotion_admin import promotion_fields, save_promotion

__all__ = ["PriceListDraft", "promotion_fields", "save_price_list", "save_promotion"]
