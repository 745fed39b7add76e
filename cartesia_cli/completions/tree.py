"""The command tree the completion scripts are generated from: commands, options and their values.

Read from the click command behind the Typer app by duck typing (no typer or click import here),
plus the hints a type cannot carry: which strings are files, voice names, profiles or settings.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cartesia_cli.config import SETTINGS
from cartesia_cli.facts import (
    GRANTS,
    KNOWN_VERSIONS,
    LANGUAGES,
    LOCALIZE_DIALECTS,
    NORMALIZATION_WORDS,
)


@dataclass(frozen=True)
class Values:
    """What a value may be: `words` (a fixed list), `files`, `voices`, `profiles`, or `none`."""

    kind: str
    words: tuple[str, ...] = ()


NONE = Values("none")
FILES = Values("files")
VOICES = Values("voices")  # names used before (the name cache) and listed (the catalog)
PROFILES = Values("profiles")  # [profiles.NAME] tables of the config file
EMULATOR_ENGINES = ("espeak", "tone")

# Values the option's type does not tell (choices from Literal types are read from the tree).
OPTION_VALUES: dict[str, Values] = {
    "--output": FILES,
    "--output-dir": FILES,
    "--file": FILES,
    "--subtitles": FILES,
    "--timestamps": FILES,
    "--payload": FILES,
    "--voice": VOICES,
    "--base-voice": VOICES,
    "--profile": PROFILES,
    "--grant": Values("words", GRANTS),
    "--cartesia-version": Values("words", KNOWN_VERSIONS),
    "--target-version": Values("words", KNOWN_VERSIONS),
    "--engine": Values("words", EMULATOR_ENGINES),
    "--language": Values("words", tuple(sorted(LANGUAGES))),
    "--normalization": Values("words", NORMALIZATION_WORDS),
    "--dialect": Values("words", tuple(sorted({d for ds in LOCALIZE_DIALECTS.values()
                                               for d in ds}))),
}
# Positional arguments, keyed by command path + argument name.
ARGUMENT_VALUES: dict[tuple[str, ...], Values] = {
    ("voices", "get", "voice"): VOICES,
    ("voices", "update", "voice"): VOICES,
    ("voices", "delete", "voices"): VOICES,
    ("voices", "localize", "voice"): VOICES,
    ("voices", "audition", "voices"): VOICES,
    ("voices", "clone", "clip"): FILES,
    ("config", "get", "name"): Values("words", tuple(SETTINGS)),
    ("config", "set", "name"): Values("words", tuple(SETTINGS)),
    ("config", "unset", "name"): Values("words", tuple(SETTINGS)),
    ("migrate-check", "paths"): FILES,
    ("batch", "manifest"): FILES,
}


@dataclass(frozen=True)
class Option:
    names: tuple[str, ...]  # short names first: ("-o", "--output")
    help: str
    takes_value: bool
    repeatable: bool
    values: Values

    @property
    def long(self) -> str:
        return self.names[-1]


@dataclass(frozen=True)
class Argument:
    name: str
    label: str  # as the help shows it: the metavar, else the name
    help: str
    many: bool  # takes every remaining word
    required: bool
    values: Values


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]  # () for the root
    help: str
    options: tuple[Option, ...]
    arguments: tuple[Argument, ...]
    commands: tuple[Command, ...]

    @property
    def key(self) -> str:
        """The path as the scripts spell it: "" for the root, "voices list" below it."""
        return " ".join(self.path)

    def walk(self) -> Iterator[Command]:
        yield self
        for command in self.commands:
            yield from command.walk()


def summary(text: str | None, limit: int = 72) -> str:
    """The first sentence of a help text, without `[default: ...]` notes, on one short line."""
    paragraph = inspect.cleandoc(text or "").split("\f")[0].split("\n\n")[0]
    line = " ".join(paragraph.replace("\b", " ").split())
    line = re.sub(r"\s*\[[^\]]*\]", "", line)
    line = re.split(r"(?<=\.)\s+(?=[A-Z])", line, maxsplit=1)[0]
    line = line[:-1] if line.endswith(".") and not line.endswith("...") else line
    return line if len(line) <= limit else line[: limit - 3].rstrip() + "..."


def _choices(param: Any) -> tuple[str, ...] | None:
    # Typer 0.29 keeps the choices on a type descriptor; click (and older Typer) on the type.
    holder = getattr(param, "type_descriptor", None) or getattr(param, "type", None)
    choices = getattr(holder, "choices", None)
    return tuple(str(getattr(c, "value", c)) for c in choices) if choices else None


def _values(param: Any, hint: Values | None) -> Values:
    choices = _choices(param)
    if choices and (hint is None or hint.kind == "files"):  # batch --subtitles srt|vtt
        return Values("words", choices)
    return hint or NONE


def _option(param: Any) -> Option:
    names = tuple(sorted([*param.opts, *param.secondary_opts], key=lambda n: (len(n) > 2, n)))
    takes_value = not (getattr(param, "is_flag", False) or getattr(param, "count", False))
    long = names[-1]
    return Option(names=names, help=summary(param.help), takes_value=takes_value,
                  repeatable=bool(param.multiple or getattr(param, "count", False)),
                  values=_values(param, OPTION_VALUES.get(long)) if takes_value else NONE)


def _argument(param: Any, path: tuple[str, ...]) -> Argument:
    return Argument(name=param.name, label=param.metavar or param.name,
                    help=summary(getattr(param, "help", None)),
                    many=param.nargs == -1, required=bool(param.required),
                    values=_values(param, ARGUMENT_VALUES.get((*path, param.name))))


def build(command: Any, path: tuple[str, ...] = (),
          help_names: tuple[str, ...] = ("--help",)) -> Command:
    """The tree below a click command (a Typer app's `typer.main.get_command(app)`)."""
    # As in click, help option names come from the context settings, inherited downwards.
    settings = getattr(command, "context_settings", None) or {}
    help_names = tuple(settings.get("help_option_names") or help_names)
    options: list[Option] = []
    arguments: list[Argument] = []
    for param in command.params:
        if getattr(param, "hidden", False):
            continue
        if param.param_type_name == "argument":
            arguments.append(_argument(param, path))
        else:
            options.append(_option(param))
    taken = {name for option in options for name in option.names}
    free = tuple(name for name in help_names if name not in taken)
    if free and getattr(command, "add_help_option", True):
        options.append(Option(names=free, help="Show the help and exit", takes_value=False,
                              repeatable=False, values=NONE))
    children = getattr(command, "commands", {})
    subcommands = tuple(build(child, (*path, name), help_names)
                        for name, child in children.items()
                        if not getattr(child, "hidden", False))
    return Command(path=path, help=summary(command.help or command.short_help),
                   options=tuple(options), arguments=tuple(arguments), commands=subcommands)

