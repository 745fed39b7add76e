"""Everything that differs by Cartesia-Version, in one table.

Code asks `features(version)` instead of comparing dates, so a new API version is one new row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cartesia_cli.errors import UsageError

DEFAULT_VERSION = "2026-08-14"  # the newest version the official SDK pins
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class VersionFeatures:
    version: str
    auth_header: str  # "x-api-key" or "bearer" (for API keys; access tokens are always Bearer)
    voices_paginated: bool  # GET /voices answers {data, has_more, next_page} instead of an array
    voice_specifier: str  # "mode" -> {"mode": "id", "id": ...}; "id" -> {"id": ...}
    structured_errors: bool  # HTTP errors are JSON {error_code, title, message, request_id}
    embeddings: bool  # voice embeddings and __experimental_controls are accepted
    locale_field: bool  # TTS requests accept `locale` and `normalization`
    voice_access_fields: bool  # Voice has access/visibility/tagline instead of is_public
    voice_search: bool  # GET /voices accepts q and language
    max_buffer_delay_ms: tuple[int, int, int]  # (min, max, default)


VERSIONS: dict[str, VersionFeatures] = {
    v.version: v
    for v in (
        VersionFeatures("2024-06-10", "x-api-key", False, "mode", False, True, False, False,
                        False, (0, 1000, 0)),
        VersionFeatures("2024-11-13", "x-api-key", True, "mode", False, True, False, False,
                        False, (0, 1000, 0)),
        VersionFeatures("2025-04-16", "bearer", True, "mode", False, False, False, False,
                        False, (0, 1000, 0)),
        VersionFeatures("2025-11-04", "bearer", True, "mode", False, False, False, False,
                        True, (0, 5000, 3000)),
        VersionFeatures("2026-03-01", "bearer", True, "id", True, False, False, False,
                        True, (0, 5000, 3000)),
        VersionFeatures("2026-08-14", "bearer", True, "id", True, False, True, True,
                        True, (0, 5000, 3000)),
    )
}
KNOWN_VERSIONS: tuple[str, ...] = tuple(VERSIONS)


@dataclass(frozen=True)
class ResolvedVersion:
    requested: str  # what the user asked for; sent on the wire as is
    features: VersionFeatures  # the behaviour of the newest known version on or before it
    warning: str | None = None


def is_well_formed(value: str) -> bool:
    """A YYYY-MM-DD date that exists (2025-13-01 and 2025-02-30 do not)."""
    if not _DATE.match(value):
        return False
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def resolve_version(value: str) -> ResolvedVersion:
    """Map a Cartesia-Version date to the behaviour the API gives it.

    Raises:
        UsageError: the value is not a YYYY-MM-DD date, or is older than the first stable version.
    """
    value = value.strip()
    if not is_well_formed(value):
        raise UsageError(
            f"invalid API version `{value}`: expected a date like {DEFAULT_VERSION}",
            hint="known versions: " + ", ".join(KNOWN_VERSIONS),
        )
    if value in VERSIONS:
        return ResolvedVersion(value, VERSIONS[value])
    earlier = [v for v in KNOWN_VERSIONS if v <= value]
    if not earlier:
        raise UsageError(
            f"API version `{value}` predates the first stable version {KNOWN_VERSIONS[0]}",
            hint="the /v0 API is gone; run `cartesia migrate-check` to update old code",
        )
    return ResolvedVersion(
        value,
        VERSIONS[earlier[-1]],
        warning=f"unknown API version {value}: behaving as {earlier[-1]}, "
        f"the newest known version before it",
    )
