"""`posapp run` as an installed shop starts it: a real process that opens, stays up, and closes
cleanly. (The first start's setup window is driven in test_shop_setup.py.)"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text


def test_a_scripted_install_opens_and_stays_up_until_closed(tmp_path: Path) -> None:
    data = tmp_path / "till"
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "posapp",
            "--data-dir",
            str(data),
            "init",
            "--shop-name",
            "Demo",
            "--currency",
            "EUR",
            "--time-zone",
            "Europe/Berlin",
            "--admin-name",
            "Ada Admin",
            "--demo-products",
            "300",
        ],
        input="a long password\n2580\n",
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert install.returncode == 0, install.stderr
    process = subprocess.Popen(
        [sys.executable, "-m", "posapp", "--data-dir", str(data), "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
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
