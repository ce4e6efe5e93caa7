"""Batches and expiry for the commands and screens of a node: what expires soon, which batches
to pick first, and writing off what has expired — on the store's own day (its time zone)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from posapp.bootstrap.node import Node
from posapp.domain.batches import Pick
from posapp.domain.stock import StockDocument
from posapp.services import stock


def store_today(node: Node) -> date:
    return node.clock.now().astimezone(ZoneInfo(node.settings.time_zone)).date()


def expiring(node: Node, days: int | None = None) -> stock.ExpiryAlert:
    return stock.expiring_soon(node.unit_of_work(), today=store_today(node), days=days)


def pick(node: Node, sku: str, location: str, quantity_milli: int) -> list[Pick]:
    return stock.pick_first_expiring(
        node.unit_of_work(),
        sku=sku,
        location=location,
        quantity_milli=quantity_milli,
        today=store_today(node),
    )


def write_off_expired(node: Node, location: str | None) -> list[StockDocument]:
    return stock.write_off_expired(
        node.unit_of_work(),
        location=location,
        today=store_today(node),
        terminal_code=node.settings.terminal_code,
        clock=node.clock,
        new_id=node.new_id,
    )
