"""Master data as it travels between nodes and head office: one JSON record per product,
role, user or shop setting, and applying such a record to this node's tables.

A product names its tax class by code (each node has its own tax class ids). Applying is an
upsert by the record's key, so receiving the same change twice, or a full refetch, leaves the
same rows. Nothing is deleted: products and users are archived, because history points at them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from posapp.db.category_paths import brand_named, category_at, category_paths
from posapp.db.customers_repository import SqlAlchemyCustomers
from posapp.db.promotions_repository import SqlAlchemyPromotions
from posapp.db.raised_orders import apply_raised_order
from posapp.db.suppliers_repository import SqlAlchemySuppliers
from posapp.db.tables import (
    barcodes,
    customers,
    price_list_items,
    price_lists,
    products,
    promotions,
    roles,
    settings,
    tax_classes,
    users,
)
from posapp.db.types import driver_connection
from posapp.domain.catalogue import product_master_record
from posapp.domain.partner_records import customer_of, promotion_of, supplier_of
from posapp.domain.shop_settings import DEFINITIONS as SHOP_SETTINGS


class RecordNotApplied(ValueError):
    """A record this node cannot take (e.g. a tax class it does not have); the change is
    skipped and reported, the rest of the page is applied."""


def product_record(connection: Connection, product_id: uuid.UUID) -> dict[str, Any]:
    return product_records(connection, [product_id])[product_id]


def product_records(
    connection: Connection, product_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The master records of many products in two queries (an import queues thousands; straight
    on the driver, as SQLAlchemy's row handling cost more than the queries)."""
    raw = driver_connection(connection)
    by_key = {product_id.hex: product_id for product_id in product_ids}
    keys = list(by_key)
    marks = ", ".join("?" * len(keys))
    codes: dict[str, list[list[Any]]] = {key: [] for key in keys}
    for product_key, code, pack in raw.execute(
        f"SELECT product_id, code, pack_qty_milli FROM barcodes WHERE product_id IN ({marks}) "
        "ORDER BY code",
        keys,
    ):
        codes[product_key].append([code, pack])
    found = {}
    paths = category_paths(raw)
    for (
        key,
        sku,
        name,
        unit,
        weighed,
        tax_class,
        state,
        cost,
        price,
        currency,
        group,
        brand,
    ) in raw.execute(
        "SELECT p.id, p.sku, p.name, p.unit, p.weighed, t.code, p.state, p.cost_minor, "
        "p.price_minor, p.currency, p.category_id, b.name FROM products p "
        "JOIN tax_classes t ON t.id = p.tax_class_id LEFT JOIN brands b ON b.id = p.brand_id "
        f"WHERE p.id IN ({marks})",
        keys,
    ):
        product_id = by_key[key]
        found[product_id] = product_master_record(
            product_id,
            sku=sku,
            name=name,
            unit=unit,
            weighed=bool(weighed),
            tax_class=tax_class,
            state=state,
            cost_minor=cost,
            price_minor=price,
            currency=currency,
            barcodes=[(code, pack) for code, pack in codes[key]],
            category=paths.get(group, []),
            brand=brand or "",
        )
    return found


def apply_record(
    connection: Connection, entity: str, key: str, record: dict[str, Any] | None, at: datetime
) -> None:
    apply = _APPLY.get(entity)
    if apply is None:
        raise RecordNotApplied(f"unknown master data {entity!r}")
    apply(connection, key, record, at)


def _apply_product(
    connection: Connection, key: str, record: dict[str, Any] | None, at: datetime
) -> None:
    product_id = uuid.UUID(key)
    if record is None:  # deleted at head office: archived here, history keeps pointing at it
        connection.execute(
            update(products)
            .where(products.c.id == product_id)
            .values(state="ARCHIVED", archived_at=at, updated_at=at)
        )
        return
    tax_class_id = connection.execute(
        select(tax_classes.c.id).where(tax_classes.c.code == record["tax_class"])
    ).scalar()
    if tax_class_id is None:
        raise RecordNotApplied(
            f"product {record['sku']}: this node has no tax class {record['tax_class']!r}"
        )
    _archive_local_twin(connection, product_id, record["sku"], at)
    values = {
        "sku": record["sku"],
        "name": record["name"],
        "unit": record["unit"],
        "weighed": bool(record["weighed"]),
        "tax_class_id": tax_class_id,
        "state": record["state"],
        "cost_minor": record["cost"],
        "price_minor": record["price"],
        "currency": record["currency"],
        "archived_at": at if record["state"] == "ARCHIVED" else None,
        "updated_at": at,
    }
    # None: the record does not say (made before contract 6); the product keeps what it has.
    if record.get("category") is not None:
        values["category_id"] = category_at(connection, record["category"], at)
    if record.get("brand") is not None:
        values["brand_id"] = brand_named(connection, record["brand"], at)
    changed = connection.execute(
        update(products).where(products.c.id == product_id).values(**values)
    ).rowcount
    if not changed:
        connection.execute(insert(products).values(id=product_id, created_at=at, **values))
    _replace_barcodes(connection, product_id, record["barcodes"], at)


def _archive_local_twin(
    connection: Connection, product_id: uuid.UUID, sku: str, at: datetime
) -> None:
    """The same SKU under another id is a product this node made before it joined the chain.
    Head office's wins the SKU; the local one is archived under a marked SKU, its history kept."""
    clash = connection.execute(
        select(products.c.local_id).where(products.c.sku == sku, products.c.id != product_id)
    ).scalar()
    if clash is not None:
        connection.execute(
            update(products)
            .where(products.c.local_id == clash)
            .values(sku=f"{sku}~{clash}", state="ARCHIVED", archived_at=at, updated_at=at)
        )


def _replace_barcodes(
    connection: Connection, product_id: uuid.UUID, codes: list[Any], at: datetime
) -> None:
    """The product's barcodes become exactly `codes` ([code, pack quantity in thousandths]); a
    code another product had moves to this one."""
    wanted = {str(code): int(pack) for code, pack in codes}
    connection.execute(
        delete(barcodes).where(
            barcodes.c.product_id == product_id, barcodes.c.code.not_in(list(wanted))
        )
    )
    for code, pack in wanted.items():
        moved = connection.execute(
            update(barcodes)
            .where(barcodes.c.code == code)
            .values(product_id=product_id, pack_qty_milli=pack)
        ).rowcount
        if not moved:
            connection.execute(
                insert(barcodes).values(
                    code=code, product_id=product_id, pack_qty_milli=pack, created_at=at
                )
            )


def _apply_role(
    connection: Connection, key: str, record: dict[str, Any] | None, at: datetime
) -> None:
    if record is None:
        return  # users may still hold it; a role is retired by taking its permissions away
    values = {
        "name": record["name"],
        "permissions": json.dumps(sorted(record["permissions"])),
        "updated_at": at,
    }
    if not connection.execute(update(roles).where(roles.c.code == key).values(**values)).rowcount:
        connection.execute(insert(roles).values(code=key, created_at=at, **values))


def _apply_user(
    connection: Connection, key: str, record: dict[str, Any] | None, at: datetime
) -> None:
    user_id = uuid.UUID(key)
    if record is None:
        connection.execute(update(users).where(users.c.id == user_id).values(archived_at=at))
        return
    role, archived = record["role"], bool(record.get("archived"))
    grants = record.get("grants")
    if grants is not None:
        # Roles are granted per store: the role here is this store's grant, else a chain-wide
        # one; a user with neither may not sign in here (kept archived, history points at them).
        store = connection.execute(
            select(settings.c.value).where(settings.c.key == "node.store_code")
        ).scalar()
        here = grants.get(json.loads(store) if store else "") or grants.get("*")
        role, archived = (here, archived) if here else (role, True)
    # The same username under another id: a person this node made before it joined the chain.
    # Head office's wins the name; the local one is archived under a marked name, history kept.
    clash = connection.execute(
        select(users.c.id).where(users.c.username == record["username"], users.c.id != user_id)
    ).scalar()
    if clash is not None:
        connection.execute(
            update(users)
            .where(users.c.id == clash)
            .values(username=f"{record['username']}~{clash.hex[:8]}", archived_at=at, updated_at=at)
        )
    values = {
        "username": record["username"],
        "display_name": record["display_name"],
        "role": role,
        "pin_hash": record.get("pin_hash"),
        "password_hash": record.get("password_hash"),
        "archived_at": at if archived else None,
        "updated_at": at,
    }
    if not connection.execute(update(users).where(users.c.id == user_id).values(**values)).rowcount:
        connection.execute(insert(users).values(id=user_id, created_at=at, **values))


