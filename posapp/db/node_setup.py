"""First start of a node: the store, its sales floor, this terminal, tax classes and settings.

Settings are JSON values in the `settings` table, read once at start-up by bootstrap."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, insert, literal, select, update

from posapp.db.engine import write_connection
from posapp.db.store import StoreError
from posapp.db.tables import (
    cash_movements,
    locations,
    price_list_items,
    products,
    receivable_entries,
    sales,
    settings,
    shifts,
    stores,
    tax_classes,
    tax_rates,
    terminals,
    users,
)
from posapp.db.users_repository import role_permissions
from posapp.domain.currency import minor_unit_exponent
from posapp.domain.payment import CashRounding
from posapp.domain.scan_codes import WeightRule
from posapp.domain.stock import location_id_of
from posapp.domain.tax import PriceMode, TaxRate, TaxRounding
from posapp.services.shared import TillContext

# Cash and card always; other kinds (voucher, gift card, cheque) are added per shop in settings.
DEFAULT_TENDERS = ("cash", "card", "voucher")


@dataclass(frozen=True)
class NodeSettings:
    store_id: uuid.UUID
    store_code: str
    store_name: str
    terminal_code: str
    currency: str
    price_mode: str = "inclusive"
    tax_rounding: str = "per_line"
    cash_rounding_step: int = 1
    tenders: tuple[str, ...] = DEFAULT_TENDERS
    devices: dict[str, str] = field(default_factory=dict)  # printer/scanner/scale/display → URL
    weight_rules: tuple[str, ...] = ()  # scale-label patterns; empty: the defaults
    # Shop policies for the till ("till.blind_close", "till.over_short_tolerance", …): only
    # what the shop has set; TillContext holds the defaults.
    policies: dict[str, Any] = field(default_factory=dict)
    # Keyboard-wedge scanners: {"gap_ms": 50, "min_length": 6, "terminator": "enter" | "tab"}
    wedge: dict[str, Any] = field(default_factory=dict)
    receipt_header: tuple[str, ...] = ()
    receipt_footer: tuple[str, ...] | None = None  # None: the default thank-you line
    time_zone: str = "UTC"
    markup_percent: str | int | None = None  # pricing.markup_percent: cost + this % when unpriced

    @property
    def printer_url(self) -> str | None:
        return self.devices.get("printer")


DEVICE_KEY_PREFIX = "devices."

# Setting key → TillContext field, for the policies a shop may change (their types, defaults and
# ranges: posapp.domain.shop_settings).
POLICY_SETTINGS: dict[str, tuple[str, type]] = {
    "till.blind_close": ("blind_close", bool),
    "till.over_short_tolerance": ("over_short_tolerance_minor", int),
    "till.auto_lock_minutes": ("auto_lock_minutes", int),
    "till.discount_limit_percent": ("discount_limit_percent", int),
    "till.cash_out_limit": ("cash_out_limit_minor", int),
    "till.drawer_per_cashier": ("drawer_per_cashier", bool),
}


def read_settings(connection: Connection) -> dict[str, Any]:
    return {row.key: json.loads(row.value) for row in connection.execute(select(settings))}


def load_node_settings(engine: Engine) -> NodeSettings | None:
    with engine.connect() as connection:
        values = read_settings(connection)
    if "node.store_id" not in values:
        return None
    return NodeSettings(
        store_id=uuid.UUID(values["node.store_id"]),
        store_code=values["node.store_code"],
        store_name=values["node.store_name"],
        terminal_code=values["node.terminal_code"],
        currency=values["store.currency"],
        price_mode=values.get("pricing.price_mode", "inclusive"),
        tax_rounding=values.get("pricing.tax_rounding", "per_line"),
        cash_rounding_step=values.get("pricing.cash_rounding_step", 1),
        tenders=tuple(values.get("till.tenders", DEFAULT_TENDERS)),
        devices={
            key.removeprefix(DEVICE_KEY_PREFIX): url
            for key, url in values.items()
            if key.startswith(DEVICE_KEY_PREFIX) and url
        },
        weight_rules=tuple(values.get("barcodes.weight_rules", ())),
        wedge=dict(values.get("scanner.wedge", {})),
        policies={
            field_name: values[key]
            for key, (field_name, _kind) in POLICY_SETTINGS.items()
            if key in values
        },
        receipt_header=tuple(values.get("receipt.header", ())),
        receipt_footer=(tuple(values["receipt.footer"]) if "receipt.footer" in values else None),
        time_zone=values.get("store.time_zone", "UTC"),
        markup_percent=values.get("pricing.markup_percent"),
    )


def put_setting(connection: Connection, key: str, value: object, at: datetime) -> None:
    connection.execute(insert(settings).values(key=key, value=json.dumps(value), updated_at=at))


def save_setting(engine: Engine, key: str, value: object, *, now: datetime) -> None:
    """Set one setting (JSON value), replacing what was there: for this node's own settings
    (its devices); shop settings go through a unit of work, with their journal and outbox."""
    with write_connection(engine) as connection, connection.begin():
        SqlAlchemySettings(connection).put(key, value, now)


class SqlAlchemySettings:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def put(self, key: str, value: object, at: datetime) -> None:
        self._connection.execute(settings.delete().where(settings.c.key == key))
        put_setting(self._connection, key, value, at)

    def stored(self) -> dict[str, object]:
        return read_settings(self._connection)


# What a store holds in its currency. Nothing is ever converted, so once any of these exists the
# currency stays what it was.
_PRICED = (
    ("sales or returns", sales),
    ("shifts", shifts),
    ("cash movements", cash_movements),
    ("customer account entries", receivable_entries),
    ("products with prices", products),
    ("price lists", price_list_items),
)


def change_currency(engine: Engine, currency: str, *, now: datetime) -> None:
    """The store's currency, while the store holds nothing priced (StoreError naming what)."""
    minor_unit_exponent(currency)  # UnknownCurrency names it
    with write_connection(engine) as connection, connection.begin():
        values = read_settings(connection)
        for label, table in _PRICED:
            if connection.execute(select(literal(1)).select_from(table).limit(1)).first():
                raise StoreError(
                    f"the currency stays {values['store.currency']}: the store already holds "
                    f"{label} in it, and amounts are never converted"
                )
        connection.execute(
            update(stores)
            .where(stores.c.id == uuid.UUID(values["node.store_id"]))
            .values(currency=currency, updated_at=now)
        )
        SqlAlchemySettings(connection).put("store.currency", currency, now)


