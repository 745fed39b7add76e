"""CAR3 authentication and secrets: the X-API-Key header after the switch to Bearer, and API
keys written into source (reported redacted: a lint report must not spread the secret)."""

from __future__ import annotations

import re

from cartesia_cli.config import redact
from cartesia_cli.migrate.context import ALL_LANGUAGES, CheckContext, check
from cartesia_cli.migrate.lexer import expression_end
from cartesia_cli.migrate.model import Applicability, Edit, Fix

_HEADER_LINE = re.compile(r"(?<![\w-])x-api-key[ \t]*:[ \t]*", re.IGNORECASE)
_HEADER_KEY = re.compile(
    r"(?P<q>[\"'`])(?P<name>x-api-key)(?P=q)\s*(?P<sep>:|,|\]\s*=(?!=))\s*", re.IGNORECASE)
KEY_PATTERN = re.compile(r"sk_car_[A-Za-z0-9_\-]{8,}")
_PLACEHOLDER_WORDS = re.compile(r"your|xxxx|example|placeholder|redacted|dummy|fake|here|test_key",
                                re.IGNORECASE)
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


@check(*ALL_LANGUAGES, cartesia_only=False)
def x_api_key(ctx: CheckContext) -> None:
    if ctx.target.features.auth_header != "bearer":
        return
    version = ctx.target.features.version
    message = (f"`X-API-Key` header; API version {version} authenticates with "
               "`Authorization: Bearer`")
    handled: set[int] = set()
    for match in ctx.finditer(_HEADER_KEY):
        name_start, name_end = match.span("name")
        handled.add(name_start)
        fix = None
        value_end = expression_end(ctx.text, match.end(), ctx.region.end)
        bearer = _bearer_value(ctx.text[match.end():value_end], ctx.language)
        if bearer is not None and value_end > match.end():
            fix = Fix((Edit(name_start, name_end, "Authorization"),
                       Edit(match.end(), value_end, bearer)),
                      Applicability.SAFE, "send `Authorization: Bearer`")
        ctx.report("CAR301", name_start, name_end, message, fix)
    for match in ctx.finditer(_HEADER_LINE):
        if match.start() in handled:
            continue
        # `X-API-Key: value` in one string (curl -H, a raw header line, a YAML mapping).
        ctx.report("CAR301", match.start(), match.start() + len("x-api-key"), message,
                   Fix.replace(match.start(), match.end(), "Authorization: Bearer ",
                               "send `Authorization: Bearer`"))


@check(*ALL_LANGUAGES, cartesia_only=False)
def hardcoded_key(ctx: CheckContext) -> None:
    # Deliberately not ctx.finditer: a key in a comment has leaked just the same.
    for match in KEY_PATTERN.finditer(ctx.text, ctx.region.start, ctx.region.end):
        key = match.group()
        if _PLACEHOLDER_WORDS.search(key):
            continue
        ctx.report("CAR302", match.start(), match.end(),
                   f"hard-coded Cartesia API key `{redact(key)}`")


CHECKS = (x_api_key, hardcoded_key)
