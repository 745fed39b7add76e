"""Voices: listing with filters and cursor pagination (version-aware), one voice, and names
resolved to ids (with a short-lived cache that never holds the key)."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cartesia_cli.api.http import HttpClient
from cartesia_cli.errors import ProtocolError, UsageError

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
CACHE_TTL = 600.0  # seconds: long enough for a burst of one-liners, short enough to see renames
FIELDS = (
    "id",
    "name",
    "language",
    "gender",
    "description",
    "is_owner",
    "is_public",
    "tagline",
    "created_at",
)


@dataclass(frozen=True)
class VoiceFilter:
    search: str | None = None
    language: str | None = None
    gender: str | None = None
    mine: bool = False


def normalize(voice: dict[str, Any]) -> dict[str, Any]:
    """One stable record whatever the API version's field names."""
    is_public = voice.get("is_public")
    if is_public is None and "access" in voice:
        is_public = voice["access"] == "public"
    is_owner = voice.get("is_owner")
    if is_owner is None and "user_id" in voice:
        is_owner = bool(voice["user_id"])
    return {
        "id": voice.get("id"),
        "name": voice.get("name"),
        "language": voice.get("language"),
        "gender": voice.get("gender"),
        "description": voice.get("description") or "",
        "is_owner": bool(is_owner),
        "is_public": is_public,
        "tagline": voice.get("tagline"),
        "created_at": voice.get("created_at"),
    }


def _matches_locally(voice: dict[str, Any], flt: VoiceFilter) -> bool:
    """Filters the API version cannot apply itself (2024-06-10 has no query parameters)."""
    if flt.search:
        needle = flt.search.lower()
        if not any(
            needle in str(voice.get(k) or "").lower() for k in ("id", "name", "description")
        ):
            return False
    if flt.language and not str(voice.get("language") or "").lower().startswith(
        flt.language.lower().replace("_", "-").split("-")[0]
    ):
        return False
    if flt.gender and voice.get("gender") != flt.gender:
        return False
    return not (flt.mine and not normalize(voice)["is_owner"])


def iter_voices(
    client: HttpClient, flt: VoiceFilter, *, limit: int | None = 20, follow: bool = False
) -> Iterator[dict[str, Any]]:
    """Voices (raw API objects) matching the filter.

    Without `follow`, at most `limit` voices; with it, every page to the end, `limit` per page.
    """
    features = client.version.features
    if not features.voices_paginated:
        voices = client.request_json("GET", "/voices")
        matching = [v for v in voices if _matches_locally(v, flt)]
        yield from matching if follow or limit is None else matching[:limit]
        return
    params: dict[str, Any] = {"limit": min(limit or 100, 100)}
    if flt.search and features.voice_search:
        params["q"] = flt.search
    if flt.language and features.voice_search:
        params["language"] = flt.language
    if flt.gender:
        params["gender"] = flt.gender
    if flt.mine:
        params["is_owner"] = "true"
    produced = 0
    while True:
        page = client.request_json("GET", "/voices", params=params)
        data = page.get("data") if isinstance(page, dict) else None
        if not isinstance(data, list):
            raise ProtocolError("GET /voices answered with JSON of another shape "
                                f"(no `data` list): {str(page)[:120]!r}",
                                hint="check --base-url and --cartesia-version")
        for voice in data:
            if features.voice_search or _matches_locally(voice, flt):
                yield voice
                produced += 1
                if not follow and limit is not None and produced >= limit:
                    return
        if (
            not data
            or not page.get("has_more")
            or not (follow or limit is None or produced < limit)
        ):
            return
        params["starting_after"] = page.get("next_page") or data[-1]["id"]


def get_voice(client: HttpClient, voice_id: str) -> dict[str, Any]:
    return client.request_json("GET", f"/voices/{voice_id}")


# --- names -----------------------------------------------------------------------------------


class VoiceCache:
    """name -> id, per base URL and key fingerprint, in the XDG cache directory."""

    def __init__(self, base_url: str, secret: str | None, ttl: float = CACHE_TTL):
        root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        fingerprint = hashlib.sha256(f"{base_url}\0{secret or ''}".encode()).hexdigest()[:24]
        self.path = Path(root) / "cartesia" / f"voices-{fingerprint}.json"
        self.ttl = ttl

    def _load(self) -> dict[str, Any]:
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}

    def get(self, name: str) -> str | None:
        entry = self._load().get(name)
        if entry and time.time() - entry.get("at", 0) < self.ttl:
            return entry.get("id")
        return None

    def put(self, name: str, voice_id: str) -> None:
        data = {k: v for k, v in self._load().items() if time.time() - v.get("at", 0) < self.ttl}
        data[name] = {"id": voice_id, "at": time.time()}
        from cartesia_cli.safe_write import make_private_dir, write_atomically

        try:
            make_private_dir(self.path.parent)
            write_atomically(self.path, json.dumps(data), mode=0o600)
        except UsageError:
            pass  # a cache that cannot be written only costs a lookup next time

    def names(self) -> list[str]:
        return sorted(self._load())


def pick_voice(name: str, voices: list[dict[str, Any]]) -> dict[str, Any]:
    """An exact name first, then a unique case-insensitive one.

    Raises:
        UsageError: several voices match, or none (with the closest names).
    """
    exact = [v for v in voices if v.get("name") == name]
    if len(exact) == 1:
        return exact[0]
    folded = [v for v in voices if str(v.get("name", "")).casefold() == name.casefold()]
    candidates = exact or folded
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        listing = "; ".join(f"{v['name']} ({v['id']})" for v in candidates[:10])
        raise UsageError(
            f"voice name `{name}` is ambiguous: {listing}", hint="pass the voice id with --voice"
        )
    names = sorted({str(v.get("name")) for v in voices})
    close = (
        difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        or [n for n in names if name.casefold() in n.casefold()][:3]
    )
    raise UsageError(
        f"no voice named `{name}`",
        hint=("did you mean " + ", ".join(f"`{c}`" for c in close) + "? " if close else "")
        + "see `cartesia voices list`",
    )


def resolve_voice(client: HttpClient, value: str) -> str:
    """A voice id for an id or a name (names looked up once, then cached for a while)."""
    if UUID.match(value):
        return value
    cache = VoiceCache(
        client.base_url, client.credentials.api_key or client.credentials.access_token
    )
    cached = cache.get(value)
    if cached:
        return cached
    features = client.version.features
    flt = VoiceFilter(search=value) if features.voice_search else VoiceFilter()
    voices = list(iter_voices(client, flt, follow=True))
    if features.voice_search and not voices:
        voices = list(iter_voices(client, VoiceFilter(), follow=True))  # for suggestions
    voice = pick_voice(value, voices)
    cache.put(value, voice["id"])
    return voice["id"]
