"""Voices: listing with filters and cursor pagination (version-aware), one voice, and names
resolved to ids (with a short-lived cache that never holds the key)."""

from __future__ import annotations

import difflib
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cartesia_cli.api.http import HttpClient
from cartesia_cli.errors import ProtocolError, UsageError
from cartesia_cli.facts import is_voice_id

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
        voices = _voice_list(client.request_json("GET", "/voices"), "GET /voices")
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
    cursors: set[str] = set()
    while True:
        page = json_object(client.request_json("GET", "/voices", params=params), "GET /voices")
        data = _voice_list(page.get("data"), "GET /voices (`data`)")
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
        cursor = str(page.get("next_page") or data[-1].get("id") or "")
        if not cursor or cursor in cursors:
            # A broken server or proxy must not turn --all into an endless request storm.
            raise ProtocolError(f"GET /voices repeated the page cursor `{cursor}`",
                                hint="the listing so far is incomplete; try again later")
        cursors.add(cursor)
        params["starting_after"] = cursor


def _voice_list(value: object, where: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ProtocolError(f"{where} answered with JSON of another shape (not a list of "
                            f"voices): {str(value)[:120]!r}",
                            hint="check --base-url and --cartesia-version")
    return value


def get_voice(client: HttpClient, voice_id: str) -> dict[str, Any]:
    return json_object(client.request_json("GET", f"/voices/{voice_id}"), f"GET /voices/{voice_id}")


def json_object(value: object, where: str) -> dict[str, Any]:
    """An answer that must be a JSON object (a voice, a page), checked before it is used."""
    if not isinstance(value, dict):
        raise ProtocolError(f"{where} answered with JSON of another shape: {str(value)[:120]!r}",
                            hint="check --base-url and --cartesia-version")
    return value


# --- names -----------------------------------------------------------------------------------


class VoiceCache:
    """name -> id, per base URL and key fingerprint, in the XDG cache directory."""

    def __init__(self, base_url: str, secret: str | None, directory: Path, *,
                 ttl: float = CACHE_TTL, clock: Callable[[], float] = time.time):
        fingerprint = hashlib.sha256(f"{base_url}\0{secret or ''}".encode()).hexdigest()[:24]
        self.path = directory / f"voices-{fingerprint}.json"
        self.ttl = ttl
        self.clock = clock

    def _load(self) -> dict[str, dict[str, Any]]:
        """The fresh entries (name -> {id, at}); anything unreadable or malformed is no entry."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        now = self.clock()
        return {name: entry for name, entry in data.items()
                if isinstance(entry, dict) and isinstance(entry.get("id"), str)
                and isinstance(entry.get("at"), int | float) and now - entry["at"] < self.ttl}

    def get(self, name: str) -> str | None:
        entry = self._load().get(name)
        return str(entry["id"]) if entry else None

    def put(self, name: str, voice_id: str) -> None:
        data = self._load()
        data[name] = {"id": voice_id, "at": self.clock()}
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


def resolve_voice(client: HttpClient, value: str, cache: VoiceCache) -> str:
    """A voice id for an id or a name (names looked up once, then cached for a while)."""
    if is_voice_id(value):
        return value
    cached = cache.get(value)
    if cached:
        return cached
    features = client.version.features
    flt = VoiceFilter(search=value) if features.voice_search else VoiceFilter()
    voices = list(iter_voices(client, flt, follow=True))
    if features.voice_search and not voices:
        voices = list(iter_voices(client, VoiceFilter(), follow=True))  # for suggestions
    voice_id = str(pick_voice(value, voices)["id"])
    cache.put(value, voice_id)
    return voice_id
