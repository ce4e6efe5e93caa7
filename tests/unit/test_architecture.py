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


SERVICES = Path(__file__).resolve().parents[2] / "posapp" / "services"
CONTEXTS = sorted(p.name for p in SERVICES.iterdir() if (p / "__init__.py").is_file())


def _context_of(path: Path) -> str | None:
    parts = path.relative_to(SERVICES.parents[1]).parts
    return parts[2] if parts[:2] == ("posapp", "services") and len(parts) > 3 else None


def _face(context: str) -> set[str]:
    import importlib

    return set(importlib.import_module(f"posapp.services.{context}").__all__)


def test_contexts_are_entered_only_through_their_public_face() -> None:
    """Outside a business context (the other contexts, the UI, the adapters, bootstrap, the
    CLI, sync), code imports only what the context's package exports (`__all__`), never one of
    its modules: a context may rearrange its insides without touching anyone else. Tests may
    reach inside; nothing else may."""
    import ast
    import re

    root = SERVICES.parents[1]
    faces = {context: _face(context) for context in CONTEXTS}
    breaches = []
    for path in [*root.glob("posapp/**/*.py"), *root.glob("sync/**/*.py")]:
        own = _context_of(path)
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.ImportFrom | ast.Import):
                continue
            modules = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
            )
            for module in modules:
                parts = module.split(".")
                if parts[:2] != ["posapp", "services"] or len(parts) < 3 or parts[2] == own:
                    continue
                where = f"{path.relative_to(root)}:{node.lineno}"
                if len(parts) > 3 or isinstance(node, ast.Import):
                    breaches.append(f"{where} imports {module}, inside {parts[2]}")
                    continue
                for alias in node.names:  # type: ignore[union-attr]
                    if alias.name not in faces[parts[2]]:
                        breaches.append(f"{where}: {alias.name} is not in {parts[2]}'s face")
            if isinstance(node, ast.ImportFrom) and node.module == "posapp.services":
                for alias in node.names:  # the face as a namespace: `people.approve(...)`
                    used = re.findall(rf"(?<![\w.]){alias.asname or alias.name}\.(\w+)", text)
                    breaches += [
                        f"{path.relative_to(root)}: {alias.name}.{name} is not in its face"
                        for name in sorted(set(used) - faces[alias.name])
                    ]
    assert breaches == []


def test_every_context_has_a_face() -> None:
    assert set(CONTEXTS) == {
        "cash",
        "catalogue",
        "costing",
        "devices",
        "partners",
        "people",
        "pricing",
        "reporting",
        "selling",
        "shared",
        "shop",
        "stock",
    }
    for context in CONTEXTS:
        assert _face(context), f"{context} exports nothing"