def _apply_setting(
    connection: Connection, key: str, record: dict[str, Any] | None, at: datetime
) -> None:
    # Only the shop-wide settings travel; a till's own (its devices, its identity) never do.
    if key not in SHOP_SETTINGS:
        raise RecordNotApplied(f"setting {key!r} is not one head office may set")
    if record is None:
        connection.execute(delete(settings).where(settings.c.key == key))
        return
    value = json.dumps(record["value"])
    if not connection.execute(
        update(settings).where(settings.c.key == key).values(value=value, updated_at=at)
    ).rowcount:
        connection.execute(insert(settings).values(key=key, value=value, updated_at=at))


def _apply_customer(
    connection: Connection, key: str, record: dict[str, Any] | None, at: datetime
) -> None:
    if record is None:
        return  # customers are archived by an edit, never deleted
    SqlAlchemyCustomers(connection).save(uuid.UUID(key), customer_of(record), at)
    archived = at if record.get("archived") else None
    connection.execute(
        update(customers).where(customers.c.id == uuid.UUID(key)).values(archived_at=archived)
    )


def _apply_price_list(
    connection: Connection, key: str, record: dict[str, Any] | None, at: datetime
) -> None:
    list_id = uuid.UUID(key)
    if record is None:
        connection.execute(
            update(price_lists).where(price_lists.c.id == list_id).values(archived_at=at)
        )
        return
    skus = [sku for sku, _, _ in record["items"]]
    found = connection.execute(
        select(products.c.sku, products.c.id).where(products.c.sku.in_(skus))
    )
    ids = {sku: product_id for sku, product_id in found}
    values = {
        "code": record["code"],
        "name": record["name"],
        "kind": record["kind"],
        "price_group": record["price_group"],
        "store_code": record["store_code"],
        "tax_inclusive": bool(record["tax_inclusive"]),
        "holds_at_volume": bool(record.get("holds_at_volume", False)),  # absent before 0015
        "valid_from": record["valid_from"] and date.fromisoformat(record["valid_from"]),
        "valid_to": record["valid_to"] and date.fromisoformat(record["valid_to"]),
        "updated_at": at,
    }
    if not connection.execute(
        update(price_lists).where(price_lists.c.id == list_id).values(**values)
    ).rowcount:
        connection.execute(insert(price_lists).values(id=list_id, created_at=at, **values))
    connection.execute(delete(price_list_items).where(price_list_items.c.price_list_id == list_id))
    # A product this node does not have yet arrives with its own change; its price comes then.
    rows = [
        {
            "price_list_id": list_id,
            "product_id": ids[sku],
            "min_qty_milli": qty,
            "price_minor": price,
        }
        for sku, qty, price in record["items"]
        if sku in ids
    ]
    if rows:
        connection.execute(insert(price_list_items), rows)


def _apply_supplier(
    connection: Connection, key: str, record: dict[str, Any] | None, at: datetime
) -> None:
    if record is None:
        return  # suppliers are archived by an edit, never deleted: purchase orders name them
    skus = [item[0] for item in record["products"]]
    found = connection.execute(
        select(products.c.sku, products.c.id).where(products.c.sku.in_(skus))
    )
    ids = {sku: product_id for sku, product_id in found}
    SqlAlchemySuppliers(connection).save(uuid.UUID(key), supplier_of(record), ids, at)


def _apply_promotion(
    connection: Connection, key: str, record: dict[str, Any] | None, at: datetime
) -> None:
    if record is None:
        connection.execute(
            update(promotions).where(promotions.c.id == uuid.UUID(key)).values(archived_at=at)
        )
        return
    SqlAlchemyPromotions(connection).save(uuid.UUID(key), promotion_of(record), at)


_APPLY = {
    "product": _apply_product,
    "role": _apply_role,
    "user": _apply_user,
    "setting": _apply_setting,
    "customer": _apply_customer,
    "price_list": _apply_price_list,
    "supplier": _apply_supplier,
    "promotion": _apply_promotion,
    "purchase_order": apply_raised_order,
}
