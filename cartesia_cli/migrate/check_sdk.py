"""CAR6 the official Python SDK (`pip install cartesia`): methods and arguments renamed or
removed across its 1.x, 2.x, 3.x and 4.x releases, and voice fields the 2026-08-14 API renamed."""

from __future__ import annotations

import re

from cartesia_cli.migrate import facts
from cartesia_cli.migrate.anchored import anchored
from cartesia_cli.migrate.context import CODE, CheckContext, check
from cartesia_cli.migrate.lexer import callee, receiver
from cartesia_cli.migrate.model import Applicability, Fix

_RENAMES = {
    "bytes": ("CAR601", "generate"),
    "sse": ("CAR602", "generate_sse"),
    "websocket": ("CAR603", None),  # the 3.x API is a context manager: no mechanical rewrite
}
_TTS_METHOD = re.compile(r"(?<![\w$])tts\s*\.\s*(?P<method>bytes|sse|websocket)\s*\(")
_TTS_CALL = re.compile(r"(?:^|\.)(?:sse|bytes|send|generate|generate_sse|context|websocket)$")
_VOICE_ID_ARG = re.compile(r"(?<![\w.])voice_id\s*=(?!=)\s*")
_STREAM_ARG = re.compile(r"(?<![\w.])stream\s*=(?!=)")
_STREAM_CALL = re.compile(r"(?:^|\.)(?:sse|bytes|send)$")
# The call is found first and the receiver (`client.tts.`) read backwards from it: a pattern
# that starts with the receiver tries every identifier in the file as one, rescanning it to its
# end each time (quadratic in a long identifier).
_OUTPUT_FORMAT_HELPER = re.compile(
    r"get_output_format\(\s*(?P<q>[\"'])(?P<name>\w+)(?P=q)\s*\)")
_RECEIVER_CHAIN = re.compile(r"(?:[A-Za-z_]\w*\s*\.\s*)+$")
_EMBEDDING_METHODS = re.compile(r"\.voices\s*\.\s*(?P<method>mix|create)\s*\(")
_IS_PUBLIC = re.compile(r"\.is_public\b|\[\s*(?P<q>[\"'])is_public(?P=q)\s*\]"
                        r"|\.get\(\s*(?P<q2>[\"'])is_public(?P=q2)")
_EMBEDDING = re.compile("embedding")
_READS_ACCESS = re.compile(r"\.(?:access|visibility)\b|[\"'](?:access|visibility)[\"']")
_VOICE_NAME = re.compile(r"voice|^v$", re.IGNORECASE)

# Scanned around a literal every match contains, or skipped without their needles (anchored.py).
_TTS_METHOD_SCAN = anchored(_TTS_METHOD, "tts")
_VOICE_ID_ARG_SCAN = anchored(_VOICE_ID_ARG, "voice_id")
_STREAM_ARG_SCAN = anchored(_STREAM_ARG, "stream")
_OUTPUT_FORMAT_HELPER_SCAN = anchored(_OUTPUT_FORMAT_HELPER, "get_output_format(")
_EMBEDDING_METHODS_SCAN = anchored(_EMBEDDING_METHODS, ".voices")
_IS_PUBLIC_SCAN = anchored(_IS_PUBLIC, needles=("is_public",))
_READS_ACCESS_SCAN = anchored(_READS_ACCESS, needles=("access", "visibility"))


def _in_call(ctx: CheckContext, pos: int, pattern: re.Pattern[str]) -> bool:
    paren = ctx.lexed.enclosing(pos, "(")
    return paren is not None and bool(pattern.search(callee(ctx.text, paren[0])))


@check("python")
def renamed_tts_methods(ctx: CheckContext) -> None:
    if not ctx.doc.uses_python_sdk:
        return
    for match in ctx.finditer(_TTS_METHOD_SCAN):
        method = match.group("method")
        code, new = _RENAMES[method]
        start, end = match.span("method")
        fix = None
        if new is not None:
            fix = Fix.replace(start, end, new, f"call `tts.{new}()`", Applicability.UNSAFE)
            message = f"`tts.{method}()` is deprecated since SDK 3.0; use `tts.{new}()`"
        else:
            message = ("`tts.websocket()` is the SDK 2.x interface; use "
                       "`tts.websocket_connect()` as a context manager")
        ctx.report(code, start, end, message, fix)


