"""Setting up a new shop from the command line, and refusing a shop without credentials."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from posapp.bootstrap.demo import load_demo_catalogue
from posapp.bootstrap.node import open_node, till_actions
from posapp.bootstrap.people import administrators_without_credentials, back_office_sign_in
from posapp.bootstrap.shop import change_currency, change_setting
from posapp.db.node_setup import load_node_settings
from posapp.db.store import StoreError
from posapp.domain.money import Money
from posapp.domain.quantity import Quantity
from posapp.domain.shop_settings import SettingRefused
from posapp.services.catalogue.lookup import register_product, scan_barcode
from posapp.services.shared import NewProduct


def init(data_dir: Path, *options: str, secrets: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posapp", "--data-dir", str(data_dir), "init", *options],
        input=secrets,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


GOOD = (
    "--shop-name",
    "Corner Shop",
    "--currency",
    "GBP",
    "--time-zone",
    "Europe/London",
    "--address",
    "1 High Street",
    "--address",
    "Oxford OX1 1AA",
    "--tax-number",
    "GB123456789",
    "--standard-rate",
    "20",
    "--reduced-rate",
    "5",
    "--receipt-header",
    "Open every day",
    "--admin-username",
    "Owner",
    "--admin-name",
    "Olive Owner",
)


def test_init_sets_up_the_shop_and_an_administrator_with_password_and_pin(tmp_path: Path) -> None:
    data_dir = tmp_path / "shop"
    result = init(data_dir, *GOOD, secrets="correct horse\n4826\n")
    assert result.returncode == 0, result.stderr
    assert "Corner Shop is set up" in result.stdout
    assert "correct horse" not in result.stdout + result.stderr

    node = open_node(data_dir, create=False)
    try:
        settings = load_node_settings(node.store.engine)
        assert settings is not None
        assert (settings.store_name, settings.currency) == ("Corner Shop", "GBP")
        assert settings.receipt_header == ("Open every day",)
        with node.store.engine.connect() as connection:
            stored = dict(connection.execute(text("SELECT key, value FROM settings")).all())
            rates = dict(connection.execute(text("SELECT code, rate_ppm FROM tax_rates")).all())
        assert stored["store.time_zone"] == '"Europe/London"'
        assert stored["store.tax_number"] == '"GB123456789"'
        assert rates == {"VAT20": 200_000, "VAT5": 50_000, "VAT0": 0}
        assert administrators_without_credentials(node) == []
        user = back_office_sign_in(node)("owner", "correct horse")
        assert user.display_name == "Olive Owner"
        assert node.till.cashier_name == "Olive Owner"
        actions = till_actions(node)
        assert actions.sign_in_required()  # the till opens locked: who is selling?
        assert actions.sign_in("4826").till.cashier_name == "Olive Owner"
    finally:
        node.close()

    again = init(data_dir, *GOOD, secrets="correct horse\n4826\n")
    assert again.returncode == 1
    assert "already holds a store" in again.stderr


def test_init_names_every_bad_answer_and_writes_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "shop"
    result = init(
        data_dir,
        "--shop-name",
        "Bad\x01Shop",
        "--currency",
        "XXX",
        "--time-zone",
        "Mars/Olympus",
        "--standard-rate",
        "twenty",
        "--admin-name",
        "Olive",
        secrets="short\n12\n",
    )
    assert result.returncode == 1
    for says in (
        "shop name",
        "currency 'XXX'",
        "time zone 'Mars/Olympus'",
        "standard tax rate 'twenty'",
        "at least 8 characters",
        "4 to 8 digits",
    ):
        assert says in result.stderr, (says, result.stderr)
    assert "Traceback" not in result.stderr
    assert not (data_dir / "posapp.sqlite3").exists()


def test_a_store_made_without_setup_has_an_administrator_to_secure(tmp_path: Path) -> None:
    node = open_node(tmp_path / "old", create=True)
    try:
        assert [u.username for u in administrators_without_credentials(node)] == ["admin"]
    finally:
        node.close()


def test_currency_changes_only_while_nothing_is_priced_in_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "shop"
    assert init(data_dir, *GOOD, secrets="correct horse\n4826\n").returncode == 0
    node = open_node(data_dir, create=False)
    try:
        change_currency(node, "eur")
        assert load_node_settings(node.store.engine).currency == "EUR"  # type: ignore[union-attr]
        load_demo_catalogue(node, products=20, seed=3, progress=lambda done, total: None)
        with pytest.raises(StoreError, match=r"the currency stays EUR: .* products with prices"):
            change_currency(node, "USD")
        assert load_node_settings(node.store.engine).currency == "EUR"  # type: ignore[union-attr]
    finally:
        node.close()


def test_the_markup_setting_prices_a_product_that_has_only_a_cost(tmp_path: Path) -> None:
    """Issue 18 item 20: cost + markup existed in the domain but could not be set."""
    node = open_node(tmp_path / "shop", create=True)
    try:
        with pytest.raises(SettingRefused, match="percentage from 0 to 1000"):  # by the use case
            change_setting(node, "pricing.markup_percent", "5000")
        change_setting(node, "pricing.markup_percent", '"35"')
        register_product(
            node.unit_of_work(),
            product=NewProduct(
                sku="UNPRICED",
                name="Loose screws",
                price=Money(0, "EUR"),
                tax_class_code="STD",
                cost=Money(200, "EUR"),
            ),
            clock=node.clock,
            new_id=node.new_id,
        )
    finally:
        node.close()
    reopened = open_node(tmp_path / "shop", create=False)  # settings apply from the next start
    try:
        assert reopened.till.markup_percent == 35
        found = scan_barcode(reopened.catalogue, code="UNPRICED")
        item = reopened.till.sellable(found.product)
        basket = reopened.till.new_basket().add(item, Quantity.of(1), line_id=uuid.uuid4())
        assert basket.totals().total == Money(270, "EUR")  # 2.00 + 35 %
    finally:
        reopened.close()
