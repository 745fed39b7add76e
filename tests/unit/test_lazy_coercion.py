"""Values are converted here, without Typer's pydantic validators: valid ones give exactly what
Typer would give, invalid ones a usage error in plain words; kinds this module does not know still
go through Typer."""

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
from cartesia_cli.errors import UsageError


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


def _same_as_typers(path, name, value):
    """Asserts `passthrough` gives the value itself, equal to and of the type Typer gives;
    returns the parameter, its context and Typer's value."""
    command = _command(*path)
    param = _param(command, name)
    ctx = typer.Context(command, info_name="cartesia")
    ours = passthrough(param, ctx, value)
    assert ours is not CONVERT
    theirs = _typers(param, ctx, value)
    assert ours == theirs and type(ours) is type(theirs)
    return param, ctx, theirs


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
    param, ctx, theirs = _same_as_typers(path, name, value)
    assert param.process_value(ctx, value) == theirs


@pytest.mark.parametrize(("path", "name", "value"), [
    (("say",), "sample_rate", "44100"),  # numbers and choices are converted here
    (("say",), "speed", "1.2"),
    (("say",), "speed", "-0.5"),
    ((), "timeout", "30"),
    ((), "max_retries", "3"),
    (("voices", "list"), "limit", "5"),
    (("voices", "list"), "limit", 20),  # the default, already a number
    (("stream",), "max_buffer_delay", "250"),
    (("emulator",), "latency_ms", 0.0),
])
def test_valid_numbers_and_choices_give_what_typer_gives(path, name, value):
    _same_as_typers(path, name, value)


@pytest.mark.parametrize(("path", "name", "value", "expected"), [
    (("say",), "encoding", "PCM_F32LE", "pcm_f32le"),  # any case
    (("say",), "encoding", "s16", "pcm_s16le"),  # common aliases
    (("say",), "fmt", "wave", "wav"),
    (("stream",), "transport", "ws", "websocket"),
    (("stream",), "transport", " SSE ", "sse"),
    (("say",), "sample_rate", "24k", 24000),  # with a unit
    (("say",), "sample_rate", "44.1 kHz", 44100),
    (("say",), "sample_rate", "48000Hz", 48000),
])
def test_choices_accept_other_cases_aliases_and_units(path, name, value, expected):
    command = _command(*path)
    param = _param(command, name)
    ctx = typer.Context(command, info_name="cartesia")
    assert param.process_value(ctx, value) == expected


@pytest.mark.parametrize(("path", "name", "value", "message", "hint"), [
    (("say",), "fmt", "mp4", "invalid value `mp4` for --format",
     "did you mean mp3? choose one of wav, raw, mp3, flac, ogg, opus"),
    (("say",), "sample_rate", "12345", "invalid value `12345` for --sample-rate",
     "choose one of 8000, 16000, 22050, 24000, 44100, 48000"),
    (("say",), "fmt", "ws", "invalid value `ws` for --format", None),  # not its alias
    (("say",), "speed", "fast", "invalid value `fast` for --speed: expected a number", None),
    (("say",), "speed", "1,2", "invalid value `1,2` for --speed: expected a number",
     "write decimals with a point: 1.2"),
    (("voices", "list"), "limit", "2.5",
     "invalid value `2.5` for --limit: expected a whole number",
     "give a whole number, without a fraction"),
    (("voices", "list"), "limit", "0", "--limit 0 is out of range: expected at least 1",
     None),
    (("completion",), "shell", "tcsh", "invalid value `tcsh` for SHELL",
     "choose one of bash, zsh, fish"),
    (("say",), "fmt", "", 'invalid value "" for --format', None),
])
def test_values_that_do_not_fit_are_usage_errors_in_plain_words(path, name, value, message,
                                                                  hint):
    command = _command(*path)
    param = _param(command, name)
    ctx = typer.Context(command, info_name="cartesia")
    with pytest.raises(UsageError) as caught:
        param.process_value(ctx, value)
    assert caught.value.message == message
    if hint is not None:
        assert caught.value.hint == hint


@pytest.mark.parametrize(("path", "name", "value"), [
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


def test_required_values_are_ours_and_callbacks_keep_typers_checks():
    command = _command("completion")
    shell = _param(command, "shell")
    ctx = typer.Context(command, info_name="completion")
    assert shell.required and shell.process_value(ctx, "zsh") == "zsh"
    with pytest.raises(UsageError) as missing:
        shell.process_value(ctx, None)
    assert missing.value.message == "`completion` needs SHELL"
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
    assert kinds["speed"] == "float" and kinds["sample_rate"] == "choice"
    assert kinds["stats"] == "other"


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
                     "e": ("list", ()), "g": ("int", ()), "h": ("str", ()),
                     "i": ("choice", (1, 2)), "j": OTHER}


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


def test_invalid_values_get_plain_words_without_pydantic():
    proc = _probe(["say", "--sample-rate", "1234", "-o", "x.wav", "hi"])
    assert proc.stderr.startswith("error: invalid value `1234` for --sample-rate\n")
    assert "exit 2 False" in proc.stderr


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
