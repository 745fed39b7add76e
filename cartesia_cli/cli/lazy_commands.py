"""The root command for a real run, with subcommands built on first use.

Typer turns every registered command into a click command, parameter by parameter, before it
parses anything: for `cartesia --version` that is most of the time spent beyond Typer's own
import, for commands it will never run. Here the root group is built alone and its `commands`
mapping builds a subcommand when it is first looked up: `cartesia say ...` builds `say`,
`cartesia --version` builds none, `--help` and completion (which list them all) build them all.
The commands built are exactly Typer's, so behaviour and help text do not change.

Only `main()` uses this; `typer.main.get_command(app)` (docs, tests) still builds everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from functools import partial
from typing import Any

import typer
import typer.main


class LazyCommands(MutableMapping[str, Any]):
    """name -> click command, each built by its builder on first access, in registration order."""

    def __init__(self, builders: dict[str, Callable[[], Any]]) -> None:
        self._builders = builders
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = self._builders[name]()  # KeyError for unknown names, as dict
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._builders[name] = lambda: command
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._builders[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)


def root_command(app: typer.Typer) -> Any:
    """`typer.main.get_command(app)`, with subcommands left to build on first use.

    Falls back to the eager build when a sub-app has no name (Typer then merges its commands
    into the parent, which needs them built).
    """
    options = {"pretty_exceptions_short": app.pretty_exceptions_short,
               "rich_markup_mode": app.rich_markup_mode}
    builders: dict[str, Callable[[], Any]] = {}
    for info in app.registered_commands:
        if info.callback is None:
            return typer.main.get_command(app)
        name = info.name or typer.main.get_command_name(info.callback.__name__)
        builders[name] = partial(typer.main.get_command_from_info, info, **options)
    for group_info in app.registered_groups:
        name = typer.main.solve_typer_info_defaults(group_info).name
        if not name:
            return typer.main.get_command(app)
        builders[name] = partial(typer.main.get_group_from_info, group_info,
                                 suggest_commands=app.suggest_commands, **options)
    commands, groups = app.registered_commands, app.registered_groups
    app.registered_commands, app.registered_groups = [], []
    try:
        root = typer.main.get_command(app)  # the root group and its own options only
    finally:
        app.registered_commands, app.registered_groups = commands, groups
    root.commands = LazyCommands(builders)  # type: ignore[attr-defined]
    return root
