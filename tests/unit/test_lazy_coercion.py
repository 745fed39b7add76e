"""Plain option values skip Typer's pydantic validators, and give exactly what Typer would give;
everything else still goes through Typer (same conversions, same error messages)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer.main

from cartesia_cli.cli.app import app
from cartesia_cli.cli.lazy_coercion import _MISSING, passthrough

typer_coercion = pytest.importorskip("typer._coercion")


def _command_params(name: str) -> dict[str, object]:
    group = typer.main.get_command(app)
    command = group.commands[name]  # type: ignore[attr-defined]
    return {p.name: p for p in command.params}


class _Ctx:
    token_normalize_func = None


@pytest.mark.parametrize(("param_name", "value"), [
    ("output", "out.wav"),
    ("output", None),
    ("encoding", "pcm_f32le"),
    ("fmt", "wav"),
    ("text", ("Hello", "there")),
    ("text", None),
    ("voice", "Ünïcödé name ✓"),
])
def test_passthrough_gives_what_typer_gives(param_name, value):
    param = _command_params("say")[param_name]
    ours = passthrough(param, value, _Ctx())
    assert ours is not _MISSING
    theirs = typer_coercion.build_runtime_param(param.type_descriptor).coerce(
        value, param=param, ctx=_Ctx())
    assert ours == theirs and type(ours) is type(theirs)


@pytest.mark.parametrize(("param_name", "value"), [
    ("sample_rate", "44100"),  # numbers are converted by Typer
    ("speed", "1.2"),
    ("encoding", "PCM_F32LE"),  # not an exact choice: Typer decides
    ("voice", "bad \udcff surrogate"),  # pydantic rejects lone surrogates
])
def test_everything_else_goes_to_typer(param_name, value):
    param = _command_params("say")[param_name]
    assert passthrough(param, value, _Ctx()) is _MISSING


PROBE = """
import sys
sys.argv = ["cartesia", *{args!r}]
from cartesia_cli.cli.app import main
try:
    main()
except SystemExit as exc:
    print("exit", exc.code, "pydantic" in sys.modules, file=sys.stderr)
"""


def test_invalid_values_still_get_typers_messages():
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=["say", "--sample-rate", "1234", "-o", "x.wav",
                                                  "hi"])],
        capture_output=True, text=True, timeout=60)
    assert "Invalid value for '--sample-rate'" in proc.stderr
    assert "'1234' is not one of" in proc.stderr
    assert "exit 2" in proc.stderr


def test_a_plain_say_never_imports_pydantic(emulator, tmp_path):
    args = ["--color", "never", "say", "-o", str(tmp_path / "x.wav"), "--encoding", "pcm_s16le",
            "--format", "wav", "Hello there."]
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=args)],
                          capture_output=True, text=True, timeout=60)
    assert proc.stderr.strip().splitlines()[-1] == "exit 0 False", proc.stderr
    assert (tmp_path / "x.wav").stat().st_size > 44
