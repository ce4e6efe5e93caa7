"""A real X server (Xvfb) for the few tests where the window system matters.

Qt picks one platform per process and the test process runs offscreen, so a test that needs a
real window runs its scenario in a child process on the `xcb` platform against this server. On
X11 Qt uses the Unix key bindings (Ctrl+U deletes a line), which offscreen does not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def xvfb() -> Iterator[str]:
    """Starts Xvfb on a free display; yields the DISPLAY value."""
    if shutil.which("Xvfb") is None:  # installed by scripts/setup-environment.sh
        pytest.fail("Xvfb is missing: run `make test`, whose set-up installs it")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as announced:
        number = announced.readline().strip()
    try:
        assert number, "Xvfb did not announce a display"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def run_on_x11(script: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Runs `script` in a child Python on a real X server; its output is returned."""
    with xvfb() as display:
        environment = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        return subprocess.run(
            [sys.executable, str(script), *args],
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
