"""CAR1 endpoints and CAR4 transport: paths and URLs that moved, vanished or travel in clear."""

from __future__ import annotations

import re

from cartesia_cli.migrate.anchored import anchored
from cartesia_cli.migrate.context import ALL_LANGUAGES, CheckContext, check
from cartesia_cli.migrate.facts import SUNSET_DATE
from cartesia_cli.migrate.model import Applicability, Fix

_V0_AFTER_HOST = re.compile(r"cartesia\.ai(?::\d+)?(?P<v0>/v0)(?![\w.-])")
_V0_BEFORE_PATH = re.compile(r"(?P<v0>/v0)(?=/(?:audio|tts|voices)\b)")
# Other vendors version their paths (`/v1/audio/stream`); only the bare or /v0 form is Cartesia's.
_AUDIO = re.compile(r"(?<!/v[1-9])/audio/(?P<endpoint>sse|websocket|stream)(?![\w-])")
# What stands right before `/audio/...` in a URL being built: the host, a v0 prefix, an
# interpolated base (`{base}`, `${base}`, `$BASE`) or a concatenation (`base + "`). A bare
# "/audio/websocket" route of the user's own server has none of these.
_URL_PREFIX = re.compile(r"(?:cartesia\.ai(?::\d+)?|/v0|\}|\$\w+|\+\s*[\"'`])$")
_AUDIO_REPLACEMENT = {"sse": "/tts/sse", "websocket": "/tts/websocket", "stream": "/tts/sse"}
_EMBEDDING_SUFFIX = re.compile(r"/voices/[^/\s\"'`?#)]+(?P<suffix>/embedding)(?![\w-])")
_EMBEDDING_INFIX = re.compile(r"/voices(?P<infix>/embedding)/[^/\s\"'`?#)]")
_EMBEDDING_ENDPOINTS = re.compile(r"/voices/(?P<what>mix|clone/clip|clone/url)(?![\w/-])")
_INSECURE_BASE = re.compile(
    r"(?:base_?url|websocket_base_url|CARTESIA_BASE_URL)[\"'`]?\s*[:=]\s*[\"'`]?"
    r"(?P<url>(?P<scheme>http|ws)://(?P<host>\[[^\]\s\"'`]*\]|[^/\s\"'`:]+))", re.IGNORECASE)
_LOOPBACK = re.compile(r"^(?:localhost|127(?:\.\d+){3}|\[::1\]|0\.0\.0\.0)$", re.IGNORECASE)
_INSECURE = re.compile(r"\b(?P<scheme>http|ws)://(?:[a-z0-9-]+\.)*cartesia\.ai\b", re.IGNORECASE)

# Scanned around a literal every match contains, or skipped without their needles (anchored.py).
_V0_AFTER_HOST_SCAN = anchored(_V0_AFTER_HOST, "cartesia.ai")
_V0_BEFORE_PATH_SCAN = anchored(_V0_BEFORE_PATH, "/v0")
_AUDIO_SCAN = anchored(_AUDIO, "/audio/")
_EMBEDDING_SUFFIX_SCAN = anchored(_EMBEDDING_SUFFIX, "/voices/")
_EMBEDDING_INFIX_SCAN = anchored(_EMBEDDING_INFIX, "/voices/embedding")
_EMBEDDING_ENDPOINTS_SCAN = anchored(_EMBEDDING_ENDPOINTS, "/voices/")
_INSECURE_SCAN = anchored(_INSECURE, "://", 4)
_INSECURE_BASE_SCAN = anchored(_INSECURE_BASE, "url", 15)


@check(*ALL_LANGUAGES)
def v0_prefix(ctx: CheckContext) -> None:
    seen: set[int] = set()
    for pattern in (_V0_AFTER_HOST_SCAN, _V0_BEFORE_PATH_SCAN):
        for match in ctx.finditer(pattern):
            start, end = match.span("v0")
            if start in seen:
                continue
            seen.add(start)
            ctx.report("CAR101", start, end, "the `/v0` API prefix was removed",
                       Fix.replace(start, end, "", "remove `/v0`"))


@check(*ALL_LANGUAGES)
def audio_endpoints(ctx: CheckContext) -> None:
    for match in ctx.finditer(_AUDIO_SCAN):
        if not _URL_PREFIX.search(ctx.text, max(0, match.start() - 80), match.start()):
            continue
        endpoint = match.group("endpoint")
        new = _AUDIO_REPLACEMENT[endpoint]
        old = match.group()
        if endpoint == "stream":
            # /audio/stream answered with JSON chunks; /tts/sse frames them as SSE events,
            # so the client's reading loop must change too.
            fix = Fix.replace(match.start(), match.end(), new, f"use `{new}`",
                              Applicability.UNSAFE)
            message = f"`{old}` was removed; `{new}` streams the same JSON chunks as SSE events"
        else:
            fix = Fix.replace(match.start(), match.end(), new, f"use `{new}`")
            message = f"`{old}` moved to `{new}`"
        ctx.report("CAR102", match.start(), match.end(), message, fix)


@check(*ALL_LANGUAGES)
def voice_embedding_endpoint(ctx: CheckContext) -> None:
    for pattern, group in ((_EMBEDDING_SUFFIX_SCAN, "suffix"), (_EMBEDDING_INFIX_SCAN, "infix")):
        for match in ctx.finditer(pattern):
            start, end = match.span(group)
            ctx.report("CAR103", match.start(), match.end() if group == "suffix" else end,
                       "`/voices/{id}/embedding` was removed; `/voices/{id}` returns the voice",
                       Fix.replace(start, end, "", "remove `/embedding`"))


@check(*ALL_LANGUAGES)
def embedding_endpoints(ctx: CheckContext) -> None:
    # Not a version matter: the embedding endpoints were switched off for every version.
    for match in ctx.finditer(_EMBEDDING_ENDPOINTS_SCAN):
        ctx.report("CAR104", match.start(), match.end(),
                   f"`/voices/{match.group('what')}` was removed with voice embeddings on "
                   f"{SUNSET_DATE}")


@check(*ALL_LANGUAGES, cartesia_only=False)
def insecure_url(ctx: CheckContext) -> None:
    for match in ctx.finditer(_INSECURE_SCAN):
        scheme = match.group("scheme")
        secure = "https" if scheme.lower() == "http" else "wss"
        start, end = match.span("scheme")
        ctx.report("CAR401", match.start(), match.end(),
                   f"plain `{scheme}://` URL for the Cartesia API",
                   Fix.replace(start, end, secure, f"use `{secure}://`"))


@check(*ALL_LANGUAGES)
def insecure_base_url(ctx: CheckContext) -> None:
    """A proxy or gateway in front of the API: the key still travels with every request."""
    for match in ctx.finditer(_INSECURE_BASE_SCAN):
        host = match.group("host")
        if _LOOPBACK.match(host) or host.lower().endswith("cartesia.ai"):
            continue  # the emulator on loopback is fine; Cartesia hosts are reported above
        ctx.report("CAR402", *match.span("url"),
                   f"plain `{match.group('scheme')}://` base URL: the API key would cross the "
                   "network in clear text")


CHECKS = (v0_prefix, audio_endpoints, voice_embedding_endpoint, embedding_endpoints, insecure_url,
          insecure_base_url)
