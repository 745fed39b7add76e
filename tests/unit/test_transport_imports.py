"""What a request costs in imports: each transport loads its own protocol library and nothing of
the others; no httpx at all; ssl and a CA bundle only for https and wss (benchmarks/, suite
`transport`, has the milliseconds behind these rules)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import TEST_KEY

PROBE = """
import json, sys
sys.argv = ["cartesia", *{args!r}]
from cartesia_cli.cli.app import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules)), file=sys.stderr)
"""
WATCHED = ("httpx", "httpcore", "h11", "httptools", "websockets", "websockets.sync", "ssl",
           "certifi", "urllib.request", "importlib.metadata")


def loaded(args: list[str], env: dict[str, str]) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=args)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          timeout=60, env=env)
    modules = set(json.loads(proc.stderr.strip().splitlines()[-1]))
    return {m for m in WATCHED if m in modules}


@pytest.mark.parametrize("args, expected", [
    (["say", "-o", "-", "hi"], {"httptools"}),
    (["stream", "--transport", "sse", "-o", "-", "hi"], {"httptools"}),
    (["stream", "-o", "-", "hi"], {"websockets", "importlib.metadata"}),
], ids=["bytes", "sse", "websocket"])
def test_a_request_to_the_emulator_loads_only_its_own_stack(emulator, args, expected):
    import os

    env = {**os.environ, "CARTESIA_BASE_URL": emulator.base_url, "CARTESIA_API_KEY": TEST_KEY}
    assert loaded(args, env) == expected
