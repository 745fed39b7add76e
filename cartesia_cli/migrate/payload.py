"""CAR7 (and the structural forms of CAR5): one TTS request body checked field by field against
the target API version. Used for `--payload FILE`, JSON files, JSON code blocks and curl bodies.

Request kinds: "bytes" (POST /tts/bytes), "sse" (POST /tts/sse), "websocket" (a generation
message on /tts/websocket; a `{context_id, cancel}` message is checked as a cancel)."""

from __future__ import annotations

from cartesia_cli.facts import VersionFeatures
from cartesia_cli.migrate import facts, messages
from cartesia_cli.migrate.context import CheckContext
from cartesia_cli.migrate.jsonpos import JMember, JNode
from cartesia_cli.migrate.model import Applicability, Fix
from cartesia_cli.migrate.payload_values import (
    check_generation_config,
    check_output_format,
    check_voice,
    removal,
    report_at,
    shown,
    type_name,
)

KINDS = ("bytes", "sse", "websocket")
_COMMON = {"model_id", "transcript", "voice", "output_format", "language", "generation_config",
           "speed", "pronunciation_dict_id", "duration", "locale", "normalization"}
_TIMESTAMPS = {"add_timestamps", "add_phoneme_timestamps", "use_normalized_timestamps"}
FIELDS = {
    "bytes": _COMMON | {"save"},
    "sse": _COMMON | _TIMESTAMPS | {"context_id"},
    "websocket": _COMMON | _TIMESTAMPS | {"context_id", "continue", "flush",
                                          "max_buffer_delay_ms"},
}
_REQUIRED = ("model_id", "transcript", "voice", "output_format")
_BOOLEANS = _TIMESTAMPS | {"continue", "flush", "save"}
_WEBSOCKET_ONLY = {"continue", "flush", "max_buffer_delay_ms", "cancel"}
_LEGACY = {  # field: (code, message)
    "chunk_time": ("CAR501", messages.ignored_field("chunk_time")),
    "lookahead": ("CAR502", messages.ignored_field("lookahead")),
    "stream": ("CAR706", "`stream` is not an API field (an old SDK sent it); it is ignored"),
    "use_original_timestamps": ("CAR706", "`use_original_timestamps` is the old name; send "
                                          "`use_normalized_timestamps` (with the opposite value)"),
}


def _request(root: JNode) -> JNode:
    data = root.get("data")
    return data if data is not None and data.kind == "object" else root


def looks_like_request(root: JNode) -> bool:
    if root.kind != "object":
        return False
    return _request_keys({m.key for m in _request(root).members})


def looks_like_request_data(data: object) -> bool:
    """looks_like_request for decoded JSON."""
    if not isinstance(data, dict):
        return False
    wrapped = data.get("data")
    return _request_keys(set(wrapped if isinstance(wrapped, dict) else data))


def _request_keys(keys: set[str]) -> bool:
    return "transcript" in keys and bool(keys & {"model_id", "voice", "output_format"}) \
        or {"context_id", "cancel"} <= keys


def detect_kind(root: JNode) -> str:
    """Guess the endpoint from fields only one kind of request has; bytes allows the most."""
    body = _request(root)
    keys = {m.key for m in body.members} | {m.key for m in root.members}
    if keys & _WEBSOCKET_ONLY or body is not root:
        return "websocket"
    if keys & (_TIMESTAMPS | {"context_id"}):
        return "sse"
    return "bytes"


def check_payload(ctx: CheckContext, root: JNode, kind: str | None = None) -> None:
    """Report every problem of one request body (`root`) for the target version."""
    if root.kind != "object":
        report_at(ctx, "CAR703", root, f"a request body is a JSON object, not {type_name(root)}")
        return
    kind = kind or detect_kind(root)
    body = root
    wrapper = root.member("data")
    if wrapper is not None and wrapper.value.kind == "object":
        ctx.report("CAR504", wrapper.key_start, wrapper.key_end,
                   "WebSocket message wrapped in `data`; send the request object itself")
        body = wrapper.value
    if kind == "websocket" and root.member("cancel") is not None and body is root:
        _check_cancel(ctx, root)
        return
    _check_request(ctx, body, kind, outer=root)


def _check_cancel(ctx: CheckContext, root: JNode) -> None:
    cancel = root.get("cancel")
    if cancel is not None and cancel.value is not True:
        report_at(ctx, "CAR703", cancel, "`cancel` must be `true`")
    context_id = root.get("context_id")
    if context_id is None:
        report_at(ctx, "CAR701", root, "a cancel message needs `context_id`")
    for member in root.members:
        if member.key not in ("context_id", "cancel"):
            _unknown(ctx, root, member, "a cancel message")


def _unknown(ctx: CheckContext, obj: JNode, member: JMember, what: str) -> None:
    ctx.report("CAR702", member.key_start, member.key_end,
               f"unknown field `{member.key}` for {what}", removal(ctx, obj, member.key))


def _version_gap(key: str, features: VersionFeatures) -> str | None:
    """Why a known field is not part of this API version, or None if it is."""
    if key in ("locale", "normalization") and not features.locale_field:
        return "added in 2026-08-14"
    if key in facts.FIELD_SINCE and features.version < facts.FIELD_SINCE[key]:
        return f"added in {facts.FIELD_SINCE[key]}"
    if key == "duration" and features.version > facts.DURATION_LAST_VERSION:
        return f"last in {facts.DURATION_LAST_VERSION}"
    return None


