"""The official SDK's own API tests (cartesia-python 4.2.0: tts, voices, access tokens,
pronunciation dictionaries and the API-status client), run against `cartesia emulator`.

The test files are vendored unmodified in vendor/ (Apache-2.0, see vendor/LICENSE). They run in
the SDK's own virtual environment (sdk_env.py), built on first use; without network access to
install it this test is skipped, saying why. sdk_conftest.py points the SDK's clients at the
emulator with an API key, lifts the SDK's blanket "mock server" skip and deselects the tests in
placeholder_only.txt, which can only pass against a placeholder mock.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sdk_env

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "vendor"
PLACEHOLDER_LIST = HERE / "placeholder_only.txt"
API_KEY = "sk_car_sdk_tests"
# pytest settings of the SDK's pyproject.toml, without its "-n auto" (xdist is not needed).
PYTEST_INI = """[pytest]
testpaths = tests
addopts = --tb=short
xfail_strict = true
asyncio_mode = auto
asyncio_default_fixture_loop_scope = session
filterwarnings =
    error
"""
# Counts at SDK 4.2.0 (sync and async tests, every client parameter): deselected are those
# placeholder_only.txt names; skipped are the SDK's own skips of aiohttp clients with respx.
EXPECTED_PASSED = 187
EXPECTED_DESELECTED = 190
EXPECTED_SKIPPED = 8
SDK_OWN_SKIP = "aiohttp client is not compatible with respx_mock"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def cartesia_emulator() -> Iterator[str]:
    """`cartesia emulator` in a process of its own; yields its base URL."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cartesia_cli", "emulator", "--port", str(port),
         "--engine", "tone"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base_url}/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                _, err = proc.communicate(timeout=5) if proc.poll() is not None else ("", "")
                pytest.fail(f"cartesia emulator did not come up on {base_url}: {err}")
            time.sleep(0.1)
        yield base_url
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


def _count(summary: str, word: str) -> int:
    match = re.search(rf"(\d+) {word}", summary)
    return int(match.group(1)) if match else 0


def test_placeholder_list_gives_a_reason_for_every_test() -> None:
    for line in PLACEHOLDER_LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            test, sep, reason = line.partition(" | ")
            assert sep and reason.strip(), f"no reason given: {line!r}"
            path, _, name = test.partition("::")
            assert (VENDOR / "tests" / path).is_file(), f"no vendored file {path}"
            assert f"def {name}(" in (VENDOR / "tests" / path).read_text(), line


def test_official_sdk_api_tests_pass_against_cartesia_emulator(tmp_path: Path) -> None:
    python, why = sdk_env.ensure_sdk_venv()
    if python is None:
        pytest.skip(f"official SDK tests not run: {why}")
    work = tmp_path / "sdk"
    shutil.copytree(VENDOR / "tests", work / "tests")
    shutil.copy(HERE / "sdk_conftest.py", work / "tests" / "api_resources" / "conftest.py")
    (work / "pytest.ini").write_text(PYTEST_INI)
    with cartesia_emulator() as base_url:
        env = {**os.environ, "TEST_API_BASE_URL": base_url, "SDK_TEST_API_KEY": API_KEY,
               "SDK_PLACEHOLDER_LIST": str(PLACEHOLDER_LIST)}
        for name in ("CARTESIA_BASE_URL", "CARTESIA_API_KEY", "CARTESIA_CUSTOM_HEADERS"):
            env.pop(name, None)
        proc = subprocess.run(
            [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfEs", "tests"],
            cwd=work, env=env, capture_output=True, text=True, timeout=600)
    output = proc.stdout + proc.stderr
    summary = output.strip().splitlines()[-1] if output.strip() else ""
    assert proc.returncode == 0, output[-6000:]
    assert _count(summary, "failed") == 0 and _count(summary, "error") == 0, summary
    skips = [line for line in output.splitlines() if line.startswith("SKIPPED")]
    assert all(SDK_OWN_SKIP in line for line in skips), "\n".join(skips)
    # Every test the list does not name ran and passed: the run is not vacuous.
    assert (_count(summary, "passed"), _count(summary, "deselected"),
            _count(summary, "skipped")) == (
        EXPECTED_PASSED, EXPECTED_DESELECTED, EXPECTED_SKIPPED), summary
