"""The architecture holds, by tools: import-linter keeps the layers (pyproject.toml
[tool.importlinter]: cli -> flows -> api | audio | migrate -> config, facts, errors; the emulator
independent of the client; typer and rich only in cli/), and mypy in strict mode keeps the types
honest (no silent Any). Both come with the test extra."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install '.[test]')")
    return found


def test_import_contracts_are_kept():
    proc = subprocess.run([tool("lint-imports"), "--no-cache"], cwd=REPO, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


def test_mypy_strict_is_clean():
    proc = subprocess.run([tool("mypy"), "--no-incremental"], cwd=REPO, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
