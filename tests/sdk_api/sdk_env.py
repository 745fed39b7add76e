"""The official `cartesia` SDK and its test tools in a virtual environment of their own.

Mirrors benchmarks/harness/sdk.py (same SDK version), plus what the SDK's own tests need
(pytest, pytest-asyncio, respx, the aiohttp extra), at the versions of the SDK's
requirements-dev.lock. Built once under tests/sdk_api/.work/ (git-ignored) and reused while the
requirements stay the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SDK_VERSION = "4.2.0"  # benchmarks/harness/sdk.py SDK_REQUIREMENT; the vendored tests' version
REQUIREMENTS = (
    f"cartesia[websockets,aiohttp]=={SDK_VERSION}",
    "pytest==9.0.2",
    "pytest-asyncio==1.3.0",
    "respx==0.22.0",
)
WORK = Path(__file__).resolve().parent / ".work"
SKIP_ENV = "CARTESIA_SDK_TESTS"  # "skip": do not build or run the SDK's tests


def venv_python() -> Path:
    return WORK / "sdk-venv" / "bin" / "python"


def _stamp() -> Path:
    return WORK / "sdk-venv" / ".requirements"


def ensure_sdk_venv() -> tuple[Path | None, str]:
    """(interpreter, "") when the environment is ready, else (None, why not)."""
    if os.environ.get(SKIP_ENV, "").lower() == "skip":
        return None, f"{SKIP_ENV}=skip"
    python, wanted = venv_python(), "\n".join(REQUIREMENTS)
    if python.exists() and _stamp().exists() and _stamp().read_text() == wanted:
        return python, ""
    WORK.mkdir(parents=True, exist_ok=True)
    made = subprocess.run([sys.executable, "-m", "venv", "--clear", str(python.parents[1])],
                          capture_output=True, text=True, timeout=300)
    if made.returncode != 0:
        return None, "could not create the SDK venv: " + made.stderr.strip()[-300:]
    try:
        proc = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
             *REQUIREMENTS], capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        return None, "installing the official SDK took more than 15 minutes"
    if proc.returncode != 0:
        return None, ("the official SDK could not be installed (offline?): "
                      + proc.stderr.strip()[-400:])
    _stamp().write_text(wanted)
    return python, ""
