"""The PyInstaller bundle and the .deb, built here the way a release is: the bundled posapp runs
its selftest with no Python around it, and the package installs into a scratch root, runs,
and leaves a user's data alone when removed. Slow (about two minutes): kept in `make test`
because CI has the time, and a bundle that no longer starts is worse than a slow test."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        shutil.which("dpkg-deb") is None or shutil.which("fakeroot") is None,
        reason="needs dpkg-deb and fakeroot (Debian tools)",
    ),
    pytest.mark.slow,
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "pyinstaller"),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(out),
            "--workpath",
            str(out / "work"),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    return out / "posapp"


def test_bundled_selftest_passes_without_python(bundle: Path, tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [str(bundle / "posapp"), "--data-dir", str(tmp_path / "data"), "selftest"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    for step in ("database", "sale", "receipt bytes", "receipt PDF", "screen"):
        assert f"ok    {step}:" in run.stdout
    files = [f for f in bundle.rglob("*") if f.is_file() and not f.is_symlink()]
    size_mb = sum(f.stat().st_size for f in files) / 1e6
    print(f"\nbundle: {size_mb:.0f} MB")  # shown with -s; `make dist-sizes` compares with untrimmed


def test_deb_installs_runs_and_leaves_user_data_alone(bundle: Path, tmp_path: Path) -> None:
    built = subprocess.run(
        [str(ROOT / "installer" / "linux" / "build-deb.sh")],
        env={**os.environ, "BUNDLE": str(bundle), "OUT": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    (deb,) = tmp_path.glob("posapp_*.deb")
    root = tmp_path / "root"
    (root / "var/lib/dpkg/info").mkdir(parents=True)
    (root / "var/lib/dpkg/updates").mkdir()
    (root / "var/lib/dpkg/status").touch()
    dpkg = [
        "dpkg",
        f"--root={root}",
        "--force-depends",
        "--force-not-root",
        "--force-script-chrootless",
    ]
    installed = subprocess.run([*dpkg, "-i", str(deb)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    version = subprocess.run(
        [str(root / "opt/posapp/posapp"), "--version"], capture_output=True, text=True
    )
    assert version.returncode == 0
    assert version.stdout.startswith("posapp ")
    assert os.readlink(root / "usr/bin/posapp") == "/opt/posapp/posapp"
    desktop = (root / "usr/share/applications/posapp.desktop").read_text()
    assert "Exec=/opt/posapp/posapp run" in desktop
    assert "Icon=posapp" in desktop

    shop_data = root / "home/shop/.local/share/posapp/posapp.sqlite3"
    shop_data.parent.mkdir(parents=True)
    shop_data.write_bytes(b"the shop's books")
    removed = subprocess.run([*dpkg, "--purge", "posapp"], capture_output=True, text=True)
    assert removed.returncode == 0, removed.stderr
    assert not (root / "opt/posapp").exists()
    assert shop_data.read_bytes() == b"the shop's books"
