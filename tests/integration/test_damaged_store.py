"""A database damaged past its first page, and an empty one, as a shop would meet them: `check`
reports instead of crashing, nothing writes into the damaged file, a backup of it is not called
one, and no command makes a new store over an empty file. (Issue 18 item 18.)"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from posapp.bootstrap.demo import load_demo_catalogue, simulator
from posapp.bootstrap.node import open_node, till_actions
from posapp.db.damage import StoreDamaged
from posapp.domain.cash_count import count_of
from posapp.domain.money import Money


def posapp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posapp", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A store that has traded, with one page in the middle of the file overwritten."""
    data_dir = tmp_path / "shop"
    node = open_node(data_dir, create=True)
    load_demo_catalogue(node, products=2000, seed=5, progress=lambda done, total: None)
    till_actions(node).open_shift(count_of(Money(10000, "EUR")))
    simulator(node, seed=3).run(50)
    node.close()
    path = data_dir / "posapp.sqlite3"
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek((size // 2) // 4096 * 4096)
        handle.write(os.urandom(4096))
    return data_dir


def test_check_reports_the_damage_and_writers_refuse(damaged: Path) -> None:
    path = damaged / "posapp.sqlite3"
    checked = posapp("--data-dir", str(damaged), "check")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "Traceback" not in checked.stdout + checked.stderr
    assert "FAIL  SQLite integrity_check" in checked.stdout

    before = digest(path)
    simulated = posapp("--data-dir", str(damaged), "simulate", "--sales", "5")
    assert simulated.returncode == 1, simulated.stderr
    assert "is damaged" in simulated.stderr, simulated.stderr
    assert "Traceback" not in simulated.stderr
    assert digest(path) == before  # not one sale written into it

    backups = damaged / "copies"
    backups.mkdir()
    copied = posapp("--data-dir", str(damaged), "db", "backup", "--to", str(backups))
    assert copied.returncode == 1, copied.stderr
    assert "no backup taken" in copied.stderr, copied.stderr
    assert [p.name.endswith("-DAMAGED.sqlite3") for p in backups.iterdir()] == [True]


def test_the_till_stops_writing_once_the_check_finds_damage(damaged: Path) -> None:
    node = open_node(damaged, create=False)
    try:
        refusal = ""
        deadline = time.monotonic() + 30
        while not refusal and time.monotonic() < deadline:  # the check runs beside the start
            try:
                with node.unit_of_work() as uow:
                    uow.settings.put("probe", 1, node.clock.now())
                    uow.commit()
            except StoreDamaged as refused:
                refusal = str(refused)
            time.sleep(0.1)
        assert "is damaged" in refusal, "writes were never refused"
    finally:
        node.close()


def test_an_empty_file_is_reported_and_never_turned_into_a_store(tmp_path: Path) -> None:
    data_dir = tmp_path / "shop"
    data_dir.mkdir()
    empty = data_dir / "posapp.sqlite3"
    empty.touch()
    for command in (["check"], ["settings", "list"], ["run"]):
        result = posapp("--data-dir", str(data_dir), *command)
        assert result.returncode == 1, (command, result.stderr)
        assert "is empty (0 bytes)" in result.stderr
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in data_dir.iterdir()) == ["posapp.sqlite3"]
