"""Shared fixtures: a hermetic environment, a recognisable key that must never be printed, and
the emulator on a loopback port (tone engine: exact, predictable audio)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import point_cli_at


@pytest.fixture(autouse=True)
def hermetic_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("CARTESIA_") and name not in ("CARTESIA_REQUIRE_AUDIO",):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CARTESIA_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    # A test that forgets the emulator fails fast instead of reaching the network.
    monkeypatch.setenv("CARTESIA_BASE_URL", "http://127.0.0.1:9")


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[tuple[object, str]]:
    from cartesia_cli.emulator import Emulator

    emu = Emulator(engine="tone")
    with emu.run() as base_url:
        yield emu, base_url


@pytest.fixture
def emulator(emulator_server, monkeypatch: pytest.MonkeyPatch):
    """The shared emulator, with recordings and faults cleared, and the CLI pointed at it."""
    emu = point_cli_at(*emulator_server, monkeypatch)
    yield emu
    emu.faults.clear()


