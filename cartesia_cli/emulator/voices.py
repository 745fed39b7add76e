"""GET /voices and GET /voices/{id} for the emulator, as pure functions of a catalog.

The server passes in the parsed query string, the resolved Cartesia-Version and the voices the
caller can see (voice_store.py: the built-in catalog plus the caller's own clones, edited and
minus deletions; the built-in catalog by default) and sends back what these return:
(status, JSON body). Errors are {"title", "message"}; the server turns them
into the version's error shape (plain text or structured JSON).

Where the public material is silent, this module decides:
- Listing order: created_at ascending, then id (see catalog.VOICES).
- Query parameters a version does not define are ignored, as HTTP APIs ignore unknown
  parameters; 2024-06-10 has none and always answers the whole catalog as a bare array.
- Cursors are positions in that full order, so a cursor stays valid whatever the filters.
  An id that is not in the catalog is a 400, and so is passing both cursors.
- Paging forwards, next_page is the last id of the page; paging backwards (ending_before) it
  is the first id, which is the cursor for the next page in that direction.
- `language` matches the native locale: `en` any English voice, `en-GB`/`en_gb` only voices
  whose native locale is en-GB.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from cartesia_cli.emulator.catalog import (
    CALLER_USER_ID,
    ESPEAK_BY_ACCENT,
    ESPEAK_BY_LANGUAGE,
    ESPEAK_BY_LOCALE,
    ESPEAK_VARIANTS,
    STARRED_IDS,
    VOICES,
    VOICES_BY_ID,
    CatalogVoice,
)

EMBEDDING_SIZE = 192
DEFAULT_LIMIT, MAX_LIMIT = 10, 100
GENDER_VALUES = ("masculine", "feminine", "gender_neutral")
_LANGUAGE = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?$")
_OMIT = object()  # a field this voice does not carry in this version


@dataclass(frozen=True)
class VoiceApi:
    """What GET /voices looks like on one Cartesia-Version."""

    paginated: bool  # {data, has_more, next_page} instead of a bare array
    fields: tuple[str, ...]  # Voice fields always present
    expandable: tuple[str, ...]  # fields added only when named in expand[]
    filters: frozenset[str]  # filter parameters the version understands


_LEGACY_FILTERS = frozenset({"is_owner", "is_starred", "gender"})
_SEARCH_FILTERS = frozenset({"q", "is_owner", "gender", "language"})
_OAS_FIELDS = ("id", "is_owner", "is_public", "name", "description", "gender", "created_at",
               "language", "locales", "country")
VOICE_API: dict[str, VoiceApi] = {
    "2024-06-10": VoiceApi(False, ("id", "user_id", "is_public", "name", "description",
                                   "created_at", "embedding", "language"), (), frozenset()),
    "2024-11-13": VoiceApi(True, ("id", "is_owner", "name", "description", "created_at",
                                  "language"), ("embedding", "is_starred"), _LEGACY_FILTERS),
    "2025-04-16": VoiceApi(True, ("id", "is_owner", "is_public", "name", "description", "gender",
                                  "created_at", "language"), ("is_starred",), _LEGACY_FILTERS),
    "2025-11-04": VoiceApi(True, _OAS_FIELDS, ("preview_file_url",), _SEARCH_FILTERS),
    "2026-03-01": VoiceApi(True, _OAS_FIELDS, ("preview_file_url",), _SEARCH_FILTERS),
    "2026-08-14": VoiceApi(True, ("id", "is_owner", "access", "visibility", "name", "tagline",
                                  "description", "gender", "created_at", "language", "locales",
                                  "country", "accent"), ("preview_file_url",), _SEARCH_FILTERS),
}


class _BadRequest(Exception):
    def __init__(self, title: str, message: str) -> None:
        super().__init__(message)
        self.body = {"title": title, "message": message}


# Voices made while an emulator runs (clones, localizations): (espeak voice, variant, language)
# by id. Their ids are random UUIDs, so emulators sharing a process never collide; a deleted
# voice's entry is removed. The engines have no server state, so they look voices up here.
_MADE_VOICES: dict[str, tuple[str, str, str]] = {}


def voice_exists(voice_id: str) -> bool:
    return voice_id in VOICES_BY_ID


def voice_language(voice_id: str) -> str:
    """The voice's language code (`en`). Raises KeyError for an unknown id."""
    if voice_id in _MADE_VOICES:
        return _MADE_VOICES[voice_id][2]
    return VOICES_BY_ID[voice_id].language


def espeak_voice_for(voice_id: str) -> tuple[str, str]:
    """(espeak-ng voice name, variant) for a catalog or made voice; KeyError for an unknown id.

    Combine them as `f"{name}+{variant}"` for espeak_SetVoiceByName.
    """
    if voice_id in _MADE_VOICES:
        name, variant, _ = _MADE_VOICES[voice_id]
        return name, variant
    return _espeak_assignments()[voice_id]


