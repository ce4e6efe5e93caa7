"""The layer rules of DESIGN.md §2, enforced by import-linter on every test run."""

import subprocess
import sys
from pathlib import Path


def test_import_contracts_hold() -> None:
    root = Path(__file__).resolve().parents[2]
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports)], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout
