"""Checks of the structured request fields: `voice`, `output_format` and `generation_config`."""

from __future__ import annotations

from cartesia_cli.facts import CONTAINERS, ENCODINGS, MP3_BIT_RATES, SAMPLE_RATES
from cartesia_cli.migrate import facts, messages
from cartesia_cli.migrate.context import CheckContext
from cartesia_cli.migrate.jsonpos import JNode, remove_member
from cartesia_cli.migrate.model import Applicability, Fix

_VOICE_KEYS = {"mode", "id", "embedding", "__experimental_controls"}
_FORMAT_KEYS = {"raw": {"container", "encoding", "sample_rate"},
                "wav": {"container", "encoding", "sample_rate"},
                "mp3": {"container", "sample_rate", "bit_rate"}}
_GENERATION_KEYS = {"volume", "speed", "emotion"}


def type_name(node: JNode) -> str:
    return {"object": "an object", "array": "an array", "string": "a string",
            "number": "a number", "bool": "a boolean", "null": "null"}[node.kind]


def shown(ctx: CheckContext, node: JNode) -> str:
    """A value as the user wrote it, for messages (long values cut short)."""
    text = ctx.text[node.start:node.end]
    return f"`{text}`" if len(text) <= 40 else f"`{text[:37]}...`"


def report_at(ctx: CheckContext, code: str, node: JNode, message: str, *,
              head_only: bool = False, fix: Fix | None = None) -> None:
    """Report at a value; objects and arrays at their opening bracket, to keep spans short."""
    end = node.start + 1 if head_only or node.kind in ("object", "array") else node.end
    ctx.report(code, node.start, end, message, fix)


def removal(ctx: CheckContext, obj: JNode, key: str) -> Fix:
    """The (unsafe) fix that deletes `key` from `obj`."""
    member = obj.member(key)
    assert member is not None
    return Fix((remove_member(ctx.text, obj, member),), Applicability.UNSAFE, f"remove `{key}`")


def check_voice(ctx: CheckContext, body: JNode) -> None:
    node = body.get("voice")
    if node is None:
        return
    spec, version = ctx.target.features.voice_specifier, ctx.target.features.version
    if node.kind == "string":
        if spec != "id":
            report_at(ctx, "CAR703", node, f"API version {version} takes the voice as "
                                           "`{\"mode\": \"id\", \"id\": ...}`, not a plain id")
        return
    if node.kind != "object":
        report_at(ctx, "CAR703", node, f"`voice` must be an object, not {type_name(node)}")
        return
    for member in node.members:
        if member.key == "__experimental_controls":
            ctx.report("CAR507", member.key_start, member.key_end,
                       messages.experimental_controls(member.key), removal(ctx, node, member.key))
        elif member.key == "embedding":
            ctx.report("CAR506", member.key_start, member.key_end, messages.EMBEDDING)
        elif member.key not in _VOICE_KEYS:
            ctx.report("CAR702", member.key_start, member.key_end,
                       f"unknown field `{member.key}` in `voice`", removal(ctx, node, member.key))
    mode = node.get("mode")
    mode_key = node.member("mode")
    if mode is None or mode_key is None:
        if spec == "mode" and node.member("embedding") is None:
            report_at(ctx, "CAR701", node, f"API version {version} needs `mode: \"id\"` in "
                                           "`voice`", head_only=True)
    elif mode.value == "id":
        if spec == "id":
            ctx.report("CAR508", mode_key.key_start, mode.end, messages.mode_id(version),
                       removal(ctx, node, "mode"))
    elif mode.value == "embedding":
        if node.member("embedding") is None:  # else reported at its `embedding` key above
            ctx.report("CAR506", mode_key.key_start, mode.end, messages.EMBEDDING)
    else:
        report_at(ctx, "CAR703", mode, f"unknown voice `mode` {shown(ctx, mode)}")
    ident = node.get("id")
    if ident is None and node.member("embedding") is None and (mode is None
                                                              or mode.value == "id"):
        report_at(ctx, "CAR701", node, "`voice` needs an `id`", head_only=True)
    elif ident is not None and ident.kind != "string":
        report_at(ctx, "CAR703", ident, "the voice `id` must be a string")


