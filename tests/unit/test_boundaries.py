"""Architecture rules that are cheap to check: core never imports typer/rich/click, and the
emulator never imports the client's protocol code."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "cartesia_cli"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


CORE = [p for p in PACKAGE.rglob("*.py") if "cli" not in p.relative_to(PACKAGE).parts[:1]]


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_never_imports_ui_libraries(path):
    bad = {m for m in imported_modules(path) if m.split(".")[0] in ("typer", "rich", "click")}
    assert not bad, f"{path} imports {bad}"


EMULATOR = list((PACKAGE / "emulator").rglob("*.py"))


@pytest.mark.parametrize("path", EMULATOR, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_emulator_is_independent_of_the_client(path):
    bad = {m for m in imported_modules(path) if m.startswith("cartesia_cli.api")}
    assert not bad, f"{path} imports client protocol code {bad}"
