"""Global options typed after the subcommand are moved in front of it, and nothing else moves."""

from __future__ import annotations

import pytest
import typer.main

from cartesia_cli.cli.app import app
from cartesia_cli.cli.usage import hoist_global_options
from cartesia_cli.errors import UsageError

HELP = ["-h", "--help"]


def _hoist(*args: str) -> list[str]:
    return hoist_global_options(typer.main.get_command(app), list(args), HELP)


@pytest.mark.parametrize(("typed", "parsed"), [
    (["say", "--offline", "hi"], ["--offline", "say", "hi"]),
    (["say", "hi", "-q"], ["-q", "say", "hi"]),
    (["say", "--profile", "work", "-o", "x.wav", "hi"],
     ["--profile", "work", "say", "-o", "x.wav", "hi"]),
    (["say", "--timeout=5", "hi"], ["--timeout=5", "say", "hi"]),
    (["--verbose", "say", "--debug", "hi"], ["--verbose", "--debug", "say", "hi"]),
    (["voices", "list", "-q", "-s", "x"], ["-q", "voices", "list", "-s", "x"]),
    (["config", "--profile", "work", "get", "voice"],
     ["--profile", "work", "config", "get", "voice"]),
])
def test_global_options_move_before_the_command(typed, parsed):
    assert _hoist(*typed) == parsed


@pytest.mark.parametrize("typed", [
    ["say", "-o", "--offline"],  # a value, even one that looks like an option
    ["say", "--", "--offline"],  # text after --
    ["say", "-h"],  # the subcommand's own help
    ["emulator", "--api-key", "sk_car_x"],  # the emulator's own --api-key
    ["--offline", "say", "hi"],  # already in front
    ["nope", "--offline"],  # no such command: the error says so
    ["--version"],
    [],
])
def test_everything_else_stays_where_it_is(typed):
    assert _hoist(*typed) == typed


def test_a_global_option_without_its_value_is_a_usage_error():
    with pytest.raises(UsageError, match="--timeout needs a value"):
        _hoist("say", "hi", "--timeout")