def espeak_name(accent: str | None, locale: str, language: str) -> str:
    """The espeak-ng language voice for an accent, else a locale, else a language."""
    return (ESPEAK_BY_ACCENT.get(accent or "") or ESPEAK_BY_LOCALE.get(locale)
            or ESPEAK_BY_LANGUAGE.get(language, "en-us"))


def register_made_voice(voice_id: str, name: str, variant: str, language: str) -> None:
    _MADE_VOICES[voice_id] = (name, variant, language)


def forget_made_voice(voice_id: str) -> None:
    _MADE_VOICES.pop(voice_id, None)


@functools.cache
def _espeak_assignments() -> dict[str, tuple[str, str]]:
    # Variants are handed out in listing order within each (espeak voice, gender) group, so
    # voices that share a language and gender get different variants until the list wraps.
    used: dict[tuple[str, str], int] = {}
    assigned: dict[str, tuple[str, str]] = {}
    for voice in VOICES:
        assert voice.gender is not None  # every built-in voice has one
        name = espeak_name(voice.accent, voice.locale, voice.language)
        variants = ESPEAK_VARIANTS[voice.gender]
        index = used.get((name, voice.gender), 0)
        used[(name, voice.gender)] = index + 1
        assigned[voice.id] = (name, variants[index % len(variants)])
    return assigned


@functools.lru_cache(maxsize=512)
def _embedding(voice_id: str) -> tuple[float, ...]:
    digest = hashlib.shake_256(f"cartesia-emulator:{voice_id}".encode()).digest(2 * EMBEDDING_SIZE)
    # Two bytes per value, mapped onto [-0.25, 0.25]: the range real embeddings mostly use.
    return tuple(round((int.from_bytes(digest[i:i + 2], "big") / 65535 - 0.5) / 2, 6)
                 for i in range(0, len(digest), 2))


def embedding_for(voice_id: str) -> list[float]:
    """The voice's 192-float embedding, derived from its id (same id, same embedding)."""
    return list(_embedding(voice_id))


class _Ctx(NamedTuple):
    base_url: str  # the server's own address (preview_file_url)
    user_id: str  # the caller's user id (user_id of the caller's own voices)


_RENDER: dict[str, Callable[[CatalogVoice, _Ctx], object]] = {
    "id": lambda v, _: v.id,
    "user_id": lambda v, ctx: ctx.user_id if v.owned else _OMIT,
    "is_owner": lambda v, _: v.owned,
    "is_public": lambda v, _: not v.owned,
    "access": lambda v, _: "private" if v.owned else "public",
    "visibility": lambda v, _: "owner" if v.owned else "all",
    "name": lambda v, _: v.name,
    "tagline": lambda v, _: v.tagline,
    "description": lambda v, _: v.description,
    "gender": lambda v, _: v.gender,
    "created_at": lambda v, _: v.created_at,
    "language": lambda v, _: v.language,
    "locales": lambda v, _: [{"locale": loc, "is_native": loc == v.locale} for loc in v.locales],
    "country": lambda v, _: v.country,
    "accent": lambda v, _: v.accent,
    "embedding": lambda v, _: embedding_for(v.id),
    "is_starred": lambda v, _: v.id in STARRED_IDS,
    # The caller's own clones have no preview (the API documents null for that case).
    "preview_file_url": lambda v, ctx: (None if v.owned
                                        else f"{ctx.base_url}/voices/{v.id}/preview"),
}


def render_voice(voice: CatalogVoice, api: VoiceApi, expand: Iterable[str],
                 base_url: str, user_id: str = CALLER_USER_ID) -> dict[str, Any]:
    wanted = set(expand)
    names = api.fields + tuple(name for name in api.expandable if name in wanted)
    ctx = _Ctx(base_url.rstrip("/"), user_id)
    body = {name: _RENDER[name](voice, ctx) for name in names}
    return {name: value for name, value in body.items() if value is not _OMIT}


def _checked_expand(values: Iterable[str], api: VoiceApi, version: str) -> list[str]:
    wanted = [value.strip() for value in values if value.strip()]
    if not api.expandable:  # the version has no expand[] at all
        return []
    for value in wanted:
        if value not in api.expandable:
            raise _BadRequest("Invalid expand value", f"expand[] must be one of "
                              f"{', '.join(api.expandable)} on {version}, got {value!r}")
    return wanted


def get_voice(voice_id: str, version: str, expand: list[str], *,
              base_url: str = "", catalog: Sequence[CatalogVoice] = VOICES,
              user_id: str = CALLER_USER_ID) -> tuple[int, object]:
    """GET /voices/{id}. base_url prefixes preview_file_url (the server's own address);
    `catalog` is what the caller can see (default: the built-in catalog)."""
    api = VOICE_API[version]
    try:
        wanted = _checked_expand(expand, api, version)
    except _BadRequest as error:
        return 400, error.body
    voice = VOICES_BY_ID.get(voice_id) if catalog is VOICES else next(
        (v for v in catalog if v.id == voice_id), None)
    if voice is None:
        return 404, {"title": "Voice not found", "message": f"No voice with id {voice_id!r}."}
    return 200, render_voice(voice, api, wanted, base_url, user_id)


