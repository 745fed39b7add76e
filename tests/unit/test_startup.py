"""`--help`, `--version` and completion stay at the Typer floor: no heavy imports."""

import json
import subprocess
import sys

import pytest

HEAVY = ("httpx", "websockets", "numpy", "soundfile", "sounddevice", "uvicorn", "starlette")
PROBE = """
import json, sys
sys.argv = ["cartesia", *{args!r}]
from cartesia_cli.cli.app import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["say", "--help"],
                                  ["stream", "--help"], ["config", "--help"]])
def test_no_heavy_imports(args):
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
                          capture_output=True, text=True, timeout=60)
    loaded = json.loads(proc.stderr.strip().splitlines()[-1])
    assert loaded == [], f"{args} imported {loaded}"
