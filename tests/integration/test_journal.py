"""`posapp journal verify` and `export` on a real store: any journaled row edited with raw SQL is
named; the export carries every entry with its payload."""

import hashlib
import itertools
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from tests.integration.test_cli import assert_one_line_error, posapp


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("journal")
    assert posapp("--data-dir", str(data), "demo-data", "--products", "40").returncode == 0
    assert (
        posapp("--data-dir", str(data), "simulate", "--sales", "12", "--seed", "5").returncode == 0
    )
    from posapp.bootstrap.node import open_node, till_actions
    from posapp.devices.receipt_printer import FakeReceiptPrinter
    from posapp.domain.cash_count import count_of
    from posapp.domain.money import Money

    node = open_node(data, create=False)
    try:
        actions = replace(till_actions(node), printer=FakeReceiptPrinter())
        actions.open_drawer("change for the market stall")
        actions.open_shift(count_of(Money(10000, "EUR")))  # shift 2, after simulate's Z 1
        actions.cash_movement("cash_out", Money(800, "EUR"), "window cleaner")
    finally:
        node.close()
    return data


def _copy(store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    target.mkdir()
    source = sqlite3.connect(store / "posapp.sqlite3")
    copy = sqlite3.connect(target / "posapp.sqlite3")
    source.backup(copy)
    copy.close()
    source.close()
    return target


def test_an_untouched_journal_verifies(store: Path) -> None:
    run = posapp("--data-dir", str(store), "journal", "verify")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "the chain holds" in run.stdout


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        (
            "UPDATE sales SET total_minor = total_minor + 1 WHERE number LIKE '%000003'",
            "document S01-T01-000003 was altered",
        ),
        (
            "UPDATE sale_lines SET name = 'Something else' WHERE rowid = "
            "(SELECT min(rowid) FROM sale_lines)",
            "was altered after it was completed",
        ),
        (
            "UPDATE journal_entries SET payload = replace(payload, 'market', 'casino') "
            "WHERE kind = 'no_sale'",
            "(no_sale): its event was altered",
        ),
        (
            "UPDATE journal_entries SET created_at = '2020-01-01 00:00:00.000000' WHERE seq = 5",
            "journal entry 5 (sale) was altered",
        ),
        ("DELETE FROM journal_entries WHERE seq = 4", "journal entry 4 is missing"),
        (
            "UPDATE shifts SET opening_float_minor = opening_float_minor + 5000",
            "shift 1: its opening float differs",
        ),
        ("UPDATE cash_movements SET amount_minor = amount_minor * 10", "differs from the journal"),
        (
            "UPDATE z_reports "
            "SET payload = replace(payload, '\"over_short\":', '\"over_short\":1')",
            "Z report 1 differs from the journal",
        ),
    ],
    ids=[
        "sale-total",
        "line-name",
        "no-sale-reason",
        "entry-time",
        "entry-deleted",
        "shift-float",
        "cash-movement",
        "z-report",
    ],
)
def test_any_edited_row_breaks_the_chain_and_is_named(
    store: Path, tmp_path: Path, statement: str, named: str
) -> None:
    copy = _copy(store, tmp_path)
    connection = sqlite3.connect(copy / "posapp.sqlite3")
    connection.execute("PRAGMA foreign_keys=OFF")
    assert connection.execute(statement).rowcount >= 1
    connection.commit()
    connection.close()
    run = posapp("--data-dir", str(copy), "journal", "verify")
    assert run.returncode == 1
    assert run.stdout.startswith("journal: BROKEN")
    assert named in run.stdout
    assert posapp("--data-dir", str(copy), "check").returncode == 1  # check includes it


def test_export_is_every_entry_with_its_payload(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "journal.jsonl"
    run = posapp("--data-dir", str(store), "journal", "export", "--to", str(out))
    assert run.returncode == 0, run.stderr
    entries = [json.loads(line) for line in out.read_text().splitlines()]
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0]["prev_hash"] == "0" * 64
    assert all(b["prev_hash"] == a["hash"] for a, b in itertools.pairwise(entries))
    (no_sale,) = [e for e in entries if e["kind"] == "no_sale"]
    assert no_sale["payload"]["reason"] == "change for the market stall"
    canonical = json.dumps(no_sale["payload"], sort_keys=True, separators=(",", ":"))
    assert hashlib.sha256(canonical.encode()).hexdigest() == no_sale["payload_sha256"]
    sales = [e for e in entries if e["kind"] == "sale"]
    assert len(sales) == 12
    assert all(e["payload"]["lines"] for e in sales)
    assert_one_line_error(
        posapp("--data-dir", str(tmp_path / "nowhere"), "journal", "verify"), 1, ""
    )
