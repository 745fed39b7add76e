"""Request helpers for the emulator tests, written from the public API reference (not from this
project's client code). The shared running emulator is tests/conftest.py's `emulator` fixture."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from emulator_helpers import headers

from cartesia_cli.emulator import Emulator


@pytest.fixture
def base_url(emulator: Emulator) -> str:
    return str(emulator.base_url)  # type: ignore[attr-defined]


@pytest.fixture
def ws_url(base_url: str) -> str:
    return base_url.replace("http://", "ws://") + "/tts/websocket"


@pytest.fixture
def http(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=10) as client:
        yield client


@pytest.fixture(scope="session")
def voice_id(emulator_server: tuple[Emulator, str]) -> str:
    """A voice the catalog knows, found the way a client would: GET /voices."""
    _, base_url = emulator_server
    response = httpx.get(f"{base_url}/voices", params={"limit": 1},
                         headers=headers(), timeout=10)
    assert response.status_code == 200, response.text
    return str(response.json()["data"][0]["id"])


@pytest.fixture
def make_emulator() -> Iterator[Callable[..., tuple[Emulator, str]]]:
    """Start an extra emulator with non-default settings; stopped at the end of the test."""
    with contextlib.ExitStack() as stack:

        def start(**kwargs: Any) -> tuple[Emulator, str]:
            emulator = Emulator(engine=kwargs.pop("engine", "tone"), **kwargs)
            return emulator, stack.enter_context(emulator.run())

        yield start
