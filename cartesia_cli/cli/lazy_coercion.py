"""Parameter values that need no conversion skip Typer's pydantic validators.

Typer (0.29) converts the value of every parameter through a pydantic TypeAdapter built on first
use, absent values and the help flag included (only a flag already holding a bool is skipped):
whatever command runs, that is pydantic's import plus an adapter per parameter, some 80-100 ms
before `say` or `stream` can send a request (benchmarks/: most of the time to first audio). Yet in
a typical run most options are absent and the rest are plain text, which those adapters return
unchanged. Such values are returned as they are here; every other value (numbers, a choice that
is not an exact match, text that is not valid Unicode, anything unusual) goes through Typer's own
conversion exactly as before, so conversions and error messages stay Typer's.

Only public names are used. Typer builds its parameters as `typer.core.TyperOption` and
`TyperArgument`, its commands as `TyperCommand` and `TyperGroup`; click's documented
`Parameter.process_value` is where a value is converted, checked and handed to the parameter's
callback, and `Command.get_params` gives the parameters a command parses with (the help flag
included, which Typer makes late). `install_tree` gives a command Typer built, its parameters and
its subcommands the subclasses below, which override those two methods;
the root group (cli/lazy_commands.py) is such a subclass and calls it on every subcommand it
builds. Which values may pass is read from the command function's annotations, as Typer reads
them.
"""

from __future__ import annotations

import inspect
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.models import ParameterInfo

CONVERT = object()  # "Typer converts this one"

# What a parameter declares, for what may pass: "str" (str), "choice" (a case-sensitive Literal
# of strings, with its choices), "list" (list[str]), or "other" (only an absent value passes).
Plain = tuple[str, tuple[str, ...]]
OTHER: Plain = ("other", ())


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


def plain_kind(declared: inspect.Parameter) -> Plain:
    """Which values of the CLI parameter behind a function parameter can pass unconverted."""
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
    if get_origin(annotation) is Literal:
        choices = get_args(annotation)
        if all(isinstance(c, str) for c in choices) and all(i.case_sensitive for i in infos):
            return ("choice", choices)
        return OTHER
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        return ("list", ())
    return OTHER


def passthrough(param: Any, ctx: Any, value: Any) -> Any:
    """What Typer's conversion gives `param` for `value`, when that is the value itself (or the
    empty value of an absent one); else CONVERT."""
    kind, choices = getattr(param, "plain", OTHER)
    multi = param.multiple or param.nargs == -1
    if value is None:
        return () if multi else None
    if kind == "list":
        if multi and isinstance(value, (list, tuple)) and all(map(_is_plain_text, value)):
            return list(value)
        return CONVERT
    if kind == "other" or multi or param.nargs != 1 or not _is_plain_text(value):
        return CONVERT
    if kind == "str" or (value in choices and ctx.token_normalize_func is None):
        return value
    return CONVERT


def _process_value(param: Any, ctx: Any, value: Any, typers: Any) -> Any:
    """Typer's `process_value` (convert, check a required value, run the callback), without the
    conversion where `passthrough` knows its result; `typers` is Typer's own, for the rest."""
    passed = passthrough(param, ctx, value)
    if passed is CONVERT or (param.required and param.value_is_missing(passed)):
        return typers(ctx, value)
    if param.callback is not None:
        passed = param.callback(ctx, param, passed)
    return passed


class PlainTextOption(TyperOption):
    plain: Plain = OTHER

    def process_value(self, ctx: Any, value: Any) -> Any:
        return _process_value(self, ctx, value, super().process_value)


class PlainTextArgument(TyperArgument):
    plain: Plain = OTHER

    def process_value(self, ctx: Any, value: Any) -> Any:
        return _process_value(self, ctx, value, super().process_value)


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
    for it, pass through the values that need no conversion."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        install(self)
        for child in self.commands.values():
            install_tree(child)

    def get_params(self, ctx: Any) -> Any:
        return _made_late(super().get_params(ctx))
_COMMAND_CLASSES: dict[type, type] = {TyperCommand: PlainValuesCommand,
                                      TyperGroup: PlainValuesGroup}


def install(command: Any) -> None:
    """Let the parameters of `command` (a click command Typer built) pass through the values
    that need no conversion. Parameters of other classes are left alone."""
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


def install_tree(command: Any) -> None:
    """`install` on `command` and every subcommand it holds; commands of Typer's own classes get
    the subclasses above for their late parameters (others keep their class, and Typer's)."""
    command.__class__ = _COMMAND_CLASSES.get(type(command), type(command))
    install(command)
    for child in getattr(command, "commands", {}).values():
        install_tree(child)
