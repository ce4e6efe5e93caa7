"""A full disk and the write-ahead log, on real volumes: a till on a small disk is told the disk
is full and where, nothing is half-written, and normal trading keeps the WAL small.
(Issue 18 item 17.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from posapp.bootstrap.demo import load_demo_catalogue, simulator
from posapp.bootstrap.node import open_node, till_actions
from posapp.domain.cash_count import count_of
from posapp.domain.money import Money


def posapp(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "posapp", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def trading_store(data_dir: Path) -> Path:
    node = open_node(data_dir, create=True)
    load_demo_catalogue(node, products=300, seed=9, progress=lambda done, total: None)
    till_actions(node).open_shift(count_of(Money(10000, "EUR")))
    node.close()
    return data_dir


@pytest.fixture
def small_volume(tmp_path: Path) -> Path:
    """A tmpfs of 6 MB: the size of a till's volume that a day's trading could fill."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    mount = tmp_path / "small"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


def test_a_full_disk_is_named_and_nothing_is_half_written(
    tmp_path: Path, small_volume: Path
) -> None:
    data_dir = small_volume / "shop"
    shutil.copytree(trading_store(tmp_path / "made"), data_dir)
    run = posapp("--data-dir", str(data_dir), "simulate", "--sales", "200000")
    _, stderr = run.communicate(timeout=300)
    assert run.returncode == 1, stderr
    assert f"the disk holding {data_dir} is full" in stderr
    assert "internal error" not in stderr
    assert "Traceback" not in stderr
    assert not (data_dir / "crash.log").exists()
    for spare in small_volume.glob("shop/backups/*"):  # room for check to open the store
        spare.unlink()
    checked = posapp("--data-dir", str(data_dir), "check")
    out, err = checked.communicate(timeout=120)
    assert checked.returncode == 0, out + err  # every committed sale whole, ledgers agree


def test_the_wal_stays_small_while_a_till_trades_and_shrinks_after_a_rush(tmp_path: Path) -> None:
    data_dir = trading_store(tmp_path / "shop")
    wal = data_dir / "posapp.sqlite3-wal"
    node = open_node(data_dir, create=False)
    largest = 0
    try:
        ring = simulator(node, seed=4)
        for _ in range(15):  # 150 sales at ten a second: far busier than any till's queue
            ring.run(10)
            largest = max(largest, wal.stat().st_size)
            time.sleep(0.6)  # the checkpointer's turn comes every half second
            largest = max(largest, wal.stat().st_size)
    finally:
        node.close()
    print(f"largest WAL while trading: {largest / 1e6:.1f} MB")
    assert largest <= 4_300_000  # journal_size_limit; it reached 30–53 MB before

    rush = posapp("--data-dir", str(data_dir), "simulate", "--sales", "1500")  # flat out
    _, stderr = rush.communicate(timeout=300)
    assert rush.returncode == 0, stderr
    after = wal.stat().st_size if wal.exists() else 0
    print(f"WAL after a 1,500-sale rush: {after / 1e6:.1f} MB")
    assert after <= 4_300_000
