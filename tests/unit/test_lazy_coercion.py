"""Values that need no conversion skip Typer's pydantic validators and give exactly what Typer
would give; everything else still goes through Typer (same conversions, same error messages)."""

from __future__ import annotations

import inspect
import subprocess
import sys
from typing import Annotated, Literal

import pytest
import typer
import typer.main
from typer.core import TyperArgument, TyperOption

from cartesia_cli.cli.app import app
from cartesia_cli.cli.lazy_coercion import (
    CONVERT,
    OTHER,
    PlainTextArgument,
    PlainTextOption,
    PlainValuesCommand,
    PlainValuesGroup,
    passthrough,
    plain_kind,
)


def _command(*path: str):
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    return command


def _param(command, name: str):
    return next(p for p in command.params if p.name == name)


def _typers(param, ctx, value):
    """What Typer's own process_value gives (the base class's public method)."""
    base = TyperArgument if isinstance(param, TyperArgument) else TyperOption
    return base.process_value(param, ctx, value)


def _outcome(process, *args):
    try:
        return ("ok", process(*args))
    except Exception as exc:  # noqa: BLE001 - compared, not handled
        return (type(exc), str(exc))


SAME_AS_TYPER = [
    ((), "api_key", "sk_car_x"),
    ((), "api_key", None),
    ((), "color", "auto"),
    ((), "color", "never"),
    ((), "timeout", None),
    (("say",), "output", "out.wav"),
    (("say",), "output", "-"),
    (("say",), "output", None),
    (("say",), "encoding", "pcm_f32le"),
    (("say",), "fmt", "wav"),
    (("say",), "text", ("Hello", "there")),
    (("say",), "text", ()),
    (("say",), "text", None),
    (("say",), "voice", "Ünïcödé name ✓"),
    (("say",), "speed", None),
    (("say",), "sample_rate", None),
    (("stream",), "transport", "sse"),
    (("stream",), "max_buffer_delay", None),
]


@pytest.mark.parametrize(("path", "name", "value"), SAME_AS_TYPER)
def test_passed_values_are_what_typer_gives(path, name, value):
    command = _command(*path)
    param = _param(command, name)
    ctx = typer.Context(command, info_name="cartesia")
    ours = passthrough(param, ctx, value)
    assert ours is not CONVERT
    theirs = _typers(param, ctx, value)
    assert ours == theirs and type(ours) is type(theirs)
    assert param.process_value(ctx, value) == theirs


@pytest.mark.parametrize(("path", "name", "value"), [
    (("say",), "sample_rate", "44100"),  # numbers are converted by Typer
    (("say",), "speed", "1.2"),
    ((), "timeout", "30"),
    (("say",), "encoding", "PCM_F32LE"),  # not an exact choice: Typer decides
    (("say",), "voice", "bad \udcff surrogate"),  # pydantic rejects lone surrogates
    (("say",), "text", ("ok", "bad \udcff")),
    (("say",), "stats", True),  # flags: Typer's own shortcut
])
def test_everything_else_goes_to_typer(path, name, value):
    command = _command(*path)
    param = _param(command, name)
    ctx = typer.Context(command, info_name="cartesia")
    assert passthrough(param, ctx, value) is CONVERT
    assert _outcome(param.process_value, ctx, value) == _outcome(_typers, param, ctx, value)


def test_required_values_and_callbacks_keep_typers_checks():
    command = _command("completion")
    shell = _param(command, "shell")
    ctx = typer.Context(command, info_name="completion")
    assert shell.required and shell.process_value(ctx, "zsh") == "zsh"
    missing = _outcome(shell.process_value, ctx, None)
    assert missing[0] is not str and missing == _outcome(_typers, shell, ctx, None)
    root = _command()
    ctx = typer.Context(root, info_name="cartesia")
    version = _param(root, "version")
    help_option = root.get_params(ctx)[-1]
    assert help_option.name == "help"
    for param in (version, help_option):
        assert param.callback is not None
        for value in (None, False):
            assert _outcome(param.process_value, ctx, value) == _outcome(
                _typers, param, ctx, value)


def _walk(command):
    yield command
    for child in getattr(command, "commands", {}).values():
        yield from _walk(child)


def test_every_command_and_parameter_of_the_tree_takes_part():
    root = _command()
    for command in _walk(root):
        assert isinstance(command, (PlainValuesCommand, PlainValuesGroup)), command.name
        for param in command.get_params(typer.Context(command)):  # the help flag too
            assert isinstance(param, (PlainTextOption, PlainTextArgument)), param.name
    say = _command("say")
    kinds = {p.name: p.plain[0] for p in say.params}
    assert kinds["text"] == "list" and kinds["voice"] == "str" and kinds["fmt"] == "choice"
    assert kinds["speed"] == kinds["sample_rate"] == kinds["stats"] == "other"


def _declared(function):
    return inspect.signature(function, eval_str=True).parameters  # as Typer reads them


def test_what_may_pass_is_read_from_the_annotations():
    def f(a: Annotated[str | None, typer.Option()] = None,
          b: Annotated[str, typer.Option(parser=str.upper)] = "x",
          c: Annotated[Literal["x", "y"], typer.Option(case_sensitive=False)] = "x",
          d: Annotated[Literal["x", "y"], typer.Option()] = "x",
          e: Annotated[list[str] | None, typer.Argument()] = None,
          g: int = 3,
          h: str = typer.Option("x"),
          i: Literal[1, 2] = 1,
          j: str | int = "x") -> None:
        """A function declaring one parameter of each sort."""

    kinds = {name: plain_kind(p) for name, p in _declared(f).items()}
    assert kinds == {"a": ("str", ()), "b": OTHER, "c": OTHER, "d": ("choice", ("x", "y")),
                     "e": ("list", ()), "g": OTHER, "h": ("str", ()), "i": OTHER, "j": OTHER}


PROBE = """
import sys
sys.argv = ["cartesia", *{args!r}]
from cartesia_cli.cli.app import main
try:
    main()
except SystemExit as exc:
    print("exit", exc.code, "pydantic" in sys.modules, file=sys.stderr)
"""


def _probe(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROBE.format(args=args)],
                          capture_output=True, text=True, timeout=60)


def test_invalid_values_still_get_typers_messages():
    proc = _probe(["say", "--sample-rate", "1234", "-o", "x.wav", "hi"])
    assert "Invalid value for '--sample-rate'" in proc.stderr
    assert "'1234' is not one of" in proc.stderr
    assert "exit 2 True" in proc.stderr


@pytest.mark.parametrize("args", [["say", "--help"], ["config", "path"], ["completion", "bash"]])
def test_commands_without_values_to_convert_never_import_pydantic(args):
    proc = _probe(args)
    assert proc.stderr.strip().splitlines()[-1] == "exit 0 False", proc.stderr


@pytest.mark.parametrize("command", [["say"], ["stream"], ["stream", "--transport", "sse"]])
def test_a_plain_run_never_imports_pydantic(emulator, tmp_path, command):
    out = tmp_path / "x.wav"
    proc = _probe(["--color", "never", *command, "-o", str(out), "--encoding", "pcm_s16le",
                   "--format", "wav", "Hello there."])
    assert proc.stderr.strip().splitlines()[-1] == "exit 0 False", proc.stderr
    assert out.stat().st_size > 44
