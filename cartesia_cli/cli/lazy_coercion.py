"""Parameter values that need no conversion skip Typer's pydantic validators.

Typer (0.2x) converts every parameter of the invoked command through a pydantic TypeAdapter
built on first use. For `say` and `stream` that is pydantic's import plus some twenty adapters:
about 100 ms before the request can go out, most of the time to first audio. Yet in a typical
run most options are absent (None) and the rest are plain strings, which the adapters return
unchanged. Those values pass through here; every other value (numbers, flags Typer already
skips, anything unusual) goes to Typer's own conversion exactly as before, built when first
needed, so conversions and error messages stay Typer's.

With a Typer that has no such validators (older releases), `install` changes nothing.
"""

from __future__ import annotations

from typing import Any, Literal, get_args, get_origin

_MISSING = object()


def _is_plain_text(value: object) -> bool:
    """A str Typer's str validator returns unchanged: pydantic rejects lone surrogates."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _checks_paths(info: Any) -> bool:
    """Path options (exists=..., resolve_path=...) are validated, not passed through."""
    return any(getattr(info, flag, None) for flag in (
        "exists", "writable", "resolve_path", "allow_dash", "path_type"))


def _str_choices(annotation: Any) -> tuple[str, ...] | None:
    if get_origin(annotation) is Literal:
        values = get_args(annotation)
        if all(isinstance(v, str) for v in values):
            return values
    return None


def passthrough(param: Any, value: Any, ctx: Any) -> Any:
    """The value Typer would produce, when that needs no conversion; else _MISSING."""
    descriptor = param.type_descriptor
    annotation = descriptor.annotation
    info = descriptor.parameter_info
    if value is None:
        return () if (param.multiple or param.nargs == -1) else None
    if getattr(info, "parser", None) is not None or _checks_paths(info):
        return _MISSING  # a custom parser, or file checks, always run
    if annotation is str and _is_plain_text(value):
        return value
    choices = _str_choices(annotation)
    if (choices is not None and value in choices and info.case_sensitive
            and ctx.token_normalize_func is None and _is_plain_text(value)):
        return value
    if (get_origin(annotation) is list and get_args(annotation) == (str,)
            and isinstance(value, (list, tuple)) and all(map(_is_plain_text, value))):
        return list(value)
    return _MISSING


class LazyCoercion:
    """Stands in for Typer's runtime converter of one parameter (the same `coerce` call)."""

    def __init__(self, param: Any) -> None:
        self.param = param
        self._typer: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        result = passthrough(param, value, ctx)
        if result is not _MISSING:
            return result
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(param.type_descriptor)
        return self._typer.coerce(value, param=param, ctx=ctx)


def install() -> None:
    """Route Typer's parameters (help options included, which Typer creates late) through
    LazyCoercion. Idempotent; a no-op with a Typer that has no runtime converters."""
    try:
        from typer.core import _TyperParameter
    except ImportError:
        return
    if getattr(_TyperParameter, "_cartesia_lazy", False) or not hasattr(
            _TyperParameter, "get_runtime_param"):
        return

    def get_runtime_param(self: Any) -> Any:
        if getattr(self, "_runtime_param", None) is None:
            self._runtime_param = LazyCoercion(self)
        return self._runtime_param

    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]
    _TyperParameter._cartesia_lazy = True  # type: ignore[attr-defined]