@check("python")
def voice_id_argument(ctx: CheckContext) -> None:
    if not ctx.doc.uses_python_sdk:
        return
    for match in ctx.finditer(_VOICE_ID_ARG_SCAN):
        if not _in_call(ctx, match.start(), _TTS_CALL):
            continue
        value_end = ctx.expression_end(match.end())
        expr = "" if value_end is None else ctx.text[match.end():value_end]
        mode = '"mode": "id", ' if ctx.target.features.voice_specifier == "mode" else ""
        fix = None
        if value_end is not None and expr and "\n" not in expr:
            fix = Fix.replace(match.start(), value_end, f'voice={{{mode}"id": {expr}}}',
                              "pass `voice=`", Applicability.UNSAFE)
        ctx.report("CAR604", match.start(), match.start() + len("voice_id"),
                   "`voice_id=` is the SDK 1.x way to pick a voice; pass `voice={\"id\": ...}`",
                   fix)


@check("python")
def stream_argument(ctx: CheckContext) -> None:
    if not ctx.doc.uses_python_sdk:
        return
    for match in ctx.finditer(_STREAM_ARG_SCAN):
        if _in_call(ctx, match.start(), _STREAM_CALL):
            ctx.report("CAR605", match.start(), match.start() + len("stream"),
                       "`stream=` was removed in SDK 3.0: responses always stream")


def _call_start(text: str, name_start: int) -> int:
    """Where `a.b.name(` starts, given where `name` does (receivers of up to 200 characters)."""
    if not text[name_start - 1:name_start].isspace() and text[name_start - 1:name_start] != ".":
        return name_start  # no receiver: skip the search
    chain = _RECEIVER_CHAIN.search(text, max(0, name_start - 200), name_start)
    return chain.start() if chain else name_start


@check("python")
def output_format_helper(ctx: CheckContext) -> None:
    for match in ctx.finditer(_OUTPUT_FORMAT_HELPER_SCAN):
        name = match.group("name")
        call = (_call_start(ctx.text, match.start()), match.end())
        fmt = facts.legacy_output_format(name)
        fix = None
        if fmt is not None:
            fix = Fix.replace(*call, facts.output_format_literal(fmt),
                              "inline the output format", Applicability.UNSAFE)
        ctx.report("CAR606", *call,
                   f"`get_output_format(\"{name}\")` was removed with SDK 1.x", fix)


@check("python")
def embedding_methods(ctx: CheckContext) -> None:
    if not ctx.doc.uses_python_sdk:
        return
    for match in ctx.finditer(_EMBEDDING_METHODS_SCAN):
        method = match.group("method")
        paren = ctx.lexed.enclosing(match.end(), "(")
        if method == "create" and not (paren and ctx.occurs(_EMBEDDING, match.end(), paren[1])):
            continue
        ctx.report("CAR104", *match.span("method"),
                   f"`voices.{method}()` made voices from embeddings; the API removed it on "
                   f"{facts.SUNSET_DATE}")


@check(*CODE)
def voice_is_public(ctx: CheckContext) -> None:
    if not ctx.target.features.voice_access_fields or ctx.doc.contains(_READS_ACCESS_SCAN):
        return  # code that reads `access` or `visibility` keeps `is_public` for older versions
    for match in ctx.finditer(_IS_PUBLIC_SCAN):
        if not _VOICE_NAME.search(receiver(ctx.text, match.start())):
            continue  # some other object's `is_public` (a post, a repository...)
        start = match.start() + match.group().index("is_public")
        ctx.report("CAR607", start, start + len("is_public"),
                   f"`is_public` was replaced by `access` and `visibility` in API version "
                   f"{ctx.target.features.version}")


CHECKS = (renamed_tts_methods, voice_id_argument, stream_argument, output_format_helper,
          embedding_methods, voice_is_public)