def check_output_format(ctx: CheckContext, body: JNode, kind: str) -> None:
    node = body.get("output_format")
    if node is None:
        return
    if node.kind == "string":
        fmt = facts.legacy_output_format(node.value)
        fix = None if fmt is None else Fix.replace(
            node.start, node.end, facts.output_format_literal(fmt),
            "pass the format as an object", Applicability.UNSAFE)
        report_at(ctx, "CAR503", node, messages.string_output_format(node.value), fix=fix)
        return
    if node.kind != "object":
        report_at(ctx, "CAR703", node, f"`output_format` must be an object, not {type_name(node)}")
        return
    container_node = node.get("container")
    container = container_node.value if container_node is not None else None
    if container_node is None:
        report_at(ctx, "CAR701", node, "`output_format` needs a `container`", head_only=True)
        return
    if container not in CONTAINERS:
        report_at(ctx, "CAR703", container_node, f"unknown container {shown(ctx, container_node)}; "
                                                 f"use one of {', '.join(CONTAINERS)}")
        return
    if kind in ("sse", "websocket") and container != "raw":
        fix = None if container != "wav" else Fix.replace(
            container_node.start, container_node.end, '"raw"', "request `raw`",
            Applicability.UNSAFE)
        report_at(ctx, "CAR511", container_node, messages.streaming_container(str(container)),
                  fix=fix)
    _check_format_fields(ctx, node, str(container))


def _check_format_fields(ctx: CheckContext, node: JNode, container: str) -> None:
    version = ctx.target.features.version
    allowed = _FORMAT_KEYS[container]
    for member in node.members:
        if member.key == "bit_rate" and container == "raw":
            if version > facts.RAW_BIT_RATE_LAST_VERSION:
                ctx.report("CAR705", member.key_start, member.key_end,
                           f"`bit_rate` on a raw format is not part of API version {version}",
                           removal(ctx, node, "bit_rate"))
        elif member.key not in allowed:
            ctx.report("CAR702", member.key_start, member.key_end,
                       f"`{member.key}` is not a field of the `{container}` output format",
                       removal(ctx, node, member.key))
    for key, values in (("encoding", ENCODINGS), ("sample_rate", SAMPLE_RATES),
                        ("bit_rate", MP3_BIT_RATES)):
        if key not in allowed or (key == "bit_rate" and container != "mp3"):
            continue
        value = node.get(key)
        if value is None:
            report_at(ctx, "CAR701", node, f"the `{container}` output format needs `{key}`",
                      head_only=True)
        elif value.value not in values or value.kind not in ("string", "number"):
            report_at(ctx, "CAR703", value, f"unsupported `{key}` {shown(ctx, value)}; use one of "
                                            + ", ".join(map(str, values)))


def check_generation_config(ctx: CheckContext, body: JNode, model: str) -> None:
    node = body.get("generation_config")
    if node is None:
        return
    if node.kind != "object":
        report_at(ctx, "CAR703", node, "`generation_config` must be an object")
        return
    if model and not facts.supports_generation_config(model):
        report_at(ctx, "CAR707", node, f"`generation_config` has no effect on `{model}`; it "
                                       "applies to sonic-3 and newer", head_only=True)
    for member in node.members:
        value = member.value
        if member.key in facts.GENERATION_CONFIG_RANGES:
            low, high = facts.GENERATION_CONFIG_RANGES[member.key]
            if value.kind != "number":
                report_at(ctx, "CAR703", value, f"`{member.key}` must be a number")
            elif not low <= value.value <= high:
                report_at(ctx, "CAR704", value, f"`generation_config.{member.key}` {value.value} "
                                                f"is outside {low}-{high}")
            elif model.startswith("sonic-3.5"):
                report_at(ctx, "CAR707", value, f"`{member.key}` is temporarily disabled on "
                                                "sonic-3.5")
        elif member.key == "emotion":
            if value.kind != "string":
                report_at(ctx, "CAR703", value, "`emotion` must be a string")
        elif member.key not in _GENERATION_KEYS:
            ctx.report("CAR702", member.key_start, member.key_end,
                       f"unknown field `{member.key}` in `generation_config`",
                       removal(ctx, node, member.key))
