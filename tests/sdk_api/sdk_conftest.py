"""Copied as tests/api_resources/conftest.py next to the vendored SDK tests when they run
against `cartesia emulator` (tests/sdk_api/test_sdk_api.py); never imported by this suite.

It runs in the SDK's own virtual environment, so it may import only the SDK and pytest. It:
- gives the tests clients that authenticate with an API key (the SDK's conftest uses the
  placeholder token "My Token", which a real API refuses on key-only endpoints);
- lifts the SDK's blanket "Mock server tests are disabled" skip, so the tests really run;
- deselects the tests listed in placeholder_only.txt (they can only pass against a mock).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from cartesia import AsyncCartesia, Cartesia, DefaultAioHttpClient

BASE_URL = os.environ["TEST_API_BASE_URL"]
API_KEY = os.environ["SDK_TEST_API_KEY"]
PLACEHOLDER_LIST = Path(os.environ["SDK_PLACEHOLDER_LIST"])
MOCK_SKIP_REASON = "Mock server tests are disabled"


def _placeholder_only() -> dict[str, str]:
    wanted: dict[str, str] = {}
    for line in PLACEHOLDER_LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            test, _, reason = line.partition(" | ")
            wanted[test.strip()] = reason.strip()
    return wanted


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted = _placeholder_only()
    root = Path(str(config.rootpath)) / "tests"
    kept, dropped, matched = [], [], set()
    for item in items:
        assert isinstance(item, pytest.Function)
        key = f"{item.path.relative_to(root).as_posix()}::{item.originalname}"
        if key in wanted:
            dropped.append(item)
            matched.add(key)
            continue
        item.own_markers = [
            m for m in item.own_markers
            if not (m.name == "skip" and m.kwargs.get("reason") == MOCK_SKIP_REASON)]
        kept.append(item)
    stale = sorted(set(wanted) - matched)
    if stale:  # a list entry that names no test is a typo or an SDK change
        raise pytest.UsageError(f"{PLACEHOLDER_LIST.name} names no collected test: {stale}")
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def client(request: pytest.FixtureRequest) -> Iterator[Cartesia]:
    strict = getattr(request, "param", True)
    with Cartesia(base_url=BASE_URL, api_key=API_KEY,
                  _strict_response_validation=strict) as sdk_client:
        yield sdk_client


@pytest.fixture(scope="session")
async def async_client(request: pytest.FixtureRequest) -> AsyncIterator[AsyncCartesia]:
    param = getattr(request, "param", True)
    strict, http_client = True, None
    if isinstance(param, bool):
        strict = param
    elif isinstance(param, dict):
        strict = param.get("strict", True)
        if param.get("http_client", "httpx") == "aiohttp":
            http_client = DefaultAioHttpClient()
    async with AsyncCartesia(base_url=BASE_URL, api_key=API_KEY,
                             _strict_response_validation=strict,
                             http_client=http_client) as sdk_client:
        yield sdk_client
