"""CAR3 authentication and secrets: the X-API-Key header after the switch to Bearer, and API
keys written into source (reported redacted: a lint report must not spread the secret)."""

from __future__ import annotations

import re

from cartesia_cli.config import redact
from cartesia_cli.migrate.anchored import anchored
from cartesia_cli.migrate.context import ALL_LANGUAGES, CheckContext, check
from cartesia_cli.migrate.lexer import callee
from cartesia_cli.migrate.model import Applicability, Edit, Fix

_HEADER_LINE = re.compile(r"(?<![\w-])x-api-key[ \t]*:[ \t]*", re.IGNORECASE)
_HEADER_KEY = re.compile(
    r"(?P<q>[\"'`])(?P<name>x-api-key)(?P=q)\s*(?P<sep>:|,|\]\s*=(?!=))\s*", re.IGNORECASE)
_HEADER_SETTERS = re.compile(r"(?:^|\.)(?:set|append|add|setHeader|header|putheader)$")
_KEY = re.compile(r"sk_car_[A-Za-z0-9_\-]{8,}")
# Placeholders in docs, and fake keys for tests or emulators spelled as lower-case words
# (`sk_car_offline_local_emulator`), are not secrets; real keys are random characters.
_PLACEHOLDER = re.compile(r"your|xxxx|example|placeholder|redacted", re.IGNORECASE)
_WORDS_ONLY = re.compile(r"^sk_car_[a-z]+(?:_[a-z]+)*$")

# Scanned around a literal every match contains, or skipped without their needles (anchored.py).
_HEADER_KEY_SCAN = anchored(_HEADER_KEY, "x-api-key", 1)
_HEADER_LINE_SCAN = anchored(_HEADER_LINE, "x-api-key")
_KEY_SCAN = anchored(_KEY, "sk_car_")


def _bearer_value(expr: str, language: str) -> str | None:
    """The value of an Authorization header built from the expression that held the key."""
    if len(expr) >= 2 and expr[0] in "\"'`" and expr[-1] == expr[0]:
        return expr[0] + "Bearer " + expr[1:]
    if language == "python":
        if re.match(r"^[fF][\"']", expr):
            return expr[:2] + "Bearer " + expr[2:]
        if "{" in expr or "}" in expr:
            return None
        for quote in "\"'":
            if quote not in expr:
                return f"f{quote}Bearer {{{expr}}}{quote}"
        return None
    if language == "javascript" and "`" not in expr:
        return f"`Bearer ${{{expr}}}`"
    return None


def _is_header_entry(ctx: CheckContext, match: re.Match[str]) -> bool:
    """`"X-API-Key": v` in a dict or object, `headers.set("X-API-Key", v)`, `h["X-API-Key"] = v`;
    not `if name == "x-api-key":` or a plain argument list."""
    if ctx.language not in ("python", "javascript"):
        return True
    sep = match.group("sep")
    if sep == ":":
        inner = ctx.lexed.enclosing(match.start())
        return inner is not None and ctx.text[inner[0]] == "{"
    if sep == ",":
        paren = ctx.lexed.enclosing(match.start(), "(")
        return paren is not None and bool(_HEADER_SETTERS.search(callee(ctx.text, paren[0])))
    return True


@check(*ALL_LANGUAGES, cartesia_only=False)
def x_api_key(ctx: CheckContext) -> None:
    if ctx.target.features.auth_header != "bearer":
        return
    version = ctx.target.features.version
    message = (f"`X-API-Key` header; API version {version} authenticates with "
               "`Authorization: Bearer`")
    for match in ctx.finditer(_HEADER_KEY_SCAN):
        name_start, name_end = match.span("name")
        if not _is_header_entry(ctx, match):
            continue
        fix = None
        value_end = ctx.expression_end(match.end())  # None: too long to rewrite
        if value_end is not None and value_end > match.end():
            bearer = _bearer_value(ctx.text[match.end():value_end], ctx.language)
            if bearer is not None:
                fix = Fix((Edit(name_start, name_end, "Authorization"),
                           Edit(match.end(), value_end, bearer)),
                          Applicability.SAFE, "send `Authorization: Bearer`")
        ctx.report("CAR301", name_start, name_end, message, fix)
    # `X-API-Key: value` in one string (curl -H, a raw header line) or a YAML mapping.
    for match in ctx.finditer(_HEADER_LINE_SCAN):
        ctx.report("CAR301", match.start(), match.start() + len("x-api-key"), message,
                   Fix.replace(match.start(), match.end(), "Authorization: Bearer ",
                               "send `Authorization: Bearer`"))


@check(*ALL_LANGUAGES, cartesia_only=False)
def hardcoded_key(ctx: CheckContext) -> None:
    # Deliberately not ctx.finditer: a key in a comment has leaked just the same.
    for match in _KEY_SCAN.finditer(ctx.text, ctx.region.start, ctx.region.end):
        key = match.group()
        if _PLACEHOLDER.search(key) or _WORDS_ONLY.match(key):
            continue
        ctx.report("CAR302", match.start(), match.end(),
                   f"hard-coded Cartesia API key `{redact(key)}`")


CHECKS = (x_api_key, hardcoded_key)
