"""The run-time root command builds subcommands on first use, and they are exactly Typer's."""

from __future__ import annotations

import pytest
import typer.main

from cartesia_cli.cli.app import app
from cartesia_cli.cli.lazy_commands import LazyCommands, root_command


def _describe(command) -> tuple:
    params = tuple((p.name, tuple(p.opts), p.required, getattr(p, "help", None))
                   for p in command.params)
    children = getattr(command, "commands", {})
    return (command.name, command.help, params,
            tuple((name, _describe(child)) for name, child in children.items()))


def test_same_tree_as_typer_builds():
    lazy = root_command(app)
    assert isinstance(lazy.commands, LazyCommands)
    assert _describe(lazy) == _describe(typer.main.get_command(app))


def test_version_builds_no_subcommand(capsys):
    root = root_command(app)
    with pytest.raises(SystemExit) as exc:
        root(["--version"], prog_name="cartesia")
    assert exc.value.code == 0
    assert "cartesia-cli" in capsys.readouterr().out
    assert root.commands._built == {}


def test_a_subcommand_builds_only_itself(capsys):
    root = root_command(app)
    with pytest.raises(SystemExit):
        root(["config", "path"], prog_name="cartesia")
    assert set(root.commands._built) == {"config"}
    assert list(root.commands) == list(typer.main.get_command(app).commands)


def test_typos_still_get_suggestions(capsys):
    root = root_command(app)
    with pytest.raises(SystemExit) as exc:
        root(["sya"], prog_name="cartesia")
    assert exc.value.code == 2
    assert "Did you mean 'say'?" in capsys.readouterr().err


def test_registering_keeps_the_app_complete():
    root_command(app)
    assert len(typer.main.get_command(app).commands) == len(app.registered_commands) + len(
        app.registered_groups)
