"""The official `cartesia` SDK in its own virtual environment under benchmarks/.work/."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# The version measured and reported; bump it deliberately (and re-run) to compare another.
SDK_REQUIREMENT = "cartesia[websockets]==4.2.0"
_PACKAGES = ("cartesia", "websockets", "httpx", "pydantic")


def venv_python(work: Path) -> Path:
    return work / "sdk-venv" / "bin" / "python"


def installed_versions(python: Path) -> dict[str, str] | None:
    """Versions of the SDK and its main dependencies in that venv, or None if it is not usable."""
    if not python.exists():
        return None
    probe = ("import importlib.metadata as m, json; "
             f"print(json.dumps({{n: m.version(n) for n in {_PACKAGES!r}}}))")
    proc = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        return None
    return json.loads(proc.stdout)


def ensure_sdk(work: Path, mode: str) -> tuple[Path | None, dict[str, str], str]:
    """(interpreter, versions, why not) for mode `install` (create the venv when needed),
    `auto` (use it if it is already there) or `skip`."""
    if mode == "skip":
        return None, {}, "skipped (--sdk skip)"
    python = venv_python(work)
    wanted = SDK_REQUIREMENT.split("==")[1]
    versions = installed_versions(python)
    if versions and versions.get("cartesia") == wanted:
        return python, versions, ""
    if mode == "auto":
        return None, {}, "skipped: the SDK venv is not installed (run without --quick to create it)"
    print(f"setting up the SDK venv: pip install '{SDK_REQUIREMENT}'", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(python.parents[1])], check=True)
    proc = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                           SDK_REQUIREMENT], capture_output=True, text=True)
    if proc.returncode != 0:
        return None, {}, "the SDK could not be installed: " + proc.stderr.strip()[-500:]
    versions = installed_versions(python) or {}
    return python, versions, ""
