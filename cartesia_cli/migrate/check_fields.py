"""CAR5 request and response fields as they appear in code: dict and object literals, keyword
arguments, YAML mappings. JSON bodies that parse are checked structurally instead (payload.py)."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator

from cartesia_cli.migrate import facts, messages
from cartesia_cli.migrate.anchored import Anchored, anchored
from cartesia_cli.migrate.context import ALL_LANGUAGES, CODE, CheckContext, check
from cartesia_cli.migrate.lexer import (
    blank_before,
    blank_line_start,
    callee,
    receiver,
)
from cartesia_cli.migrate.model import Applicability, Edit, Fix

_STRING = re.compile(r"""^(["'`])(?P<body>[^"'`\n]*)\1$""")
_WS_WRAPPER = re.compile(
    r"\b(?:send|dumps|stringify)\s*\(\s*(?:(?:JSON\.stringify|json\.dumps)\s*\(\s*)?\{\s*"
    r"(?P<key>[\"']?data[\"']?)\s*:")
_RESPONSE_FIELD = re.compile(
    r"\[\s*(?P<q>[\"'])(?P<field>sampling_rate)(?P=q)\s*\]"
    r"|\.get\(\s*(?P<q2>[\"'])(?P<field2>sampling_rate)(?P=q2)"
    r"|\.(?P<attr>sampling_rate)\b(?!\s*=(?!=))")
# Whose field it is: `output["sampling_rate"]` and `message.sampling_rate` read an API response;
# `sample["audio"]["sampling_rate"]` (a dataset row) does not.
_RESPONSE_NAME = re.compile(r"chunk|out|resp|res|message|msg|event|evt|data|payload|frame|reply",
                            re.IGNORECASE)
# A voice given as an embedding: `mode: "embedding"` (YAML: `mode: embedding`), an `embedding`
# key in a voice object, or SDK 1.x's `voice_embedding=` argument.
_EMBEDDING_MODE = re.compile(
    r"(?<![\w$-])[\"']?mode[\"']?\s*[:=]\s*(?:(?P<q>[\"'])embedding(?P=q)|(?P<bare>embedding\b))")
_EMBEDDING_KEY = re.compile(r"(?<![\w$-])(?P<q>[\"']?)embedding(?P=q)\s*:(?!:)")
_SDK1_EMBEDDING = re.compile(r"(?<![\w.])voice_embedding\s*=(?!=)")
_EXPERIMENTAL = re.compile(r"(?<![\w])_?_experimental(?:_voice)?_controls\b")
_MODE_ID = re.compile(
    r"(?<![\w$-])[\"']?mode[\"']?\s*[:=]\s*(?:(?P<q>[\"'])id(?P=q)|(?P<bare>id\b))")
_ENTRY_SEP = re.compile(r"[\"']?\s*[:=](?![:=])[^\S\n]*")
_TRANSCRIPT = re.compile(r"\btranscript\b")
_MODEL_LITERAL = re.compile(r"""(?P<q>["'`])(?P<model>sonic[\w.-]*)(?P=q)""")
_MODEL_YAML = re.compile(r"^[^\S\n]*model(?:_id)?\s*:\s*(?P<model>sonic[\w.-]*)\s*$", re.MULTILINE)
_MODEL_KEY_BEFORE = re.compile(r"model\w*[\"'`]?\s*[:=]\s*$", re.IGNORECASE)
_SPEED = re.compile(r"(?<![\w])[\"']?speed[\"']?\s*[:=]\s*"
                    r"(?:(?P<q>[\"'])(?P<word>[a-z]+)(?P=q)|(?P<bare>[a-z]+)[^\S\n]*$)",
                    re.MULTILINE)
_CONTAINER = re.compile(r"[\"']?container[\"']?\s*[:=]\s*(?P<q>[\"'])(?P<value>wav|mp3)(?P=q)")
_REQUEST_WORDS = re.compile(r"transcript|model_id")
_CONTEXT_ID = re.compile(r"context_id")
# What may follow a removable `key: value` entry on its line: blanks and one comma. Possessive,
# so a long run of blanks followed by something else fails without backtracking.
_REST_OF_LINE = re.compile(r"[^\S\n]*+,?[^\S\n]*+(?:\n|\Z)")
_STREAMING_CALLS = re.compile(r"(?:^|\.)(?:sse|generate_sse|send|context|websocket|push)$")

# Scanned around a literal every match contains, or skipped without their needles (anchored.py).
_WS_WRAPPER_SCAN = anchored(_WS_WRAPPER, needles=("send", "dumps", "stringify"))
_RESPONSE_FIELD_SCAN = anchored(_RESPONSE_FIELD, needles=("sampling_rate",))
_EMBEDDING_MODE_SCAN = anchored(_EMBEDDING_MODE, "mode", 1)
_EMBEDDING_KEY_SCAN = anchored(_EMBEDDING_KEY, "embedding", 1)
_SDK1_EMBEDDING_SCAN = anchored(_SDK1_EMBEDDING, "voice_embedding")
_EXPERIMENTAL_SCAN = anchored(_EXPERIMENTAL, "_experimental", 1)
_MODE_ID_SCAN = anchored(_MODE_ID, "mode", 1)
_MODEL_LITERAL_SCAN = anchored(_MODEL_LITERAL, "sonic", 1)
_MODEL_YAML_SCAN = anchored(_MODEL_YAML, needles=("sonic",))
_SPEED_SCAN = anchored(_SPEED, "speed", 1)
_CONTAINER_SCAN = anchored(_CONTAINER, "container", 1)


@functools.cache
def _field_pattern(name: str) -> Anchored:
    return anchored(re.compile(
        rf"(?<![\w$-])(?P<q>[\"']?){name}(?P=q)\s*(?P<sep>:(?!:)|=(?!=))\s*"), name, 1)


def field_keys(ctx: CheckContext, name: str) -> Iterator[re.Match[str]]:
    """Places where `name` is used as a request field: a quoted key with `:`, an object key in
    JavaScript/YAML, or a keyword argument in a Python call."""
    pattern = _field_pattern(name)
    for match in ctx.finditer(pattern):
        if ctx.in_payload(match.start()):
            continue
        quoted, sep = bool(match.group("q")), match.group("sep")
        if ctx.language == "python":
            if sep == "=" and (quoted or ctx.lexed.enclosing(match.start(), "(") is None):
                continue  # assignment to a variable, not a keyword argument
            if sep == ":" and not quoted:
                continue  # an annotation
        elif ctx.language == "javascript" and sep == "=":
            continue
        elif ctx.language in ("shell", "text") and sep == "=" and not quoted:
            continue  # shell variable
        yield match


def entry_removal(ctx: CheckContext, key_start: int, value_start: int) -> Edit | None:
    """Delete a `key: value` entry (`key=value` argument) with its comma: its whole lines when
    it has them to itself, else inline; in YAML the key's block with everything under it.
    None when the value is too long to delimit."""
    if ctx.language == "yaml" and ctx.text[value_start:value_start + 1] in ("\n", "\r", ""):
        line_start = blank_line_start(ctx.text, key_start)
        if line_start is None:
            return None
        line = ctx.yaml._line(key_start)
        end = ctx.yaml.block(line)[1]
        return Edit(line_start, min(end + 1, ctx.region.end), "")
    value_end = ctx.expression_end(value_start)
    if value_end is None:
        return None
    line_start = blank_line_start(ctx.text, key_start)
    rest = _REST_OF_LINE.match(ctx.text, value_end)
    if line_start is not None and rest is not None:
        return Edit(line_start, rest.end(), "")
    after = value_end
    while after < len(ctx.text) and ctx.text[after] in " \t":
        after += 1
    if ctx.text[after:after + 1] == ",":
        after += 1
        while after < len(ctx.text) and ctx.text[after] in " \t":
            after += 1
        return Edit(key_start, after, "")
    before = blank_before(ctx.text, key_start)
    if ctx.text[before - 1:before] == ",":
        return Edit(before - 1, value_end, "")
    return Edit(key_start, value_end, "")


def _in_request(ctx: CheckContext, pos: int) -> bool:
    """Whether the object or call around `pos` is a TTS request (it has a `transcript`)."""
    span = ctx.object_span(pos)
    return span is not None and ctx.occurs(_TRANSCRIPT, span[0], span[1])


@check(*ALL_LANGUAGES)
def ignored_fields(ctx: CheckContext) -> None:
    for name, code in (("chunk_time", "CAR501"), ("lookahead", "CAR502")):
        for match in field_keys(ctx, name):
            edit = entry_removal(ctx, match.start(), match.end())
            fix = Fix((edit,), Applicability.UNSAFE, f"remove `{name}`") if edit else None
            ctx.report(code, match.start(), match.start() + len(match.group("q")) * 2 + len(name),
                       messages.ignored_field(name), fix)


@check(*ALL_LANGUAGES)
def string_output_format(ctx: CheckContext) -> None:
    for match in field_keys(ctx, "output_format"):
        first = ctx.text[match.end():match.end() + 1]
        if not (first in ("\"", "'", "`") or (ctx.language == "yaml" and first.isalnum())):
            continue  # an object or a name: not a string (and no need to find its end)
        value_end = ctx.expression_end(match.end())
        if value_end is None:
            continue
        value = ctx.text[match.end():value_end]
        literal = _STRING.match(value)
        if literal is not None:
            name = literal.group("body")
        elif ctx.language == "yaml" and re.fullmatch(r"[\w-]+", value):
            name = value
        else:
            continue
        fmt = facts.legacy_output_format(name)
        if fmt is None and not _in_request(ctx, match.start()):
            continue  # another vendor's format name (`mp3_44100_128`), not Cartesia's
        fix = None if fmt is None else Fix.replace(
            match.end(), value_end, facts.output_format_literal(fmt),
            "pass the format as an object", Applicability.UNSAFE)
        ctx.report("CAR503", match.end(), value_end, messages.string_output_format(name), fix)


def _wraps_request(ctx: CheckContext, match: re.Match[str]) -> bool:
    """`data: {transcript...}` or `{"data": body, "context_id": ...}`: a v0 generation request,
    not any message that happens to have a `data` field."""
    brace = ctx.text.find("{", match.end(), match.end() + 3)
    if brace >= 0:  # `data: {...}`: the wrapped object is the request
        span, wanted = ctx.lexed.enclosing(brace + 1, "{"), _REQUEST_WORDS
    else:  # `data: body`: the v0 SDK sent {"data": body, "context_id": id}
        span, wanted = ctx.lexed.enclosing(match.start("key"), "{"), _CONTEXT_ID
    return span is not None and ctx.occurs(wanted, span[0], span[1])


@check(*ALL_LANGUAGES)
def websocket_data_wrapper(ctx: CheckContext) -> None:
    for match in ctx.finditer(_WS_WRAPPER_SCAN):
        if ctx.in_payload(match.start()) or not _wraps_request(ctx, match):
            continue
        ctx.report("CAR504", *match.span("key"),
                   "WebSocket message wrapped in `data`; send the request object itself")


@check(*CODE)
def removed_response_fields(ctx: CheckContext) -> None:
    for match in ctx.finditer(_RESPONSE_FIELD_SCAN):
        if not _RESPONSE_NAME.search(receiver(ctx.text, match.start())):
            continue
        field = match.group("field") or match.group("field2") or match.group("attr")
        ctx.report("CAR505", match.start() + (match.group().startswith(".")), match.end(),
                   f"reads `{field}`, which the API no longer returns")


@check(*ALL_LANGUAGES)
def voice_embeddings(ctx: CheckContext) -> None:
    # One finding per voice object, at its `embedding` key when it has one (as in JSON bodies).
    found: dict[int, tuple[int, int, int]] = {}  # object start -> (preference, start, end)
    for match in ctx.finditer(_EMBEDDING_KEY_SCAN):
        quoted = bool(match.group("q"))
        if ctx.in_payload(match.start()) or (not quoted and ctx.language not in (
                "javascript", "yaml")) or ctx.object_key(match.start()) != "voice":
            continue
        span = ctx.object_span(match.start())
        anchor = span[0] if span else match.start()
        end = match.start() + len(match.group("q")) * 2 + len("embedding")
        found.setdefault(anchor, (0, match.start(), end))
    for match in ctx.finditer(_EMBEDDING_MODE_SCAN):
        if ctx.in_payload(match.start()) or (match.group("bare") and (
                ctx.language != "yaml" or ctx.object_key(match.start()) != "voice")):
            continue
        span = ctx.object_span(match.start())
        anchor = span[0] if span else match.start()
        if anchor not in found:
            found[anchor] = (1, match.start(), match.end())
    for _, start, end in sorted(found.values(), key=lambda f: f[1]):
        ctx.report("CAR506", start, end, messages.EMBEDDING)
    if ctx.language == "python":
        for match in ctx.finditer(_SDK1_EMBEDDING_SCAN):
            ctx.report("CAR506", match.start(), match.end() - 1, messages.EMBEDDING)


def _entry_fix(ctx: CheckContext, key_start: int, key_end: int, description: str,
               ) -> Fix | None:
    """The unsafe fix removing the entry whose key (quotes included) is text[key_start:key_end]."""
    sep = _ENTRY_SEP.match(ctx.text, key_end)
    if sep is None:
        return None
    edit = entry_removal(ctx, key_start, sep.end())
    return None if edit is None else Fix((edit,), Applicability.UNSAFE, description)


@check(*ALL_LANGUAGES)
def experimental_controls(ctx: CheckContext) -> None:
    for match in ctx.finditer(_EXPERIMENTAL_SCAN):
        if ctx.in_payload(match.start()):
            continue
        start, end = match.span()
        quote = ctx.text[start - 1:start]
        if quote in ("'", '"') and ctx.text[end:end + 1] == quote:
            start, end = start - 1, end + 1
        fix = _entry_fix(ctx, start, end, f"remove `{match.group()}`")
        ctx.report("CAR507", match.start(), match.end(),
                   messages.experimental_controls(match.group()), fix)


@check(*ALL_LANGUAGES)
def voice_mode_id(ctx: CheckContext) -> None:
    if ctx.target.features.voice_specifier != "id":
        return
    for match in ctx.finditer(_MODE_ID_SCAN):
        if ctx.in_payload(match.start()) or (match.group("bare") and ctx.language != "yaml") \
                or ctx.object_key(match.start()) != "voice":
            continue
        edit = entry_removal(ctx, match.start(), match.end() - len(match.group("q") or "") * 2
                             - len("id"))
        fix = None if edit is None else Fix((edit,), Applicability.UNSAFE, "remove `mode`")
        ctx.report("CAR508", match.start(), match.end(),
                   messages.mode_id(ctx.target.features.version), fix)


def _model_literals(ctx: CheckContext) -> Iterator[tuple[int, int, str]]:
    for match in ctx.finditer(_MODEL_LITERAL_SCAN):
        yield match.start("model"), match.end("model"), match.group("model")
    if ctx.language == "yaml":
        for match in ctx.finditer(_MODEL_YAML_SCAN):
            yield match.start("model"), match.end("model"), match.group("model")


@check(*ALL_LANGUAGES)
def sunset_models(ctx: CheckContext) -> None:
    for start, end, model in _model_literals(ctx):
        problem = facts.model_problem(model)
        if problem is None or ctx.in_payload(start):
            continue
        # The key sits right before the value: look back a little, not to the line start.
        line_start = ctx.text.rfind("\n", max(0, start - 200), start) + 1
        if model == "sonic" and not _MODEL_KEY_BEFORE.search(
                ctx.text, max(line_start, start - 200), start - 1):
            continue  # a bare "sonic" is only a model id where it is assigned to a model field
        ctx.report(problem[0], start, end, problem[1],
                   Fix.replace(start, end, facts.REPLACEMENT_MODEL,
                               f"use `{facts.REPLACEMENT_MODEL}`", Applicability.UNSAFE))


class _Models:
    """Model ids by position, to find the one nearest a `speed` by binary search (a scan of
    all of them for each `speed` is quadratic)."""

    def __init__(self, found: list[tuple[int, int, str]]) -> None:
        # Ties go to the one found first, as `min` over the found order would.
        self.ordered = sorted((start, index, model) for index, (start, _, model)
                              in enumerate(found))
        self.starts = [start for start, _, _ in self.ordered]

    def nearest(self, pos: int) -> str | None:
        i = bisect.bisect_left(self.starts, pos)
        around = self.ordered[max(0, i - 1):i + 1]  # the closest on each side
        if not around:
            return None
        return min(around, key=lambda m: (abs(m[0] - pos), m[1]))[2]


@check(*ALL_LANGUAGES)
def speed_string(ctx: CheckContext) -> None:
    models = None  # found on the first `speed` word: most regions have none
    for match in ctx.finditer(_SPEED_SCAN):
        word = match.group("word") or match.group("bare")
        if word not in facts.LEGACY_SPEED_WORDS or ctx.in_payload(match.start()) \
                or (match.group("bare") and ctx.language != "yaml"):
            continue
        if "experimental" in ctx.object_key(match.start()):
            continue  # voice controls: reported as CAR507
        if models is None:
            models = _Models(list(_model_literals(ctx)))
        nearest = models.nearest(match.start())
        if nearest is None:
            continue
        if facts.supports_generation_config(nearest):
            ctx.report("CAR510", match.start(), match.end(), messages.speed_word(word, nearest))


@check(*CODE)
def streaming_container(ctx: CheckContext) -> None:
    streaming: dict[int, bool] = {}  # per bracket, shared by all matches

    def is_streaming_call(paren: int) -> bool:
        return bool(_STREAMING_CALLS.search(callee(ctx.text, paren)))

    for match in ctx.finditer(_CONTAINER_SCAN):
        if ctx.in_payload(match.start()) or not ctx.lexed.any_enclosing(
                match.start(), "(", is_streaming_call, streaming):
            continue
        value = match.group("value")
        fix = None
        if value == "wav":  # same samples without the header; mp3 needs an encoding chosen
            fix = Fix.replace(match.start("value"), match.end("value"), "raw",
                              "request `raw`", Applicability.UNSAFE)
        ctx.report("CAR511", match.start("value") - 1, match.end("value") + 1,
                   messages.streaming_container(value), fix)


CHECKS = (ignored_fields, string_output_format, websocket_data_wrapper, removed_response_fields,
          voice_embeddings, experimental_controls, voice_mode_id, sunset_models, speed_string,
          streaming_container)
