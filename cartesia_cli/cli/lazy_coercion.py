"""Parameter values are converted here, in plain words; Typer's pydantic validators are the
fallback for the rare kinds this module does not know.

Typer (0.29) converts the value of every parameter through a pydantic TypeAdapter built on first
use, absent values and the help flag included (only a flag already holding a bool is skipped):
whatever command runs, that is pydantic's import plus an adapter per parameter, some 80-100 ms
before `say` or `stream` can send a request (benchmarks/: most of the time to first audio). Its
messages are pydantic's too (`Value error, 'mp4' is not one of ...`, `Input should be greater than
or equal to 1`). So the kinds a command line holds are converted here: text, lists of text,
choices (exact, then a unique case-insensitive match or a common alias such as `ws` for
`websocket`), whole numbers and decimal numbers with their ranges. A value that does not fit is a
`UsageError` naming the option and what it takes (exit 2). Any other kind (none in this CLI today)
still goes through Typer's own conversion, whose errors the CLI boundary rewords (cli/usage.py).

Only public names are used. Typer builds its parameters as `typer.core.TyperOption` and
`TyperArgument`, its commands as `TyperCommand` and `TyperGroup`; click's documented
`Parameter.process_value` is where a value is converted, checked and handed to the parameter's
callback, `Command.get_params` gives the parameters a command parses with (the help flag
included, which Typer makes late), and `display_type` is what the help shows after an option
(here a placeholder such as `N` or the choices, never `<list[str]>` or `<int range>`).
`install_tree` gives a command Typer built, its parameters and its subcommands the subclasses
below, which override those methods; the root group (cli/lazy_commands.py) is such a subclass and
calls it on every subcommand it builds. Which values may pass is read from the command function's
annotations, as Typer reads them. The groups also report an unknown command, a missing one and a
bare group in the CLI's own words (cli/usage.py).
"""

from __future__ import annotations

import inspect
import math
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.models import ParameterInfo

from cartesia_cli.cli import usage
from cartesia_cli.errors import UsageError

CONVERT = object()  # "Typer converts this one"

# What a parameter declares, for how its values are converted: "str" (str), "choice" (a
# case-sensitive Literal of strings, or of whole numbers, with its choices), "list" (list[str]),
# "int", "float", or "other" (Typer converts; only an absent value passes).
Plain = tuple[str, tuple[Any, ...]]
OTHER: Plain = ("other", ())

# Words people type for a choice, by what they mean; an alias counts only for a parameter that
# has its meaning among its choices (`ws` for --transport, `wave` for --format).
ALIASES = {
    "ws": "websocket", "wss": "websocket", "web-socket": "websocket", "websockets": "websocket",
    "server-sent-events": "sse", "eventsource": "sse",
    "wave": "wav", "pcm": "raw", "oga": "ogg",
    "f32le": "pcm_f32le", "f32": "pcm_f32le", "float32": "pcm_f32le", "float": "pcm_f32le",
    "s16le": "pcm_s16le", "s16": "pcm_s16le", "int16": "pcm_s16le", "pcm16": "pcm_s16le",
    "mulaw": "pcm_mulaw", "ulaw": "pcm_mulaw", "mu-law": "pcm_mulaw", "u-law": "pcm_mulaw",
    "alaw": "pcm_alaw", "a-law": "pcm_alaw",
}


