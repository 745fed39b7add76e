"""The root group builds subcommands on first use, and they are exactly what Typer builds when the
commands are registered on one app (the eager way)."""

from __future__ import annotations

import importlib

import pytest
import typer
import typer.main

from cartesia_cli.cli.app import CartesiaGroup, app
from cartesia_cli.cli.lazy_coercion import PlainValuesGroup
from cartesia_cli.cli.lazy_commands import LazyCommands


def _eager_root() -> typer.Typer:
    """The same commands registered on one Typer app, with the root app's settings and its
    parameter classes (cli/lazy_coercion.py)."""
    eager = typer.Typer(cls=PlainValuesGroup, add_completion=False, rich_markup_mode=None,
                        context_settings={"help_option_names": ["-h", "--help"]})
    for module in CartesiaGroup.subcommands.values():
        importlib.import_module(module).register(eager)
    return eager


def _describe(command) -> tuple:
    params = tuple((p.name, tuple(p.opts), tuple(p.secondary_opts), p.required, p.multiple,
                    p.nargs, p.default, getattr(p, "help", None), p.param_type_name)
                   for p in command.params)
    children = getattr(command, "commands", {})
    return (command.name, command.help, command.epilog, command.short_help, command.hidden,
            command.no_args_is_help, params,
            tuple((name, _describe(child)) for name, child in children.items()))


def _helps(command, ctx) -> dict[str, str]:
    """Every help page below `command`, rendered in context."""
    pages = {ctx.command_path: command.get_help(ctx)}
    for name, child in getattr(command, "commands", {}).items():
        pages.update(_helps(child, typer.Context(child, info_name=name, parent=ctx)))
    return pages


def test_same_commands_in_the_same_order_as_an_eager_build():
    lazy = typer.main.get_command(app)
    eager = typer.main.get_command(_eager_root())
    assert isinstance(lazy.commands, LazyCommands)
    assert list(lazy.commands) == list(eager.commands)
    for name in eager.commands:
        assert _describe(lazy.commands[name]) == _describe(eager.commands[name]), name


def test_same_help_pages_as_an_eager_build():
    lazy = typer.main.get_command(app)
    eager = typer.main.get_command(_eager_root())
    root_ctx = typer.Context(lazy, info_name="cartesia")
    for name in eager.commands:
        assert _helps(lazy.commands[name], typer.Context(
            lazy.commands[name], info_name=name, parent=root_ctx)) == _helps(
            eager.commands[name], typer.Context(eager.commands[name], info_name=name,
                                                parent=root_ctx)), name


def test_version_builds_no_subcommand(capsys):
    root = typer.main.get_command(app)
    with pytest.raises(SystemExit) as exc:
        root(["--version"], prog_name="cartesia")
    assert exc.value.code == 0
    assert "cartesia-cli" in capsys.readouterr().out
    assert root.commands.built == []


def test_listing_and_lookups_of_unknown_names_build_nothing():
    root = typer.main.get_command(app)
    assert root.list_commands(typer.Context(root)) == list(CartesiaGroup.subcommands)
    assert "nope" not in root.commands and root.commands.get("nope") is None
    assert "say" in root.commands and len(root.commands) == len(CartesiaGroup.subcommands)
    assert root.commands.built == []


def test_a_subcommand_builds_only_itself(capsys):
    root = typer.main.get_command(app)
    with pytest.raises(SystemExit):
        root(["config", "path"], prog_name="cartesia")
    assert root.commands.built == ["config"]


def test_typos_still_get_suggestions(capsys):
    root = typer.main.get_command(app)
    with pytest.raises(SystemExit) as exc:
        root(["sya"], prog_name="cartesia")
    assert exc.value.code == 2
    assert capsys.readouterr().err == ("error: unknown command `sya` for `cartesia`\n"
                                       "hint: did you mean `cartesia say`?\n")


def test_commands_added_by_hand_keep_working():
    root = typer.main.get_command(app)
    extra = typer.main.get_command(_eager_root()).commands["say"]
    root.add_command(extra, "again")
    assert list(root.commands)[-1] == "again" and root.commands["again"] is extra
    del root.commands["again"]
    assert "again" not in root.commands
