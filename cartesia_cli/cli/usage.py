"""Usage errors in the CLI's own words, global options where people type them, the quick start.

Typer (and the click it carries) reports a bad command line as `Usage: … Error: Invalid value for
'--format': Value error, …`. Here every such failure becomes one `UsageError` (exit 2), rendered
once by the CLI boundary (cli/app.py) as `error: …` / `hint: …`: unknown options and commands
keep their "did you mean", a missing value or argument says which. Only public attributes of the
framework's exceptions are read (`option_name`, `possibilities`, `param`, `ctx`, `message`).

`cartesia say --offline hi` is what people type: options of the root command given after a
subcommand, and not defined by that subcommand, are moved before it (`hoist_global_options`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from cartesia_cli.errors import UsageError

QUICK_START = """\
cartesia: speech from the Cartesia text-to-speech API, in a terminal, a pipe or a CI job.

Try it now, with no key and no network (a local emulator speaks):
  cartesia --offline say "Hello from Cartesia" -o hello.wav

With an API key from your Cartesia account:
  export CARTESIA_API_KEY=sk_car_...         or: cartesia config set api_key
  cartesia say "Hello from Cartesia"         play on the speakers
  cartesia say -o hello.mp3 "Hello"          write a file (format from the extension)
  llm "Tell a story" | cartesia stream       speak text while it arrives
  cartesia voices list                       browse the voices

Commands: {commands}
`cartesia --help` lists every option; `cartesia COMMAND --help` shows examples.
"""


def quick_start(commands: Iterable[str]) -> str:
    return QUICK_START.format(commands=", ".join(commands))


def shown(value: str) -> str:
    """A value as messages quote it: `mp4`, or "" for an empty one."""
    return f"`{value}`" if value.strip() else repr(value).replace("'", '"')


def label(param: Any) -> str:
    """How a message names a parameter: its long option (`--format`) or its placeholder
    (`SHELL`)."""
    if param.param_type_name == "option" and param.opts:
        return str(max(param.opts, key=len))
    return str(param.metavar or param.name or "argument").upper()


def range_words(low: float | None, high: float | None) -> str:
    def number(value: float) -> str:
        return f"{value:g}"

    if low is not None and high is not None:
        return f"{number(low)} to {number(high)}"
    if low is not None:
        return f"at least {number(low)}"
    return f"at most {number(high)}" if high is not None else "a number"


def _help_hint(ctx: Any) -> str:
    path = getattr(ctx, "command_path", None) or "cartesia"
    return f"`{path} --help` shows the usage and examples"


def missing(param: Any, ctx: Any) -> UsageError:
    path = getattr(ctx, "command_path", None) or "cartesia"
    what = "a value for " if param.param_type_name == "option" else ""
    return UsageError(f"`{path}` needs {what}{label(param)}", hint=_help_hint(ctx))


def show_group_help(ctx: Any) -> None:
    """A group named alone (`cartesia voices`): its help, on stdout, and exit 0."""
    sys.stdout.write(ctx.get_help() + "\n")
    ctx.exit(0)


def _suggest(word: str, names: Sequence[str]) -> str | None:
    from difflib import get_close_matches

    close = get_close_matches(word, names, n=1)
    return close[0] if close else None


def unknown_command(ctx: Any, name: str, names: Sequence[str]) -> UsageError:
    path = getattr(ctx, "command_path", None) or "cartesia"
    close = _suggest(name, names)
    listed = ", ".join(names)
    hint = f"did you mean `{path} {close}`?" if close else f"commands: {listed}"
    return UsageError(f"unknown command {shown(name)} for `{path}`", hint=hint)


def _plain(message: str) -> str:
    """A framework message in the CLI's style: no capital, no final period, backquotes."""
    message = re.sub(r"'([^']*)'", r"`\1`", message.strip()).rstrip(".")
    return message[:1].lower() + message[1:]