def load_till_context(engine: Engine, node: NodeSettings) -> TillContext:
    """Everything a till needs to sell, read once at start-up."""
    with engine.connect() as connection:
        location_id = connection.execute(
            select(locations.c.id).where(
                locations.c.store_id == node.store_id, locations.c.code == "FLOOR"
            )
        ).scalar_one()
        # Who the till starts as before anyone signs in: the first administrator. A till whose
        # users have PINs opens locked, so this only names the user of tools without a screen.
        cashier = connection.execute(
            select(users.c.id, users.c.display_name, users.c.role)
            .where(users.c.role == "administrator", users.c.archived_at.is_(None))
            .order_by(users.c.created_at, users.c.id)
            .limit(1)
        ).one()
        permissions = role_permissions(connection, cashier.role)
        rates: dict[str, list[TaxRate]] = {}
        for row in connection.execute(
            select(tax_classes.c.code, tax_rates.c.code.label("rate"), tax_rates.c.rate_ppm)
            .join(tax_rates, tax_rates.c.tax_class_id == tax_classes.c.id)
            .order_by(tax_classes.c.code, tax_rates.c.code)
        ):
            rates.setdefault(row.code, []).append(TaxRate(row.rate, row.rate_ppm))
    return TillContext(
        store_id=node.store_id,
        store_code=node.store_code,
        store_name=node.store_name,
        terminal_code=node.terminal_code,
        location_id=location_id,
        cashier_id=cashier.id,
        cashier_name=cashier.display_name,
        currency=node.currency,
        price_mode=PriceMode(node.price_mode),
        tax_rounding=TaxRounding(node.tax_rounding),
        cash_rounding=CashRounding(node.cash_rounding_step),
        tax_rates={code: tuple(found) for code, found in rates.items()},
        tender_kinds=node.tenders,
        cashier_permissions=permissions,
        **_shop_settings(node),
    )


def _shop_settings(node: NodeSettings) -> dict[str, Any]:
    """Only what the shop has set: everything else keeps TillContext's defaults."""
    chosen: dict[str, Any] = {
        "receipt_header": node.receipt_header,
        "time_zone": node.time_zone,
        **node.policies,
    }
    if node.weight_rules:
        chosen["weight_rules"] = tuple(WeightRule(pattern) for pattern in node.weight_rules)
    if node.receipt_footer is not None:
        chosen["receipt_footer"] = node.receipt_footer
    if node.markup_percent is not None:
        chosen["markup_percent"] = Decimal(str(node.markup_percent))
    return chosen


def has_documents(engine: Engine) -> bool:
    with engine.connect() as connection:
        return connection.execute(select(sales.c.id).limit(1)).first() is not None


def rename_node(engine: Engine, *, store_code: str, terminal_code: str, now: datetime) -> None:
    """Become till `terminal_code` of store `store_code` (enrolment decides). Only for a node
    without documents: their numbers carry the old codes."""
    with write_connection(engine) as connection, connection.begin():
        values = read_settings(connection)
        store_id = uuid.UUID(values["node.store_id"])
        connection.execute(
            update(stores).where(stores.c.id == store_id).values(code=store_code, updated_at=now)
        )
        if values["node.store_code"] != store_code:
            # Becoming another store: its locations take that store's ids (every node of a
            # store names a location by the same id; head office keeps each to its store).
            for location_id, code in connection.execute(
                select(locations.c.id, locations.c.code).where(locations.c.store_id == store_id)
            ).all():
                connection.execute(
                    update(locations)
                    .where(locations.c.id == location_id)
                    .values(id=location_id_of(store_code, code))
                )
        connection.execute(
            update(terminals)
            .where(
                terminals.c.store_id == store_id, terminals.c.code == values["node.terminal_code"]
            )
            .values(code=terminal_code, updated_at=now)
        )
        for key, value in (("node.store_code", store_code), ("node.terminal_code", terminal_code)):
            connection.execute(settings.delete().where(settings.c.key == key))
            put_setting(connection, key, value, now)
