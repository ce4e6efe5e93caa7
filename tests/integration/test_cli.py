"""The `posapp` command as an operator runs it: real processes, real files."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.printer_listener import PrinterListener


def posapp(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posapp", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, says: str) -> None:
    assert result.returncode == code, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("posapp: "), result.stderr
    assert says in lines[0]


def test_version() -> None:
    result = posapp("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("posapp 0.")


def test_unknown_command_is_one_line_and_exit_2() -> None:
    assert_one_line_error(posapp("sell-everything"), 2, "invalid choice: 'sell-everything'")


def test_bad_option_value_is_one_line() -> None:
    assert_one_line_error(posapp("demo-data", "--products", "many"), 2, "invalid int value")


def test_missing_data_directory(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir"
    assert_one_line_error(posapp("--data-dir", str(missing), "check"), 1, "does not exist")
    said = posapp("--data-dir", str(missing), "import", "products", "x.csv").stderr
    assert "posapp init" in said
    assert "opens the setup" in said
    assert not missing.exists()


def test_data_directory_that_is_a_file(tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert_one_line_error(posapp("--data-dir", str(a_file), "check"), 1, "is a file")


@pytest.mark.parametrize(
    "content",
    [os.urandom(8192), b"SQLite format 3\x00" + b"\xff" * 4080],
    ids=["random-bytes", "damaged-header"],
)
def test_corrupt_database_is_reported_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "posapp.sqlite3").write_bytes(content)
    before = hashlib.sha256(content).hexdigest()
    for command in (["check"], ["db", "upgrade"], ["demo-data", "--products", "5"]):
        result = posapp("--data-dir", str(tmp_path), *command)
        assert_one_line_error(result, 1, "damaged or not a posapp database")
    assert hashlib.sha256((tmp_path / "posapp.sqlite3").read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["posapp.sqlite3"]


def test_demo_data_then_check_then_backup(tmp_path: Path) -> None:
    data = tmp_path / "shop"
    loaded = posapp("--data-dir", str(data), "demo-data", "--products", "3000")
    assert loaded.returncode == 0, loaded.stderr
    assert "added 3,000 demo products" in loaded.stdout

    checked = posapp("--data-dir", str(data), "check")
    assert checked.returncode == 0, checked.stdout
    assert "FAIL" not in checked.stdout
    assert "checks passed" in checked.stdout

    backed_up = posapp("--data-dir", str(data), "db", "backup", "--to", str(tmp_path))
    assert backed_up.returncode == 0, backed_up.stderr
    (copy,) = tmp_path.glob("posapp-backup-*-manual.sqlite3")
    assert posapp("--data-dir", str(data), "db", "upgrade").stdout.strip().endswith("up to date")
    assert copy.stat().st_size > 100_000


def test_check_fails_with_a_report_when_something_is_wrong(tmp_path: Path) -> None:
    import sqlite3

    posapp("--data-dir", str(tmp_path), "demo-data", "--products", "50")
    with sqlite3.connect(tmp_path / "posapp.sqlite3") as connection:
        connection.execute("UPDATE products SET price_minor = 2.5 WHERE rowid = 1")
    connection.close()
    result = posapp("--data-dir", str(tmp_path), "check")
    assert result.returncode == 1
    assert "FAIL  money stored as integers" in result.stdout
    assert "checks passed" in result.stdout


def test_configure_and_test_devices(tmp_path: Path) -> None:
    data = ("--data-dir", str(tmp_path))
    posapp(*data, "demo-data", "--products", "10")
    listed = posapp(*data, "devices", "list").stdout
    assert listed == "printer: none\nscanner: none\nscale: none\ndisplay: none\n"
    printer = PrinterListener().start()
    try:
        url = f"tcp://127.0.0.1:{printer.port}?paper=58&drawer=5"
        set_ = posapp(*data, "devices", "set", "printer", url)
        assert set_.returncode == 0, set_.stderr
        listed = posapp(*data, "devices", "list").stdout
        assert listed.startswith(f"printer: {url}\n")
        tested = posapp(*data, "devices", "test", "printer")
        assert tested.returncode == 0, tested.stderr
        assert tested.stdout == f"printed a test page on {url}\n"
        (page,) = printer.wait_for_jobs(1)
        assert b"PRINTER TEST" in page
        assert b"Characters per line" in page
        assert b"12345678901234567890123456789012\n" in page  # 58 mm paper: 32 columns
    finally:
        printer.stop()
    assert_one_line_error(posapp(*data, "devices", "set", "printer", "lpt1"), 1, "use tcp://")
    assert_one_line_error(
        posapp(*data, "devices", "set", "scale", "serial:///dev/ttyS0?protocol=acme"),
        1,
        "protocol must be one of",
    )
    assert_one_line_error(
        posapp(*data, "devices", "set", "printer", "tcp://x:9100?codepage=KOI8"), 1, "no code page"
    )
    assert posapp(*data, "devices", "list").stdout == listed  # refused settings change nothing
    assert_one_line_error(posapp(*data, "devices", "test", "scale"), 1, "no scale is set up")


def test_simulate_can_print_every_receipt(tmp_path: Path) -> None:
    data = ("--data-dir", str(tmp_path))
    posapp(*data, "demo-data", "--products", "50")
    assert_one_line_error(
        posapp(*data, "simulate", "--sales", "3", "--print"), 1, "needs a printer"
    )
    printer = PrinterListener().start()
    try:
        posapp(*data, "devices", "set", "printer", f"tcp://127.0.0.1:{printer.port}")
        run = posapp(*data, "simulate", "--sales", "5", "--seed", "3", "--print")
        assert run.returncode == 0, run.stderr
        assert "receipts printed: 5; not printed: 0" in run.stdout
        assert len(printer.wait_for_jobs(5)) == 5
    finally:
        printer.stop()


def test_shop_settings_are_checked_and_reach_the_till(tmp_path: Path) -> None:
    from posapp.bootstrap.node import open_node

    data = ("--data-dir", str(tmp_path))
    posapp(*data, "demo-data", "--products", "10")
    assert posapp(*data, "settings", "set", "till.blind_close", "false").returncode == 0
    assert posapp(*data, "settings", "set", "till.over_short_tolerance", "200").returncode == 0
    footer = '["Thank you", "Returns within 30 days"]'
    assert posapp(*data, "settings", "set", "receipt.footer", footer).returncode == 0
    assert_one_line_error(posapp(*data, "settings", "set", "till.blind_close", "maybe"), 1, "bool")
    assert_one_line_error(
        posapp(*data, "settings", "set", "barcodes.weight_rules", '["21PPPPPWWWWW"]'), 1, "13"
    )
    assert_one_line_error(posapp(*data, "settings", "set", "colour", "red"), 1, "not a setting")
    node = open_node(tmp_path, create=False)
    try:
        till = node.till
    finally:
        node.close()
    assert till.blind_close is False
    assert till.over_short_tolerance_minor == 200
    assert till.receipt_footer == ("Thank you", "Returns within 30 days")


def test_simulate_never_closes_a_shift_it_did_not_open(tmp_path: Path) -> None:
    from posapp.bootstrap.node import open_node, till_actions
    from posapp.domain.cash_count import count_of
    from posapp.domain.money import Money

    data = ("--data-dir", str(tmp_path))
    posapp(*data, "demo-data", "--products", "30")
    first = posapp(*data, "simulate", "--sales", "5")
    assert "shift closed: Z report 1" in first.stdout  # it opened that shift itself
    node = open_node(tmp_path, create=False)
    try:
        till_actions(node).open_shift(count_of(Money(5000, "EUR")))  # a cashier's real shift
    finally:
        node.close()
    second = posapp(*data, "simulate", "--sales", "5")
    assert second.returncode == 0, second.stderr
    assert "stays open" in second.stdout
    node = open_node(tmp_path, create=False)
    try:
        assert till_actions(node).current_shift() is not None
    finally:
        node.close()


def test_settings_list_shows_every_shop_setting_with_its_default(tmp_path: Path) -> None:
    data = ("--data-dir", str(tmp_path))
    posapp(*data, "demo-data", "--products", "10")
    assert posapp(*data, "settings", "set", "till.auto_lock_minutes", "10").returncode == 0
    listed = posapp(*data, "settings", "list").stdout.splitlines()
    assert any(line.startswith("till.auto_lock_minutes = 10   #") for line in listed)
    assert any(line.startswith("till.cash_out_limit = 5000   (default)") for line in listed)
    assert any(line.startswith("node.store_code = ") for line in listed)


def test_goods_in_and_a_write_off_from_the_command_line(tmp_path: Path) -> None:
    data = ("--data-dir", str(tmp_path))

    def as_admin(*words: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "posapp", *data, "--as", "admin", *words],
            input="correct horse\n",
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )

    posapp(*data, "demo-data", "--products", "20")
    password = subprocess.run(
        [sys.executable, "-m", "posapp", *data, "users", "password", "admin"],
        input="correct horse\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert password.returncode == 0, password.stderr
    import sqlite3

    with sqlite3.connect(tmp_path / "posapp.sqlite3") as connection:
        sku, code = connection.execute(
            "SELECT p.sku, b.code FROM products p JOIN barcodes b ON b.product_id = p.id "
            "WHERE b.pack_qty_milli = 1000 ORDER BY p.sku LIMIT 1"
        ).fetchone()
    connection.close()
    assert_one_line_error(posapp(*data, "stock", "receive", f"{sku}=5"), 1, "--as USERNAME")
    received = as_admin("stock", "receive", "--reference", "DN-1", f"{code}=12@1.10", f"{sku}=3")
    assert received.returncode == 0, received.stderr
    assert "GR-T01-000001 received: 2 line(s)" in received.stdout
    written_off = as_admin("stock", "adjust", "--reason", "damaged", f"{sku}=1")
    assert "SA-T01-000001 posted" in written_off.stdout
    on_hand = posapp(*data, "stock", "on-hand", "--search", sku).stdout.split()
    assert on_hand[0] == sku
    assert "14" in on_hand
    history = posapp(*data, "stock", "history", sku).stdout.splitlines()
    assert [line.split()[2] for line in history] == ["DAMAGED", "RECEIPT", "RECEIPT"]
    assert_one_line_error(
        as_admin("stock", "adjust", "--reason", "broken", f"{sku}=1"), 1, "broken"
    )
    assert posapp(*data, "check").returncode == 0


def test_a_count_a_transfer_a_bill_and_its_payment_from_the_command_line(tmp_path: Path) -> None:
    data = ("--data-dir", str(tmp_path))

    def as_admin(*words: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "posapp", *data, "--as", "admin", *words],
            input="correct horse\n",
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        assert done.returncode == 0, done.stderr
        return done

    subprocess.run(  # a demo shop: products, suppliers, stock received from them
        [
            *(sys.executable, "-m", "posapp", *data, "init", "--shop-name", "Corner"),
            *("--currency", "EUR", "--time-zone", "Europe/Paris", "--admin-name", "Ann"),
            *("--demo-products", "20"),
        ],
        input="correct horse\n2468\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    import sqlite3

    with sqlite3.connect(tmp_path / "posapp.sqlite3") as connection:
        (sku,) = connection.execute(
            "SELECT p.sku FROM products p JOIN stock_levels s ON s.product_id = p.id "
            "WHERE s.on_hand_milli > 20000 AND NOT p.weighed ORDER BY p.sku LIMIT 1"
        ).fetchone()
    connection.close()
    started = as_admin("stock", "count-start", "--blind").stdout
    count = started.split()[0]
    assert count.startswith("CT-")
    as_admin("stock", "count", count, f"{sku}=7")
    assert "book          -" in as_admin("stock", "count-show", count).stdout  # blind
    assert "SA-" in as_admin("stock", "count-post", count).stdout
    as_admin("stock", "add-location", "BACK", "--name", "Back room", "--kind", "back_room")
    assert "transferred to BACK" in as_admin("stock", "transfer", "--to", "BACK", f"{sku}=2").stdout
    assert "sent to store S02" in as_admin("stock", "send", "--to-store", "S02", f"{sku}=1").stdout
    received = as_admin("stock", "receive", "--supplier", "S01", f"{sku}=10@2.00").stdout.split()[0]
    bill = as_admin(
        "purchase",
        "bill",
        "--supplier",
        "S01",
        "--invoice",
        "INV-7",
        f"{sku}=10@2.02%20:{received}",
    ).stdout.split()[0]
    assert "24.24 EUR owed" in as_admin("purchase", "post", bill).stdout
    as_admin("purchase", "pay", "--supplier", "S01", "--account", "Bank", "--amount", "20", bill)
    assert "is owed 4.24 EUR" in as_admin("purchase", "balance", "S01").stdout
    ageing = as_admin("purchase", "ageing").stdout.splitlines()
    assert ageing[0].split()[:3] == ["supplier", "not", "due"]
    assert len(ageing) == 2
    refused = subprocess.run(
        [sys.executable, "-m", "posapp", *data, "--as", "admin", "purchase", "post", bill],
        input="correct horse\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert_one_line_error(refused, 1, "posted")
    assert posapp(*data, "check").returncode == 0