@dataclass(frozen=True)
class _Filters:
    q: str | None = None
    is_owner: bool | None = None
    is_starred: bool | None = None
    gender: str | None = None
    language: tuple[str, str | None] | None = None  # (language, region or None)

    def matches(self, voice: CatalogVoice) -> bool:
        if self.q is not None:
            haystack = "\n".join((voice.name, voice.description, voice.id)).casefold()
            if self.q.casefold() not in haystack:
                return False
        if self.is_owner is not None and voice.owned != self.is_owner:
            return False
        if self.is_starred is not None and (voice.id in STARRED_IDS) != self.is_starred:
            return False
        if self.gender is not None and voice.gender != self.gender:
            return False
        if self.language is not None:
            language, region = self.language
            if voice.language != language or (region is not None and voice.country != region):
                return False
        return True


def query_value(query: dict[str, list[str]], key: str) -> str | None:
    """The last value of a parameter; an empty value counts as absent (all are nullable)."""
    values = query.get(key) or []
    value = values[-1].strip() if values else ""
    return value or None


def _boolean(key: str, value: str | None) -> bool | None:
    if value is None:
        return None
    if value.lower() in ("true", "1"):
        return True
    if value.lower() in ("false", "0"):
        return False
    raise _BadRequest("Invalid query parameter", f"{key} must be true or false, got {value!r}")


def _parse_filters(query: dict[str, list[str]], api: VoiceApi) -> _Filters:
    known = {key: query_value(query, key) for key in api.filters}
    gender = known.get("gender")
    if gender is not None and gender not in GENDER_VALUES:
        raise _BadRequest("Invalid query parameter",
                          f"gender must be one of {', '.join(GENDER_VALUES)}, got {gender!r}")
    language = None
    if known.get("language") is not None:
        match = _LANGUAGE.match(known["language"] or "")
        if match is None:
            raise _BadRequest("Invalid query parameter", "language must be a language or a "
                              f"language-locale pair like en or en-GB, got {known['language']!r}")
        region = match.group(2)
        language = (match.group(1).lower(), region.upper() if region else None)
    return _Filters(q=known.get("q"), is_owner=_boolean("is_owner", known.get("is_owner")),
                    is_starred=_boolean("is_starred", known.get("is_starred")),
                    gender=gender, language=language)


def _parse_limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    if not re.fullmatch(r"[0-9]+", value) or not 1 <= int(value) <= MAX_LIMIT:
        raise _BadRequest("Invalid query parameter",
                          f"limit must be an integer between 1 and {MAX_LIMIT}, got {value!r}")
    return int(value)


def _cursor_position(key: str, voice_id: str, catalog: Sequence[CatalogVoice]) -> int:
    for index, voice in enumerate(catalog):
        if voice.id == voice_id:
            return index
    raise _BadRequest("Invalid cursor", f"{key}: no voice with id {voice_id!r}")


def _page(query: dict[str, list[str]], api: VoiceApi, version: str,
          base_url: str, catalog: Sequence[CatalogVoice], user_id: str) -> dict[str, Any]:
    limit = _parse_limit(query_value(query, "limit"))
    filters = _parse_filters(query, api)
    expand = _checked_expand(query.get("expand[]", []) + query.get("expand", []), api, version)
    after, before = query_value(query, "starting_after"), query_value(query, "ending_before")
    if after is not None and before is not None:
        raise _BadRequest("Invalid query parameter",
                          "pass starting_after or ending_before, not both")
    if before is not None:
        candidates = [v for v in catalog[:_cursor_position("ending_before", before, catalog)]
                      if filters.matches(v)]
        page = candidates[-limit:]
        next_cursor = page[0].id if page else None
    else:
        start = (_cursor_position("starting_after", after, catalog) + 1
                 if after is not None else 0)
        candidates = [v for v in catalog[start:] if filters.matches(v)]
        page = candidates[:limit]
        next_cursor = page[-1].id if page else None
    has_more = len(candidates) > limit
    return {"data": [render_voice(v, api, expand, base_url, user_id) for v in page],
            "has_more": has_more, "next_page": next_cursor if has_more else None}


def list_voices(query: dict[str, list[str]], version: str, *, base_url: str = "",
                catalog: Sequence[CatalogVoice] = VOICES,
                user_id: str = CALLER_USER_ID) -> tuple[int, object]:
    """GET /voices. query maps each parameter to its values (`expand[]` may repeat);
    `catalog` is what the caller can see, in listing order (default: the built-in catalog)."""
    api = VOICE_API[version]
    if not api.paginated:
        return 200, [render_voice(v, api, (), base_url, user_id) for v in catalog]
    try:
        return 200, _page(query, api, version, base_url, catalog, user_id)
    except _BadRequest as error:
        return 400, error.body
