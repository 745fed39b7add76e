"""What the figures were measured on: CPU, cores, memory, OS, Python and package versions."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import subprocess
from typing import Any

PACKAGES = ("cartesia-cli", "typer", "click", "rich", "pydantic", "httptools", "websockets",
            "certifi", "numpy", "soundfile", "starlette", "uvicorn", "httpx")  # httpx: peers only


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def curl_version(curl: str | None) -> str | None:
    if curl is None:
        return None
    out = subprocess.run([curl, "--version"], capture_output=True, text=True).stdout
    return out.split("\n", 1)[0].split(" (")[0] if out else None


def describe(curl: str | None) -> dict[str, Any]:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "os": platform.platform(terse=True),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "packages": {name: _version(name) for name in PACKAGES},
        "curl": curl_version(curl),
    }
