"""The emulator's own table of what differs by Cartesia-Version.

Written from the public API facts (not shared with the client's table, so a wrong row cannot hide
on both sides). Handlers ask the resolved `ApiVersion` instead of comparing dates. What differs
for GET /voices (list shape, voice fields, expand[] values, filters) is `voices.VOICE_API`.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cartesia_cli.emulator.errors import ApiFailure

NEWEST = "2026-08-14"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ApiVersion:
    date: str
    structured_http_errors: bool  # HTTP errors are JSON {error_code, title, message, request_id}
    structured_event_errors: bool  # SSE/WS error events carry title/message/error_code/request_id
    voice_forms: frozenset[str]  # voice specifiers: "mode" {mode:"id",id}, "id" {id}, "str"
    locale_fields: bool  # TTS accepts `locale` and `normalization`
    extra_languages: tuple[str, ...]  # languages added on top of the 42 sonic-3 ones
    buffer_delay_ms: tuple[int, int, int]  # WebSocket max_buffer_delay_ms (min, max, default)
    ws_context_id_required: bool  # WebSocket generation requests must carry context_id


_MODE_ONLY = frozenset({"mode"})
_ANY_FORM = frozenset({"mode", "id", "str"})

VERSIONS: dict[str, ApiVersion] = {
    v.date: v
    for v in (
        ApiVersion("2024-06-10", False, False, _MODE_ONLY, False, (), (0, 1000, 0), False),
        ApiVersion("2024-11-13", False, False, _MODE_ONLY, False, (), (0, 1000, 0), False),
        ApiVersion("2025-04-16", False, False, _MODE_ONLY, False, (), (0, 1000, 0), False),
        ApiVersion("2025-11-04", False, True, _MODE_ONLY, False, (), (0, 5000, 3000), True),
        ApiVersion("2026-03-01", True, True, _ANY_FORM, False, (), (0, 5000, 3000), True),
        ApiVersion("2026-08-14", True, True, _ANY_FORM, True, ("or", "ur"), (0, 5000, 3000), True),
    )
}
KNOWN_VERSIONS: tuple[str, ...] = tuple(VERSIONS)


def resolve_version(value: str | None) -> ApiVersion:
    """The behaviour for a Cartesia-Version value (header or WebSocket query parameter).

    Raises:
        ApiFailure: 400 when the value is missing, not YYYY-MM-DD, or older than the first version.
            These errors are always legacy plain text: without a version there is no newer shape.
    """
    known = ", ".join(KNOWN_VERSIONS)
    if value is None or not value.strip():
        raise ApiFailure(400, "Missing Cartesia-Version", "Send the Cartesia-Version header "
                         f"(e.g. {NEWEST}). Known versions: {known}.")
    value = value.strip()
    if not _DATE.match(value):
        raise ApiFailure(400, "Invalid Cartesia-Version",
                         f"'{value}' is not a date in YYYY-MM-DD form. Known versions: {known}.")
    if value in VERSIONS:
        return VERSIONS[value]
    earlier = [v for v in KNOWN_VERSIONS if v <= value]
    if not earlier:
        raise ApiFailure(400, "Invalid Cartesia-Version",
                         f"'{value}' is older than the first stable version {KNOWN_VERSIONS[0]}.")
    return VERSIONS[earlier[-1]]


def requested_version(headers: Iterable[tuple[bytes, bytes]]) -> ApiVersion | None:
    """The version raw ASGI headers ask for; None when missing or invalid, for errors raised
    before a handler resolved it (they then use the legacy plain-text shape)."""
    for name, value in headers:
        if name.lower() == b"cartesia-version":
            with contextlib.suppress(ApiFailure):
                return resolve_version(value.decode("latin-1"))
    return None
