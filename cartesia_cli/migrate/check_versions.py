"""CAR2 API versions: pins that are missing, malformed, unknown or older than the target, and
error handling written for the plain-text errors of versions before 2026-03-01."""

from __future__ import annotations

import re

from cartesia_cli.errors import UsageError
from cartesia_cli.facts import VERSIONS, is_well_formed, resolve_version
from cartesia_cli.migrate import messages
from cartesia_cli.migrate.anchored import anchored
from cartesia_cli.migrate.context import ALL_LANGUAGES, CODE, CheckContext, check
from cartesia_cli.migrate.model import Applicability, Fix

_PIN = re.compile(
    r"(?<![A-Za-z0-9])cartesia[-_]?version[\"'`]?\s*[:=]\s*[\"'`]?(?P<value>[^\"'`\s&,;#)}\]]*)",
    re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^(?:yyyy-mm-dd|[<{$%(=].*)$", re.IGNORECASE)
_MENTIONS_VERSION = re.compile(r"cartesia[-_]?version", re.IGNORECASE)
_API_URL = re.compile(r"(?P<scheme>https?|wss?)://api\.cartesia\.ai(?:\:\d+)?[^\s\"'`)]*")
_JS_SDK = re.compile(r"@cartesia/cartesia-js|new\s+Cartesia(?:Client)?\s*\(")
_OPAQUE_HEADERS = re.compile(r"-H\s*[\"']?[$@]|\s(?:-K|--config)\b")
_ERROR_SPLIT = re.compile(
    r"\.(?:split|partition|rpartition|indexOf)\(\s*(?P<q>[\"'])\s?:\s?(?P=q)\s*(?:,\s*1\s*)?\)")
# A literal headers object: `headers={`, `headers: {`, `"headers": {`.
_HEADERS_OBJECT = re.compile(r"(?<![\w$])[\"']?headers[\"']?\s*[:=]\s*\{")
_NEXT_LINE_INDENT = re.compile(r"[ \t]*(?P<eol>\r?\n)(?P<indent>[ \t]*)(?=\S)")
# Code that already reads the structured error's fields (`error_code`, or a quoted `title` key).
_READS_STRUCTURED_ERRORS = re.compile(r"\berror_code\b|[\"']title[\"']")
# An error body being taken apart, not an SSE `field: value` line.
_ERROR_WORDS = re.compile(r"err|exc|detail|title|\.text\b", re.IGNORECASE)

# Scanned around a literal every match contains, or skipped without their needles (anchored.py).
_PIN_SCAN = anchored(_PIN, "cartesia")
_API_URL_SCAN = anchored(_API_URL, "://api.cartesia.ai", 5)
_ERROR_SPLIT_SCAN = anchored(_ERROR_SPLIT, needles=("split", "partition", "indexOf"))
_JS_SDK_SCAN = anchored(_JS_SDK, needles=("cartesia-js", "Cartesia"))
_READS_STRUCTURED_ERRORS_SCAN = anchored(_READS_STRUCTURED_ERRORS, needles=("error_code", "title"))


def _pin_value(ctx: CheckContext, match: re.Match[str]) -> str | None:
    value = match.group("value")
    if not value or _PLACEHOLDER.match(value):
        return None
    if ctx.language in CODE and ctx.lexed.string_at(match.start("value")) is None \
            and not value[0].isdigit():
        return None  # a variable, not a literal pin
    return value


@check(*ALL_LANGUAGES, cartesia_only=False)
def version_pins(ctx: CheckContext) -> None:
    target = ctx.target.features.version
    for match in ctx.finditer(_PIN_SCAN):
        value = _pin_value(ctx, match)
        if value is None:
            continue
        start, end = match.span("value")
        if not is_well_formed(value):
            ctx.report("CAR202", start, end,
                       f"`Cartesia-Version` `{value}` is not a YYYY-MM-DD date",
                       Fix.replace(start, end, target, f"pin {target}", Applicability.UNSAFE))
        elif value not in VERSIONS:
            try:
                behaves_as = resolve_version(value).features.version
                message = (f"`Cartesia-Version` {value} is not a known API version "
                           f"(the API treats it as {behaves_as})")
            except UsageError:
                behaves_as = target
                message = (f"`Cartesia-Version` {value} predates the first stable API version "
                           f"{min(VERSIONS)}")
            new = max(behaves_as, target)
            ctx.report("CAR203", start, end, message, Fix.replace(start, end, new, f"pin {new}"))
        elif value < target:
            ctx.report("CAR204", start, end,
                       f"`Cartesia-Version` {value} is older than the target version {target}",
                       Fix.replace(start, end, target, f"pin {target}"))


@check("shell", "text")
def curl_without_version(ctx: CheckContext) -> None:
    target = ctx.target.features.version
    for command in ctx.curl:
        if not command.calls_cartesia() or command.mentions(_MENTIONS_VERSION) \
                or command.mentions(_OPAQUE_HEADERS):
            continue
        insert_at = command.start + len("curl")
        ctx.report("CAR201", command.start, insert_at, messages.MISSING_VERSION,
                   Fix.replace(insert_at, insert_at, f' -H "Cartesia-Version: {target}"',
                               f"send `Cartesia-Version: {target}`"))


@check(*ALL_LANGUAGES)
def url_without_version(ctx: CheckContext) -> None:
    """Hand-written clients (no official SDK) that never mention a version anywhere."""
    if ctx.doc.contains(_MENTIONS_VERSION) or ctx.doc.uses_python_sdk \
            or ctx.doc.contains(_JS_SDK_SCAN):
        return
    target = ctx.target.features.version
    for match in ctx.finditer(_API_URL_SCAN):
        websocket = match.group("scheme").lower().startswith("ws")
        if not websocket and ctx.language not in CODE:
            continue  # curl is checked per command; config files only name the base URL
        fix = None
        url = match.group()
        # Only a URL that already has a query can take the parameter safely: code often
        # appends its own `?api_key=...` to a bare URL.
        if websocket and "/websocket?" in url:
            at = match.start() + url.index("?") + 1
            fix = Fix.replace(at, at, f"cartesia_version={target}&",
                              f"add `cartesia_version={target}`")
        elif not websocket:
            fix = _header_fix(ctx, match.start(), target)
        ctx.report("CAR201", match.start(), match.end(), messages.MISSING_VERSION, fix)


def _header_fix(ctx: CheckContext, url_at: int, target: str) -> Fix | None:
    """Add the header to a literal `headers` object of the call the URL is passed to
    (`requests.post(URL, headers={...})`, `fetch(URL, {headers: {...}})`), as curl's fix adds
    `-H`; None when the headers are not written there."""
    call = ctx.lexed.enclosing(url_at, "(")
    if call is None:
        return None
    headers = _HEADERS_OBJECT.search(ctx.text, call[0], call[1])
    if headers is None or ctx.lexed.enclosing(headers.end(), "(") != call:
        return None
    entry = f'"Cartesia-Version": "{target}",'
    newline = _NEXT_LINE_INDENT.match(ctx.text, headers.end())
    if newline is not None:  # entries on their own lines: one more line, indented as they are
        at = newline.start("eol")
        return Fix.replace(at, at, newline.group("eol") + newline.group("indent") + entry,
                           f"send `Cartesia-Version: {target}`")
    at = headers.end()
    while ctx.text[at:at + 1] in (" ", "\t"):
        at += 1
    return Fix.replace(at, at, entry + " ", f"send `Cartesia-Version: {target}`")


@check(*CODE)
def legacy_error_parsing(ctx: CheckContext) -> None:
    if not ctx.target.features.structured_errors or ctx.doc.contains(_READS_STRUCTURED_ERRORS_SCAN):
        return  # code that reads the JSON fields keeps the text form as its fallback
    for match in ctx.finditer(_ERROR_SPLIT_SCAN):
        line_start = ctx.text.rfind("\n", 0, match.start()) + 1
        if _ERROR_WORDS.search(ctx.text, line_start, match.start()):
            ctx.report("CAR205", match.start() + 1, match.end(),
                       "splits an error as `Title: Message` text; from API version 2026-03-01 "
                       "errors are JSON objects")


CHECKS = (version_pins, curl_without_version, url_without_version, legacy_error_parsing)