def _is_plain_text(value: object) -> bool:
    """A str that Typer's str validator returns unchanged: pydantic rejects lone surrogates
    (argv bytes that are not UTF-8)."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def plain_kind(declared: inspect.Parameter) -> Plain:
    """How the values of the CLI parameter behind a function parameter are converted."""
    annotation = declared.annotation
    infos = [declared.default] if isinstance(declared.default, ParameterInfo) else []
    if get_origin(annotation) is Annotated:
        annotation, *extras = get_args(annotation)
        infos += [extra for extra in extras if isinstance(extra, ParameterInfo)]
    if any(info.parser is not None for info in infos):
        return OTHER
    if get_origin(annotation) in (Union, types.UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(args) != 1:
            return OTHER
        annotation = args[0]
    if annotation is str:
        return ("str", ())
    if annotation is int or annotation is float:
        return ("int" if annotation is int else "float", ())
    if get_origin(annotation) is Literal:
        choices = get_args(annotation)
        same_kind = (all(isinstance(c, str) for c in choices)
                     or all(isinstance(c, int) and not isinstance(c, bool) for c in choices))
        if same_kind and all(i.case_sensitive for i in infos):
            return ("choice", choices)
        return OTHER
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        return ("list", ())
    return OTHER


def passthrough(param: Any, ctx: Any, value: Any) -> Any:
    """The value of `param` for `value`, converted here; CONVERT when Typer has to.

    Raises:
        UsageError: the value does not fit (not a number, out of range, not a choice).
    """
    kind, choices = getattr(param, "plain", OTHER)
    multi = param.multiple or param.nargs == -1
    if value is None:
        return () if multi else None
    if kind == "list":
        if multi and isinstance(value, (list, tuple)) and all(map(_is_plain_text, value)):
            return list(value)
        return CONVERT
    if kind == "other" or multi or param.nargs != 1:
        return CONVERT
    if kind in ("int", "float") and _is_number(value):  # a default, already a number
        return int(value) if kind == "int" else float(value)
    if kind == "choice" and value in choices:  # a default (also a whole-number one)
        return value
    if not _is_plain_text(value):
        return CONVERT
    if kind == "str":
        return value
    if ctx.token_normalize_func is not None:
        return CONVERT
    if kind == "choice":
        return choose(param, value, choices)
    return number(param, value, kind)


def choose(param: Any, value: str, choices: tuple[Any, ...]) -> Any:
    """The choice `value` names: exactly, whatever its case, by an alias, or (for sample rates
    and other numbers) with a unit: `24k`, `44.1 kHz`."""
    for choice in choices:
        if str(choice) == value:
            return choice
    word = value.strip().lower()
    for candidate in (word, ALIASES.get(word), _with_unit(word)):
        found = [c for c in choices if candidate is not None and str(c).lower() == candidate]
        if len(found) == 1:
            return found[0]
    from difflib import get_close_matches

    words = [str(c) for c in choices]
    close = get_close_matches(word, words, n=1)
    listed = ", ".join(words)
    raise UsageError(f"invalid value {usage.shown(value)} for {usage.label(param)}",
                     hint=(f"did you mean {close[0]}? " if close else "")
                     + f"choose one of {listed}")


def _with_unit(word: str) -> str | None:
    """`24k`, `24khz`, `24000 Hz`, `44.1k` as a whole number of hertz, in text; else None."""
    text = word.replace(" ", "").removesuffix("hz")
    scale = 1000 if text.endswith("k") else 1
    try:
        number = float(text.removesuffix("k")) * scale
    except ValueError:
        return None
    if not math.isfinite(number) or number != int(number):
        return None
    return str(int(number))


def number(param: Any, value: str, kind: str) -> int | float:
    """A whole (kind "int") or decimal number, checked against the parameter's min and max."""
    where = f"invalid value {usage.shown(value)} for {usage.label(param)}"
    result: int | float
    try:
        result = int(value) if kind == "int" else float(value)
    except ValueError:
        expected = "a whole number" if kind == "int" else "a number"
        hint = None
        if kind == "float" and "," in value:
            hint = "write decimals with a point: 1.2"
        elif kind == "int" and _looks_decimal(value):
            hint = "give a whole number, without a fraction"
        raise UsageError(f"{where}: expected {expected}", hint=hint) from None
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if (low is not None and result < low) or (high is not None and result > high):
        raise UsageError(f"{usage.label(param)} {value.strip()} is out of range: expected "
                         f"{usage.range_words(low, high)}")
    return result


