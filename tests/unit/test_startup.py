"""`--help`, `--version` and completion stay at the Typer floor: no heavy imports, no pydantic
(Typer's converters: cli/lazy_coercion.py), and `--version` imports no subcommand at all
(cli/lazy_commands.py)."""

import json
import subprocess
import sys

import pytest

HEAVY = ("httpx", "websockets", "numpy", "soundfile", "sounddevice", "uvicorn", "starlette",
         "pydantic")
PROBE = """
import json, sys
sys.argv = ["cartesia", *{args!r}]
from cartesia_cli.cli.app import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r}
                        or m.startswith("cartesia_cli.cli.")
                        or m in ("cartesia_cli.config", "cartesia_cli.facts"))), file=sys.stderr)
"""
COMMAND_MODULES = ("say", "stream", "voices", "token", "migrate_check", "config_cmd",
                   "emulator_cmd", "completion", "batch", "dicts")


def _loaded(args: list[str]) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
                          capture_output=True, text=True, timeout=60)
    return json.loads(proc.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["say", "--help"],
                                  ["stream", "--help"], ["config", "--help"],
                                  ["completion", "bash"]])
def test_no_heavy_imports(args):
    loaded = [m for m in _loaded(args) if not m.startswith("cartesia_cli")]
    assert loaded == [], f"{args} imported {loaded}"


def test_version_imports_no_subcommand():
    commands = {f"cartesia_cli.cli.{name}" for name in COMMAND_MODULES}
    assert commands & set(_loaded(["--version"])) == set()
    # Nor the settings: config and the API facts are read only when a command runs.
    assert {"cartesia_cli.config", "cartesia_cli.facts"} & set(_loaded(["--version"])) == set()
    assert commands & set(_loaded(["say", "--help"])) == {"cartesia_cli.cli.say"}
