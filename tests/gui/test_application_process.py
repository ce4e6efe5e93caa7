"""`posapp run` as `make run` starts it: a real process that opens, stays up, and closes cleanly."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text


def test_first_start_creates_demo_store_and_stays_up_until_closed(tmp_path: Path) -> None:
    data = tmp_path / "till"
    process = subprocess.Popen(
        [sys.executable, "-m", "posapp", "--data-dir", str(data), "run", "--demo-products", "300"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert process.stderr is not None
        deadline = time.monotonic() + 60
        seen = []
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            seen.append(line)
            if line.startswith("posapp: ready"):
                break
            assert process.poll() is None, "".join(seen)
        else:
            raise AssertionError("never became ready: " + "".join(seen))
        time.sleep(1.5)
        assert process.poll() is None, "the application closed by itself"
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=20)
    assert code == 0
    engine = create_engine(f"sqlite:///{data / 'posapp.sqlite3'}")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM products")).scalar() == 300
    engine.dispose()
