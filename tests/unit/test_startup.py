"""`--help`, `--version` and completion stay at the Typer floor: no heavy imports, no pydantic
(Typer's converters: cli/lazy_coercion.py), and `--version` imports no subcommand at all
(cli/lazy_commands.py). The time-to-first-audio paths (`say`/`stream` to stdout or a WAV file)
import only what such a run needs."""

import json
import subprocess
import sys

import pytest

HEAVY = ("httpx", "httptools", "websockets", "ssl", "certifi", "numpy", "soundfile",
         "sounddevice", "uvicorn", "starlette", "pydantic")
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


# The time-to-first-audio paths load only what the run needs: subtitles with --timestamps or
# --subtitles, Rich for a status line on a terminal, numpy and soundfile for playback or local
# encoding, tomllib when there is a config file. (The emulator answers; the run must succeed.)
RUN_PROBE = """
import json, sys
sys.argv = ["cartesia", *{args!r}]
from cartesia_cli.cli.app import main
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code or 0
print(json.dumps({{"code": code, "modules": sorted(sys.modules)}}), file=sys.stderr)
"""
NOT_ON_HOT_PATH = ("cartesia_cli.audio.subtitles", "rich", "numpy", "soundfile", "sounddevice",
                   "tomllib", "tomlkit", "cartesia_cli.audio.playback", "cartesia_cli.api.voices",
                   "cartesia_cli.emulator", "cartesia_cli.migrate")


def _run_loaded(args: list[str], cwd) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", RUN_PROBE.format(args=args)], cwd=cwd,
                          capture_output=True, timeout=60)
    report = json.loads(proc.stderr.decode().strip().splitlines()[-1])
    assert report["code"] == 0, proc.stderr.decode()
    assert proc.stdout or (cwd / "out.wav").stat().st_size > 44, "no audio written"
    return report["modules"]


@pytest.mark.parametrize("args", [["say", "-o", "-", "hi"], ["say", "-o", "out.wav", "hi"],
                                  ["stream", "-o", "-", "hi"],
                                  ["stream", "--transport", "sse", "-o", "-", "hi"]])
def test_hot_paths_load_only_what_the_run_needs(args, emulator, tmp_path):
    loaded = _run_loaded(args, tmp_path)
    found = [m for m in loaded
             if any(m == name or m.startswith(name + ".") for name in NOT_ON_HOT_PATH)]
    assert found == [], f"{args} imported {found}"


def test_subtitles_are_loaded_when_asked_for(emulator, tmp_path):
    # The probe above sees a lazy import: with --subtitles the module is there, and so is the file.
    loaded = _run_loaded(["stream", "--subtitles", "out.srt", "-o", "-", "Hello there."],
                         tmp_path)
    assert "cartesia_cli.audio.subtitles" in loaded
    assert "Hello there." in (tmp_path / "out.srt").read_text()


# Each transport loads its own protocol library and nothing of the others; httpx never; ssl and a
# CA bundle only for https and wss (benchmarks/, suite `transport`, has the milliseconds).
TRANSPORT_MODULES = ("httpx", "httpcore", "h11", "httptools", "websockets", "websockets.sync",
                     "ssl", "certifi", "urllib.request", "importlib.metadata")


@pytest.mark.parametrize("args, expected", [
    (["say", "-o", "-", "hi"], {"httptools"}),
    (["stream", "--transport", "sse", "-o", "-", "hi"], {"httptools"}),
    (["stream", "-o", "-", "hi"], {"websockets", "importlib.metadata"}),
], ids=["bytes", "sse", "websocket"])
def test_a_request_loads_only_its_own_transport(args, expected, emulator, tmp_path):
    loaded = set(_run_loaded(args, tmp_path))
    assert {m for m in TRANSPORT_MODULES if m in loaded} == expected
