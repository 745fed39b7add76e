"""Fixtures for migrate-check: the fixture trees and golden files.

Golden files live in fixtures/expected/. Regenerate them after an intended change with
`UPDATE_GOLDEN=1 pytest tests/migrate`, then read the diff before committing.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from migrate_support import EXPECTED, OLD, update_golden


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """Compare text with fixtures/expected/<name>, or rewrite it under UPDATE_GOLDEN=1."""

    def check(name: str, actual: str) -> None:
        path = EXPECTED / name
        if update_golden():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.is_file(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
        assert actual == path.read_text(encoding="utf-8"), f"output differs from {name}"

    return check


@pytest.fixture
def in_old(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from inside fixtures/old, so reports carry short relative paths."""
    monkeypatch.chdir(OLD)
    return OLD


@pytest.fixture
def old_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of fixtures/old, as the working directory (for --fix)."""
    project = tmp_path / "project"
    shutil.copytree(OLD, project)
    monkeypatch.chdir(project)
    return project
