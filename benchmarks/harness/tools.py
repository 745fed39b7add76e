"""The programs under test and their environment: the CLI, the Typer floor, curl, the SDK script."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parents[1]
PEERS = BENCH_DIR / "peers"
API_KEY = "sk_car_benchmark"  # the emulator accepts any sk_car_ key


@dataclass(frozen=True)
class Tools:
    cartesia: list[str]  # the installed console script (how users run it)
    python: str  # the interpreter cartesia-cli is installed in
    curl: str | None
    sdk_python: str | None = None  # the SDK venv's interpreter, when the SDK is in use
    work: Path = BENCH_DIR / ".work"
    ruff: str | None = None  # the peer of `migrate-check` (suite `migrate`)

    @property
    def floor(self) -> list[str]:
        return [self.python, str(PEERS / "typer_floor.py")]

    @property
    def sdk_script(self) -> list[str] | None:
        if self.sdk_python is None:
            return None
        return [self.sdk_python, str(PEERS / "sdk_client.py")]


def scrub_paths(text: str, tools: Tools) -> str:
    """Error text for a report: this machine's directories replaced by placeholders."""
    for path, placeholder in ((tools.work, "<work>"), (BENCH_DIR.parent, "<repo>"),
                              (Path(tools.python).parent, "<venv>/bin")):
        text = text.replace(str(path), placeholder)
    return text


def find_tools(work: Path) -> Tools:
    """The console script next to this interpreter (else on PATH, else `python -m`)."""
    here = Path(sys.executable).parent / "cartesia"
    found = str(here) if here.exists() else shutil.which("cartesia")
    cartesia = [found] if found else [sys.executable, "-m", "cartesia_cli"]
    ruff = Path(sys.executable).parent / "ruff"
    return Tools(cartesia=cartesia, python=sys.executable, curl=shutil.which("curl"), work=work,
                 ruff=str(ruff) if ruff.exists() else shutil.which("ruff"))


def child_env(tools: Tools, base_url: str | None = None, **extra: str) -> dict[str, str]:
    """A clean environment: no user config, no CARTESIA_* leaking in, bytecode cached.

    Bytecode goes to a cache under the work directory (PYTHONPYCACHEPREFIX), so every Python
    program measured here starts from compiled modules, as installed packages do, without writing
    into the source tree.
    """
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("CARTESIA_") and k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    env.update({
        "PYTHONPYCACHEPREFIX": str(tools.work / "pycache"),
        "CARTESIA_CONFIG_DIR": str(tools.work / "config"),
        "XDG_CACHE_HOME": str(tools.work / "cache"),
        "CARTESIA_API_KEY": API_KEY,
        "NO_COLOR": "1",
    })
    if base_url:
        env["CARTESIA_BASE_URL"] = base_url
    env.update(extra)
    return env