def _check_request(ctx: CheckContext, body: JNode, kind: str, outer: JNode) -> None:
    features = ctx.target.features
    version = features.version
    what = {"bytes": "a /tts/bytes request", "sse": "a /tts/sse request",
            "websocket": "a WebSocket generation request"}[kind]
    for member in body.members:
        key, value = member.key, member.value
        gap = _version_gap(key, features)
        if key in _LEGACY:
            code, message = _LEGACY[key]
            ctx.report(code, member.key_start, member.key_end, message,
                       removal(ctx, body, key))
        elif key not in FIELDS[kind]:
            _unknown(ctx, body, member, what)
        elif gap is not None:
            ctx.report("CAR705", member.key_start, member.key_end,
                       f"`{key}` is not part of API version {version} ({gap})",
                       removal(ctx, body, key))
        elif key in _BOOLEANS and value.kind != "bool":
            report_at(ctx, "CAR703", value, f"`{key}` must be true or false")
    missing = [key for key in _REQUIRED if body.member(key) is None]
    if kind == "websocket" and body.member("context_id") is None \
            and outer.member("context_id") is None \
            and version >= facts.WS_CONTEXT_ID_REQUIRED_SINCE:
        missing.append("context_id")
    if missing:
        names = ", ".join(f"`{key}`" for key in missing)
        report_at(ctx, "CAR701", body, f"required field{'s' if len(missing) > 1 else ''} "
                                       f"{names} {'are' if len(missing) > 1 else 'is'} missing",
                  head_only=True)
    model = _check_model(ctx, body)
    _check_transcript(ctx, body, kind)
    check_voice(ctx, body)
    check_output_format(ctx, body, kind)
    check_generation_config(ctx, body, model)
    _check_language(ctx, body)
    _check_speed(ctx, body, model)
    _check_buffer_delay(ctx, body)


def _check_model(ctx: CheckContext, body: JNode) -> str:
    node = body.get("model_id")
    if node is None:
        return ""
    if node.kind != "string":
        report_at(ctx, "CAR703", node, "`model_id` must be a string")
        return ""
    problem = facts.model_problem(node.value)
    if problem:
        ctx.report(problem[0], node.start + 1, node.end - 1, problem[1],
                   Fix.replace(node.start, node.end, f'"{facts.REPLACEMENT_MODEL}"',
                               f"use `{facts.REPLACEMENT_MODEL}`", Applicability.UNSAFE))
    return str(node.value)


def _check_transcript(ctx: CheckContext, body: JNode, kind: str) -> None:
    node = body.get("transcript")
    if node is None:
        return
    if node.kind != "string":
        report_at(ctx, "CAR703", node, f"`transcript` must be a string, not {type_name(node)}")
    elif not node.value.strip() and kind != "websocket":
        report_at(ctx, "CAR703", node, "`transcript` is empty")
    elif not node.value and kind == "websocket":
        cont, flush = body.get("continue"), body.get("flush")
        if (cont is not None and cont.value is True) and not (flush and flush.value is True):
            report_at(ctx, "CAR703", node, "an empty `transcript` needs `continue: false` (end "
                                           "of input) or `flush: true`")


def _check_language(ctx: CheckContext, body: JNode) -> None:
    language, locale = body.get("language"), body.get("locale")
    if language is not None and language.kind != "null":
        if language.kind != "string" or language.value not in facts.LANGUAGES:
            report_at(ctx, "CAR703", language, f"unsupported `language` {shown(ctx, language)}")
        elif locale is not None and ctx.target.features.locale_field:
            report_at(ctx, "CAR703", locale, "`locale` and `language` are mutually exclusive")
    if locale is not None and ctx.target.features.locale_field and (
            locale.kind != "string" or not facts.LOCALE.match(locale.value)):
        report_at(ctx, "CAR703", locale, f"`locale` {shown(ctx, locale)} is not a locale code "
                                         "like `en` or `en-GB`")
    norm = body.get("normalization")
    if norm is not None and ctx.target.features.locale_field and (
            norm.kind != "string" or not (norm.value in facts.NORMALIZATION_WORDS
                                          or facts.LOCALE.match(norm.value))):
        report_at(ctx, "CAR703", norm, "`normalization` must be `auto`, `off` or a locale code")


def _check_speed(ctx: CheckContext, body: JNode, model: str) -> None:
    speed = body.get("speed")
    if speed is None:
        return
    if speed.kind != "string" or speed.value not in facts.SPEED_WORDS:
        report_at(ctx, "CAR703", speed, "`speed` must be `slow`, `normal` or `fast`")
    elif facts.supports_generation_config(model):
        report_at(ctx, "CAR510", speed, messages.speed_word(speed.value, model))


def _check_buffer_delay(ctx: CheckContext, body: JNode) -> None:
    node = body.get("max_buffer_delay_ms")
    if node is None:
        return
    delay = ctx.target.features.max_buffer_delay
    low, high = delay.low, delay.high
    if node.kind != "number" or not float(node.value).is_integer():
        report_at(ctx, "CAR703", node, "`max_buffer_delay_ms` must be an integer")
    elif not low <= node.value <= high:
        report_at(ctx, "CAR704", node, f"`max_buffer_delay_ms` {node.value} is outside {low}-"
                                       f"{high} for API version {ctx.target.features.version}")