def _looks_decimal(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _process_value(param: Any, ctx: Any, value: Any, typers: Any) -> Any:
    """Typer's `process_value` (convert, check a required value, run the callback), with the
    conversion done here where `passthrough` knows it; `typers` is Typer's own, for the rest."""
    passed = passthrough(param, ctx, value)
    if passed is CONVERT:
        return typers(ctx, value)
    if param.required and param.value_is_missing(passed):
        raise usage.missing(param, ctx)
    if param.callback is not None:
        passed = param.callback(ctx, param, passed)
    return passed


def _display_type(param: Any) -> str:
    """What the help shows after an option: its choices, or a placeholder; never a type."""
    kind, choices = getattr(param, "plain", OTHER)
    if choices:
        return "<" + "|".join(map(str, choices)) + ">"
    if param.param_type_name == "argument":
        return ""  # the argument's name is its placeholder
    return "N" if kind == "int" else param.name.upper()


class PlainTextOption(TyperOption):
    plain: Plain = OTHER

    def process_value(self, ctx: Any, value: Any) -> Any:
        return _process_value(self, ctx, value, super().process_value)

    def display_type(self, ctx: Any) -> str:
        return _display_type(self)


class PlainTextArgument(TyperArgument):
    plain: Plain = OTHER

    def process_value(self, ctx: Any, value: Any) -> Any:
        return _process_value(self, ctx, value, super().process_value)

    def display_type(self, ctx: Any) -> str:
        return _display_type(self)

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        """`NAME` when required, `[NAME]` when not, `...` when it takes many (not `{NAME}`)."""
        name = str(self.metavar or self.name or "ARG").upper()
        name = name if self.required else f"[{name}]"
        return [name + ("..." if self.nargs != 1 else "")]


_PARAMETER_CLASSES: dict[type, type] = {TyperOption: PlainTextOption,
                                        TyperArgument: PlainTextArgument}


def _made_late(params: list[Any]) -> list[Any]:
    """Parameters made after the command (the help flag, Typer's completion options): only
    their absent values (None) pass."""
    for param in params:
        param.__class__ = _PARAMETER_CLASSES.get(type(param), type(param))
    return params


class PlainValuesCommand(TyperCommand):
    def get_params(self, ctx: Any) -> Any:
        return _made_late(super().get_params(ctx))


class PlainValuesGroup(TyperGroup):
    """A TyperGroup for `typer.Typer(cls=...)`: its parameters, and the subcommands Typer built
    for it, convert their values here; unknown and missing commands are told in plain words,
    and a group given no arguments shows its help (on stdout, exit 0)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        install(self)
        for child in self.commands.values():
            install_tree(child)

    def get_params(self, ctx: Any) -> Any:
        return _made_late(super().get_params(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            usage.show_group_help(ctx)
        rest: list[str] = super().parse_args(ctx, args)
        return rest

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0]
        if (not ctx.resilient_parsing and not name.startswith("-")
                and self.get_command(ctx, name) is None):
            raise usage.unknown_command(ctx, name, list(self.commands))
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list, each with its first sentence in full (wrapped, never cut)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=300)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


_COMMAND_CLASSES: dict[type, type] = {TyperCommand: PlainValuesCommand,
                                      TyperGroup: PlainValuesGroup}


def install(command: Any) -> None:
    """Let the parameters of `command` (a click command Typer built) convert their values
    here. Parameters of other classes are left alone."""
    callback = getattr(command, "callback", None)
    declared: Any = {}
    if callback is not None:
        try:  # through Typer's wrapper (functools.update_wrapper) to the command function
            declared = inspect.signature(callback, eval_str=True).parameters
        except (TypeError, ValueError, NameError):
            pass
    for param in command.params:
        plain_class = _PARAMETER_CLASSES.get(type(param), type(param))
        if plain_class not in _PARAMETER_CLASSES.values():
            continue
        param.__class__ = plain_class
        param.plain = plain_kind(declared[param.name]) if param.name in declared else OTHER
        if param.param_type_name == "argument" and param.metavar is None:
            param.metavar = param.name.upper()  # `cartesia config get NAME`, as man pages say


def install_tree(command: Any) -> None:
    """`install` on `command` and every subcommand it holds; commands of Typer's own classes get
    the subclasses above for their late parameters (others keep their class, and Typer's)."""
    command.__class__ = _COMMAND_CLASSES.get(type(command), type(command))
    install(command)
    for child in getattr(command, "commands", {}).values():
        install_tree(child)
