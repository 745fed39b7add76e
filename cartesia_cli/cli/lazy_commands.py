"""Subcommands imported and built on first use, through Typer's public hooks only.

Typer turns every command registered on an app into a click command, parameter by parameter,
before it parses anything, and every command's module has to be imported to register it: for
`cartesia --version` that was most of the time spent beyond Typer's own import. So the root app
registers no subcommand. Its group class (`typer.Typer(cls=...)`, a `TyperGroup` subclass) knows
them by name and module, and builds one when it is first looked up: click's lazy-group pattern
(`get_command`, `list_commands`), over a `commands` mapping whose keys are all the names.

Typer itself builds each command: `typer.main.get_command` on a small Typer app, with the root
app's settings, to which the command's module registers it (its `register(app)`). That is the
same call chain as registering it on the root app, so help, parameters, errors and exit codes are
what an eager build gives. `cartesia say ...` imports and builds `say` alone; `cartesia --version`
builds none; `--help` and `cartesia completion` (which list them all) build them all.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from typing import Any

import typer
import typer.main

from cartesia_cli.cli.lazy_coercion import PlainValuesGroup, install_tree


class LazyCommands(MutableMapping[str, Any]):
    """name -> click command, each built by `build(name)` on first access, in the given order.

    Membership, iteration and len() build nothing (the names are known up front)."""

    def __init__(self, build: Callable[[str], Any], names: Iterable[str]) -> None:
        self._build = build
        self._names: dict[str, None] = dict.fromkeys(names)  # an ordered set
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._names:
                raise KeyError(name)
            self._built[name] = self._build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._names[name] = None
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._names[name]
        self._built.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    @property
    def built(self) -> list[str]:
        """The names built so far (for tests and diagnostics)."""
        return list(self._built)


class LazyGroup(PlainValuesGroup):
    """A TyperGroup whose `subcommands` (name -> module whose `register(app)` adds that command
    to a Typer app) are imported and built when first looked up. Set `subcommands` on a subclass
    and pass it as `typer.Typer(cls=...)`; commands registered on the app itself come first."""

    subcommands: Mapping[str, str] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        commands = LazyCommands(self._build_subcommand, [*self.commands, *self.subcommands])
        for name, command in self.commands.items():
            commands[name] = command
        self.commands = commands

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names only: nothing is built to list them

    def _build_subcommand(self, name: str) -> Any:
        module = importlib.import_module(self.subcommands[name])
        app = typer.Typer(add_completion=False, rich_markup_mode=self.rich_markup_mode,
                          suggest_commands=self.suggest_commands)
        module.register(app)
        command: Any = typer.main.get_command(app)
        if command.name != name:  # a sub-app (add_typer) comes inside the app's own group
            command = command.commands[name]
        install_tree(command)  # plain values skip Typer's pydantic conversion (lazy_coercion.py)
        return command