def framework_error(exc: Any) -> UsageError:
    """The UsageError for a failure Typer (or its click) raised while parsing the command line.

    Read through public attributes only; whatever is not recognised keeps its own words."""
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None) or "cartesia"
    option = getattr(exc, "option_name", None)
    message = str(getattr(exc, "message", "") or exc)
    if option is not None and hasattr(exc, "possibilities"):  # an unknown option
        possible = list(getattr(exc, "possibilities", None) or [])
        owners = _owners(ctx, option)
        if possible:
            hint = f"did you mean {' or '.join(sorted(possible))}?"
        elif owners:
            hint = f"{option} is an option of " + " and ".join(f"`{o}`" for o in owners)
        else:
            hint = _help_hint(ctx)
        return UsageError(f"unknown option {option} for `{path}`", hint=hint)
    if option is not None and "requires" in message:
        return UsageError(f"{option} needs a value",
                          hint=f"put the value right after it: {option} VALUE"
                          + (f"; {_help_hint(ctx)}" if ctx is not None else ""))
    if option is not None and "does not take a value" in message:
        return UsageError(f"{option} takes no value", hint=f"give {option} alone")
    param = getattr(exc, "param", None)
    if param is not None and getattr(param, "param_type_name", None):
        if hasattr(exc, "param_type"):  # a required parameter is missing
            return missing(param, ctx)
        return UsageError(f"invalid value for {label(param)}: {_plain(message)}",
                          hint=_help_hint(ctx))
    if message.startswith("Missing command"):
        names = ", ".join(getattr(getattr(ctx, "command", None), "commands", {}) or ())
        return UsageError(f"`{path}` needs a command",
                          hint=f"commands: {names}" if names else _help_hint(ctx))
    extra = re.match(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)$", message)
    if extra:
        return UsageError(f"extra argument {shown(extra.group(1))} for `{path}`",
                          hint="quote text that holds spaces; " + _help_hint(ctx))
    return UsageError(_plain(message), hint=_help_hint(ctx))


def _owners(ctx: Any, option: str) -> list[str]:
    """The commands (`cartesia stream`) that have `option`, when the one typed has not."""
    if ctx is None:
        return []
    root = ctx.find_root()
    found: list[str] = []

    def walk(command: Any, path: str) -> None:
        if option in _option_table(command.params):
            found.append(path)
        for name, child in (getattr(command, "commands", None) or {}).items():
            walk(child, f"{path} {name}")

    walk(root.command, root.info_name or "cartesia")
    return found[:3]


def _option_table(params: Iterable[Any]) -> dict[str, bool]:
    """Option name -> whether it takes a value, for a command's parameters."""
    table: dict[str, bool] = {}
    for param in params:
        if param.param_type_name != "option":
            continue
        takes = not (getattr(param, "is_flag", False) or getattr(param, "count", False))
        for name in (*param.opts, *param.secondary_opts):
            table[name] = takes
    return table


def _split(word: str) -> tuple[str, bool]:
    """`--opt=value` -> ("--opt", True); anything else -> (word, False)."""
    if word.startswith("--") and "=" in word:
        return word.split("=", 1)[0], True
    return word, False


def hoist_global_options(root: Any, args: list[str], help_names: Sequence[str]) -> list[str]:
    """`args` with the root's options that follow a subcommand moved before it: `say --offline
    hi` is `--offline say hi`. An option the subcommand (or its own subcommand) defines stays
    where it is; so do option values, everything after `--`, and unknown words."""
    root_options = {name: takes for name, takes in _option_table(root.params).items()
                    if name not in help_names}
    at = 0
    while at < len(args):  # past the options given before the subcommand, with their values
        word = args[at]
        if word == "--" or not word.startswith("-") or word == "-":
            break
        name, attached = _split(word)
        at += 2 if root_options.get(name) and not attached else 1
    if at >= len(args) or args[at] == "--":
        return args
    command = root.commands.get(args[at]) if hasattr(root, "commands") else None
    if command is None:
        return args
    own = _option_table(command.params)
    moved: list[str] = []
    kept: list[str] = []
    rest = args[at + 1:]
    index = 0
    while index < len(rest):
        word = rest[index]
        if word == "--":
            kept += rest[index:]
            break
        name, attached = _split(word)
        if word.startswith("-") and word != "-" and (name in own or name in root_options):
            takes = own[name] if name in own else root_options[name]
            span = rest[index:index + (2 if takes and not attached else 1)]
            if takes and not attached and len(span) < 2:
                raise UsageError(f"{name} needs a value",
                                 hint=f"put the value right after it: {name} VALUE")
            (kept if name in own else moved).extend(span)
            index += len(span)
            continue
        children = getattr(command, "commands", None)
        if children and not word.startswith("-") and word in children:
            command = children[word]
            own = _option_table(command.params)
        kept.append(word)
        index += 1
    return [*args[:at], *moved, args[at], *kept]
