"""A node's first start: its store, selling location, first terminal, administrator, tax classes
and first settings, written in one transaction so that a node is either whole or not there."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Engine, insert

from posapp.db.engine import write_connection
from posapp.db.node_setup import DEFAULT_TENDERS, NodeSettings, load_node_settings, put_setting
from posapp.db.tables import locations, stores, tax_classes, tax_rates, terminals, users
from posapp.db.users_repository import ensure_roles
from posapp.domain.shop_setup import ShopAnswers, rate_ppm
from posapp.domain.stock import location_id_of
from posapp.services.people import HashedAdministrator

# (code, name) — a common European layout; the standard and reduced rates are setup answers.
DEFAULT_TAX_CLASSES = (
    ("STD", "Standard rate"),
    ("RED", "Reduced rate (food, books)"),
    ("ZERO", "Zero rate"),
)


def ensure_node(
    engine: Engine,
    *,
    now: datetime,
    new_id: Callable[[], uuid.UUID],
    store_code: str = "S01",
    terminal_code: str = "T01",
    shop: ShopAnswers | None = None,
    administrator: HashedAdministrator | None = None,
) -> NodeSettings:
    """The node's settings, creating store, location, terminal, tax classes on the first start.

    A shop set up by a person comes with its answers and its administrator. Without them (tests,
    demo and tool commands on a new directory) the store gets defaults and an administrator with
    neither password nor PIN, who must be given both before the till or back office opens."""
    with write_connection(engine) as connection, connection.begin():
        ensure_roles(connection, now=now)  # on every start: stores made before roles get them
    existing = load_node_settings(engine)
    if existing is not None:
        return existing
    shop = shop or ShopAnswers(shop_name="My Shop", currency="EUR", time_zone="UTC")
    stamps = {"created_at": now, "updated_at": now}
    store_id = new_id()
    with write_connection(engine) as connection, connection.begin():
        _insert_store(
            connection, store_id, store_code, terminal_code, shop, stamps=stamps, new_id=new_id
        )
        _insert_administrator(connection, administrator, stamps=stamps, new_id=new_id)
        _insert_tax_classes(connection, shop, stamps=stamps, new_id=new_id)
        for key, value in _first_settings(store_id, store_code, terminal_code, shop).items():
            put_setting(connection, key, value, now)
    settings_now = load_node_settings(engine)
    assert settings_now is not None
    return settings_now


def _insert_store(
    connection: Connection,
    store_id: uuid.UUID,
    store_code: str,
    terminal_code: str,
    shop: ShopAnswers,
    *,
    stamps: dict[str, datetime],
    new_id: Callable[[], uuid.UUID],
) -> None:
    """The store with its selling location and its first terminal."""
    connection.execute(
        insert(stores).values(
            id=store_id,
            code=store_code,
            name=shop.shop_name.strip(),
            currency=shop.currency,
            **stamps,
        )
    )
    connection.execute(
        insert(locations).values(
            id=location_id_of(store_code, "FLOOR"),
            store_id=store_id,
            code="FLOOR",
            name="Sales floor",
            **stamps,
        )
    )
    connection.execute(
        insert(terminals).values(
            id=new_id(), store_id=store_id, code=terminal_code, name="Till 1", **stamps
        )
    )


def _insert_administrator(
    connection: Connection,
    administrator: HashedAdministrator | None,
    *,
    stamps: dict[str, datetime],
    new_id: Callable[[], uuid.UUID],
) -> None:
    """The first administrator: the person who set the shop up, or one with neither password nor
    PIN who must be given both before the till or back office opens."""
    connection.execute(
        insert(users).values(
            id=new_id(),
            username=administrator.username if administrator else "admin",
            display_name=administrator.display_name if administrator else "Administrator",
            pin_hash=administrator.pin_hash if administrator else None,
            password_hash=administrator.password_hash if administrator else None,
            role="administrator",
            **stamps,
        )
    )


def _insert_tax_classes(
    connection: Connection,
    shop: ShopAnswers,
    *,
    stamps: dict[str, datetime],
    new_id: Callable[[], uuid.UUID],
) -> None:
    """The standard, reduced and zero classes, each with the one rate the shop answered."""
    rates = {
        "STD": rate_ppm(shop.standard_rate_percent),
        "RED": rate_ppm(shop.reduced_rate_percent),
        "ZERO": 0,
    }
    for class_code, class_name in DEFAULT_TAX_CLASSES:
        class_id = new_id()
        connection.execute(
            insert(tax_classes).values(id=class_id, code=class_code, name=class_name, **stamps)
        )
        ppm = rates[class_code]
        percent = f"{ppm / 10_000:g}"
        connection.execute(
            insert(tax_rates).values(
                id=new_id(),
                tax_class_id=class_id,
                code=f"VAT{percent}",
                name=f"VAT {percent} %",
                rate_ppm=ppm,
                **stamps,
            )
        )


def _first_settings(
    store_id: uuid.UUID, store_code: str, terminal_code: str, shop: ShopAnswers
) -> dict[str, object]:
    return {
        "node.store_id": str(store_id),
        "node.store_code": store_code,
        "node.store_name": shop.shop_name.strip(),
        "node.terminal_code": terminal_code,
        "store.currency": shop.currency,
        "pricing.price_mode": "inclusive",
        "pricing.tax_rounding": "per_line",
        "pricing.cash_rounding_step": 1,
        "till.tenders": list(DEFAULT_TENDERS),
        "store.time_zone": shop.time_zone,
        "store.address": list(shop.address),
        "store.tax_number": shop.tax_number,
        "receipt.header": list(shop.receipt_header),
    }
